/**
 * A column of a repeated-rows item cannot itself repeat: neither the forms nor the exports have a
 * table inside a table, and PUT annexes never need one.
 */
import { templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

export const nestedRepeat: Check = (template, facts = templateFacts(template)) =>
  facts.items.flatMap(({ item, path, parent }): Hit[] =>
    parent && item.type === 'repeat'
      ? [{ path: [...path, 'type'], params: { item: item.id, repeat: parent.id } }]
      : [],
  )
