/**
 * Required-ness of a set of sibling items: unconditional ones in `required`, the others as
 * `if <relevance> then required`, one clause per distinct predicate.
 */
import { canonicalJson } from './canonical-json.ts'
import type { JsonSchema } from './types.ts'

export interface RequiredEntry {
  id: string
  required: boolean
  /** Predicate under which the item is relevant; absent when it always is. */
  relevance?: JsonSchema | undefined
}

/** `required` and `allOf` keywords to merge into an object schema (each only when non-empty). */
export function requiredKeywords(entries: RequiredEntry[]): JsonSchema {
  const always: string[] = []
  const clauses = new Map<string, { if: JsonSchema; then: { required: string[] } }>()
  for (const entry of entries) {
    if (!entry.required) continue
    if (!entry.relevance) {
      always.push(entry.id)
      continue
    }
    // Items under the same predicate share one clause: fewer `if`s for ajv, and a shorter schema to review.
    const key = canonicalJson(entry.relevance)
    const clause = clauses.get(key)
    if (clause) clause.then.required.push(entry.id)
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited.
    else clauses.set(key, { if: entry.relevance, then: { required: [entry.id] } })
  }
  return {
    ...(always.length > 0 ? { required: always } : {}),
    ...(clauses.size > 0 ? { allOf: [...clauses.values()] } : {}),
  }
}
