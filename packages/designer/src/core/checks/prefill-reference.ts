/**
 * C8.1: an item equivalence prefills an item this fiche collects, from another programme: an equivalence
 * naming an item the fiche does not collect would prefill nothing (or a value outside the fiche, C1.1).
 * Whether the source item exists and fits is checked against the source template (`prefillMismatches`).
 */
import type { Check, Hit } from './types.ts'

export const prefillReference: Check = (template, facts) =>
  template.fiches.flatMap((fiche, f) =>
    (fiche.prefill ?? []).flatMap((source, s): Hit[] => {
      const path = ['fiches', f, 'prefill', s]
      const self: Hit[] =
        source.from.programme === template.programme
          ? [{ path: [...path, 'from', 'programme'], params: { reason: 'same-programme', fiche: fiche.id } }]
          : []
      const dangling = Object.keys(source.items).flatMap((item): Hit[] =>
        facts?.collected[f]?.has(item)
          ? []
          : [{ path: [...path, 'items', item], params: { reason: 'not-in-fiche', item, fiche: fiche.id } }],
      )
      return [...self, ...dangling]
    }),
  )
