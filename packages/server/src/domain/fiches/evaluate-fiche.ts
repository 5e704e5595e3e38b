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
  const data = { ...input }
  const pruned: FicheData = {}
  // Removing one value can switch off another branch ("si oui, préciser" chains): iterate to a fixpoint.
  for (let changed = true; changed; ) {
    changed = false
    for (const [itemId, predicate] of validator.relevance) {
      if (itemId in data && !predicate(data)) {
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
  const outsidePut = (validator.validate.errors ?? [])
    .filter((e) => e.keyword === 'additionalProperties')
    .map((e) => toPointer(e.instancePath, e.params.additionalProperty))
  if (outsidePut.length > 0) return { ok: false, outsidePut: [...new Set(outsidePut)].sort() }
  const { data, pruned } = prune(validator, input)
  validator.validate(data)
  const issues = issuesOf(validator.validate.errors)
  const relevant = new Set(validator.itemIds)
  for (const [itemId, predicate] of validator.relevance) if (!predicate(data)) relevant.delete(itemId)
  const missingCount = [...relevant].filter((itemId) => isEmpty(data[itemId])).length
  return { ok: true, data, pruned, issues, missingCount }
}
