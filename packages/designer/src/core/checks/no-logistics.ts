/**
 * C1.3 and C11.1: the platform collects PUT data, it does not order, deliver or bill medicines. Flags
 * supply-chain words in what a fiche shows or collects (see `logistics-terms.ts` for the term list).
 */
import type { Path } from '../model/location.ts'
import type { Template } from '../model/template-schema.ts'
import { logisticsTerm } from './logistics-terms.ts'
import { everyItem } from './template-walk.ts'
import type { Check, Hit } from './types.ts'

interface Text {
  path: Path
  text: string
}

export const noLogistics: Check = (template) =>
  texts(template).flatMap(({ path, text }): Hit[] => {
    const term = logisticsTerm(text)
    return term ? [{ path, params: { term, text } }] : []
  })

/** Every text a lab user or a hospital user reads in the forms, with where it is written. */
function texts(template: Template): Text[] {
  const out: Text[] = []
  const add = (path: Path, text: string | undefined) => {
    if (text !== undefined) out.push({ path, text })
  }
  template.catalogue.forEach((group, g) => {
    add(['catalogue', g, 'title'], group.title)
  })
  for (const { item, path } of everyItem(template)) {
    add([...path, 'id'], item.id)
    add([...path, 'label'], item.label)
    add([...path, 'help'], item.help)
    item.options?.forEach((option, o) => {
      add([...path, 'options', o, 'code'], option.code)
      add([...path, 'options', o, 'label'], option.label)
    })
  }
  template.fiches.forEach((fiche, f) => {
    add(['fiches', f, 'title'], fiche.title)
    add(['fiches', f, 'description'], fiche.description)
    fiche.sections.forEach((section, s) => {
      add(['fiches', f, 'sections', s, 'title'], section.title)
      add(['fiches', f, 'sections', s, 'description'], section.description)
      section.elements.forEach((element, e) => {
        if ('note' in element) add(['fiches', f, 'sections', s, 'elements', e, 'note'], element.note)
      })
    })
  })
  for (const [r, resource] of (template.documents?.resources ?? []).entries()) {
    add(['documents', 'resources', r, 'title'], resource.title)
  }
  return out
}
