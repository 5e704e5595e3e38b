/**
 * A text item's `pattern` runs on every value the server receives: it must be a valid regular expression
 * (as ajv compiles it, with the `u` flag) and free of catastrophic backtracking (`safe-regex2`).
 */
import safeRegex from 'safe-regex2'
import { templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

export const unsafeRegex: Check = (template, facts = templateFacts(template)) =>
  facts.items.flatMap(({ item, path }): Hit[] => {
    if (item.pattern === undefined) return []
    const at = [...path, 'pattern']
    const params = { item: item.id, pattern: item.pattern }
    try {
      new RegExp(item.pattern, 'u')
    } catch {
      return [{ path: at, params: { ...params, reason: 'invalid' } }]
    }
    return safeRegex(item.pattern) ? [] : [{ path: at, params: { ...params, reason: 'unsafe' } }]
  })
