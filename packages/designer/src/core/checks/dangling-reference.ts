/**
 * A condition reads only items its fiche collects (or, for a column, the columns of its row), and a
 * visit names an existing fiche. Anything else would hide a question forever or plan an impossible visit.
 */
import type { Template } from '../model/template-schema.ts'
import { type TemplateFacts, templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

export const danglingReference: Check = (template, facts = templateFacts(template)) => [
  ...conditions(template, facts),
  ...visits(template),
]

function conditions(template: Template, { catalogue, conditions }: TemplateFacts): Hit[] {
  return conditions.flatMap(({ leaf, path, scope, source }): Hit[] => {
    if (source) return []
    const at = [...path, 'item']
    if (scope.kind === 'row') {
      return [{ path: at, params: { reason: 'not-in-row', item: leaf.item, repeat: scope.repeat.id } }]
    }
    const indexed = catalogue.get(leaf.item)
    if (!indexed) return [{ path: at, params: { reason: 'unknown-item', item: leaf.item } }]
    if (scope.kind === 'catalogue') {
      return [
        {
          path: at,
          params: { reason: 'column-outside-row', item: leaf.item, repeat: indexed.parent?.id ?? '' },
        },
      ]
    }
    const fiche = template.fiches[scope.ficheIndex]?.id ?? ''
    return [{ path: at, params: { reason: 'not-in-fiche', item: leaf.item, fiche } }]
  })
}

function visits(template: Template): Hit[] {
  const fiches = new Set(template.fiches.map((fiche) => fiche.id))
  const check = (list: 'visits' | 'repeating') =>
    (template.schedule?.[list] ?? []).flatMap((visit, i): Hit[] =>
      fiches.has(visit.fiche)
        ? []
        : [
            {
              path: ['schedule', list, i, 'fiche'],
              params: { reason: 'unknown-fiche', visit: visit.id, fiche: visit.fiche },
            },
          ],
    )
  return [...check('visits'), ...check('repeating')]
}
