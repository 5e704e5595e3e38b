/**
 * A fiche that collects no item is a form with nothing to fill in: it would appear on dashboards as
 * never complete, or always complete, and means nothing for the PUT.
 */
import type { Check, Hit } from './types.ts'

export const emptyFiche: Check = (template) =>
  template.fiches.flatMap((fiche, f): Hit[] => {
    const collects = fiche.sections.some((section) => section.elements.some((element) => 'item' in element))
    return collects
      ? []
      : [{ path: ['fiches', f, 'sections'], params: { fiche: fiche.id, sections: fiche.sections.length } }]
  })
