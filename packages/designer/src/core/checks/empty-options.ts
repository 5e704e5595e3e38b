/**
 * A choice needs options to choose from, each code once; a repeated-rows item needs columns. Without
 * them the form shows a question nobody can answer.
 */
import type { ColumnItem, Item } from '../model/template-schema.ts'
import { templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

const CHOICES = new Set(['single-choice', 'multiple-choice'])

export const emptyOptions: Check = (template, facts = templateFacts(template)) =>
  facts.items.flatMap(({ item, path, parent }): Hit[] => {
    // A column cannot repeat at all: `nested-repeat` reports it, not its missing columns.
    if (item.type === 'repeat' && parent) return []
    if (item.type === 'repeat') {
      const columns = (item as Item).columns ?? []
      return columns.length > 0
        ? []
        : [{ path: [...path, 'type'], params: { reason: 'no-columns', item: item.id } }]
    }
    if (!CHOICES.has(item.type)) return []
    const options = item.options ?? []
    if (item.optionsFrom && options.length > 0) {
      return [
        { path: [...path, 'options'], params: { reason: 'both', item: item.id, source: item.optionsFrom } },
      ]
    }
    if (!item.optionsFrom && options.length === 0) {
      return [{ path: [...path, 'type'], params: { reason: 'no-options', item: item.id } }]
    }
    return duplicateCodes(item).map((o) => ({
      path: [...path, 'options', o, 'code'],
      params: { reason: 'duplicate-code', item: item.id, code: options[o]?.code ?? '' },
    }))
  })

/** Indexes of options whose code an earlier option already uses. */
function duplicateCodes(item: Item | ColumnItem): number[] {
  const seen = new Set<string>()
  return (item.options ?? []).flatMap((option, o) => {
    if (seen.has(option.code)) return [o]
    seen.add(option.code)
    return []
  })
}
