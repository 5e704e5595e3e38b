/**
 * C1.3 and C11.1: the platform collects PUT data, it does not order, deliver or bill medicines. Flags
 * supply-chain words in what a fiche shows or collects (see `logistics-terms.ts` for the term list).
 */
import type { Path } from '../model/location.ts'
import { logisticsTerm } from './logistics-terms.ts'
import { templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

/** Scans every text a lab user or a hospital user reads in the forms, in file order. */
export const noLogistics: Check = (template, facts = templateFacts(template)) => {
  const hits: Hit[] = []
  // The path is built only for a text that has a term: almost none do, and there are thousands of texts.
  const scan = (text: string | undefined, at: Path, ...keys: Path) => {
    if (text === undefined) return
    const term = logisticsTerm(text)
    if (term) hits.push({ path: [...at, ...keys], params: { term, text } })
  }
  template.catalogue.forEach((group, g) => {
    scan(group.title, ['catalogue', g, 'title'])
  })
  for (const { item, path } of facts.items) {
    scan(item.id, path, 'id')
    scan(item.label, path, 'label')
    scan(item.help, path, 'help')
    item.options?.forEach((option, o) => {
      scan(option.code, path, 'options', o, 'code')
      scan(option.label, path, 'options', o, 'label')
    })
  }
  template.fiches.forEach((fiche, f) => {
    scan(fiche.title, ['fiches', f, 'title'])
    scan(fiche.description, ['fiches', f, 'description'])
    fiche.sections.forEach((section, s) => {
      const at = ['fiches', f, 'sections', s]
      scan(section.title, at, 'title')
      scan(section.description, at, 'description')
      section.elements.forEach((element, e) => {
        if ('note' in element) scan(element.note, at, 'elements', e, 'note')
      })
    })
  })
  for (const [r, resource] of (template.documents?.resources ?? []).entries()) {
    scan(resource.title, ['documents', 'resources', r, 'title'])
  }
  return hits
}
