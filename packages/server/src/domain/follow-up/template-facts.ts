/**
 * What follow-up needs from a published template: its schedule, each fiche's date (the anchor item for the
 * anchor fiche, the first date item otherwise: `date_visite`, `date_arret`…), the stop and FAT fiches. Pure.
 */
import { indexCatalogue, type Schedule } from '@openput/designer'
import type { HospitalRole } from '../../db/database.ts'
import type { Template } from '../templates/designer.ts'

export interface FicheFacts {
  ficheId: string
  kind: string
  title: string
  /** The item whose value dates a fiche of this kind; null when the fiche has no date item. */
  dateItem: string | null
  /** C5.5: the roles whose signatures make a FAT signed. */
  requiredSigners: HospitalRole[]
}

export interface TemplateFacts {
  templateVersionId: string
  version: string
  schedule: Schedule | undefined
  fiches: Map<string, FicheFacts>
}

export function templateFacts(templateVersionId: string, version: string, template: Template): TemplateFacts {
  const catalogue = indexCatalogue(template)
  const anchor = template.schedule?.anchor
  const fiches = new Map<string, FicheFacts>()
  for (const f of template.fiches) {
    const items = f.sections.flatMap((s) => s.elements.flatMap((e) => ('item' in e ? [e.item] : [])))
    const firstDate = items.find((id) => catalogue.get(id)?.item.type === 'date') ?? null
    fiches.set(f.id, {
      ficheId: f.id,
      kind: f.kind,
      title: f.title,
      dateItem: anchor && anchor.fiche === f.id ? anchor.item : firstDate,
      requiredSigners: [...(f.signatures?.required ?? [])],
    })
  }
  return { templateVersionId, version, schedule: template.schedule, fiches }
}
