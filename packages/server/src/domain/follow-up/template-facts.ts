/**
 * What follow-up needs from a published template: its schedule, each fiche's date (the anchor item for the
 * anchor fiche, the first date item otherwise: `date_visite`, `date_arret`…), the stop and FAT fiches. Pure.
 */
import { ficheDateItems, type Schedule } from '@openput/designer'
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
  const dateItems = ficheDateItems(template)
  const fiches = new Map<string, FicheFacts>()
  for (const f of template.fiches) {
    fiches.set(f.id, {
      ficheId: f.id,
      kind: f.kind,
      title: f.title,
      dateItem: dateItems.get(f.id) ?? null,
      requiredSigners: [...(f.signatures?.required ?? [])],
    })
  }
  return { templateVersionId, version, schedule: template.schedule, fiches }
}
