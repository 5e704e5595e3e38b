/**
 * A section without any element shows an empty page or tab. It harms nothing stored, hence a warning:
 * usually a leftover from editing.
 */
import type { Check, Hit } from './types.ts'

export const emptySection: Check = (template) =>
  template.fiches.flatMap((fiche, f) =>
    fiche.sections.flatMap((section, s): Hit[] =>
      section.elements.length > 0
        ? []
        : [
            {
              path: ['fiches', f, 'sections', s, 'elements'],
              params: { fiche: fiche.id, section: section.id },
            },
          ],
    ),
  )
