/**
 * C1.1: the platform collects all the PUT's data items, not only none outside it. A catalogue item that
 * no fiche collects is a PUT field the forms forgot; columns are collected through their repeated item.
 */
import { templateFacts } from './template-facts.ts'
import type { Check } from './types.ts'

export const putItemNotCollected: Check = (template, facts = templateFacts(template)) => {
  const collected = facts.fichesCollecting
  const seen = new Set<string>()
  return template.catalogue.flatMap((group, g) =>
    group.items.flatMap((item, i) => {
      // A repeated id is `duplicate-id`'s to report; judging the copy here would report it twice.
      if (seen.has(item.id)) return []
      seen.add(item.id)
      if (collected.has(item.id)) return []
      return [
        {
          path: ['catalogue', g, 'items', i, 'id'],
          params: { item: item.id, label: item.label, group: group.title },
        },
      ]
    }),
  )
}
