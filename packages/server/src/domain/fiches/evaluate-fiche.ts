/**
 * What the server does to fiche data before storing it: refuse items the published fiche does not define
 * (C1.1), prune values of inactive conditional branches (recording what was removed), then validate and
 * count the missing items (C7.2). Pure: no database.
 */
import type { ErrorObject } from 'ajv'
import localizeFr from 'ajv-i18n/localize/fr/index.js'
import type { ValidationIssue } from '../../db/database.ts'
import type { FicheValidator } from './validators.ts'

export type FicheData = Record<string, unknown>

export type Evaluation =
  | { ok: false; outsidePut: string[] }
  | { ok: true; data: FicheData; pruned: FicheData; issues: ValidationIssue[]; missingCount: number }

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)

const toPointer = (instancePath: string, property?: unknown) =>
  property === undefined ? instancePath || '/' : `${instancePath}/${String(property)}`

function issuesOf(errors: ErrorObject[] | null | undefined): ValidationIssue[] {
  if (!errors) return []
  localizeFr(errors)
  return (
    errors
      // `if` only repeats that its `then` failed; the `then` branch's own error says what is wrong.
      .filter((e) => e.keyword !== 'if')
      .map((e) => ({
        path: toPointer(e.instancePath, e.keyword === 'required' ? e.params.missingProperty : undefined),
        keyword: e.keyword,
        message: e.message ?? e.keyword,
      }))
  )
}

/** Removes the values of items whose relevance predicate fails, until nothing more changes. */
function prune(validator: FicheValidator, input: FicheData) {
  let data = input
  const pruned: FicheData = {}
  // Removing one value can switch off another branch ("si oui, préciser" chains): iterate to a fixpoint.
  for (let changed = true; changed; ) {
    changed = false
    for (const [itemId, predicate] of validator.relevance) {
      if (itemId in data && !predicate(data)) {
        // Copied at the first removal only: most writes prune nothing, and copying 200 fields costs.
        if (data === input) data = { ...input }
        pruned[itemId] = data[itemId]
        delete data[itemId]
        changed = true
      }
    }
  }
  return { data, pruned }
}

export function evaluateFiche(validator: FicheValidator, input: FicheData): Evaluation {
  validator.validate(input)
  const inputErrors = validator.validate.errors
  const outsidePut = (inputErrors ?? [])
    .filter((e) => e.keyword === 'additionalProperties')
    .map((e) => toPointer(e.instancePath, e.params.additionalProperty))
  if (outsidePut.length > 0) return { ok: false, outsidePut: [...new Set(outsidePut)].sort() }
  const { data, pruned } = prune(validator, input)
  // Nothing pruned: the data is the input, already validated above; validate again only if it changed.
  const changed = data !== input
  if (changed) validator.validate(data)
  const issues = issuesOf(changed ? validator.validate.errors : inputErrors)
  const irrelevant = new Set(
    validator.relevance.filter(([, predicate]) => !predicate(data)).map(([id]) => id),
  )
  const missingCount = validator.itemIds.filter((id) => !irrelevant.has(id) && isEmpty(data[id])).length
  return { ok: true, data, pruned, issues, missingCount }
}
