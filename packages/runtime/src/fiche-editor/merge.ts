/**
 * Three-way merge of fiche data, field by field (top-level items; a repeated item's rows count as one
 * field): what I changed since my base, what was saved meanwhile, and the fields where both changed
 * differently, which the user decides. Pure.
 */
import type { FicheData } from '../api/types.ts'

export type FieldOutcome =
  /** Only I changed it: my value is kept. */
  | 'mine'
  /** Only the saved version changed it: its value is taken. */
  | 'theirs'
  /** Both changed it to the same value. */
  | 'same'
  /** Both changed it differently: the user picks. */
  | 'conflict'

export interface FieldMerge {
  key: string
  base: unknown
  mine: unknown
  theirs: unknown
  outcome: FieldOutcome
}

export interface MergePlan {
  /** Every field that changed on either side, in the fiche's order when given. */
  fields: FieldMerge[]
  conflicts: FieldMerge[]
}

/** Key-order-independent JSON, for comparing values. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return value === undefined ? 'undefined' : JSON.stringify(value)
}

export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b)

export function planMerge(
  base: FicheData,
  mine: FicheData,
  theirs: FicheData,
  order: string[] = [],
): MergePlan {
  const keys = [...new Set([...order, ...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)])]
  const fields: FieldMerge[] = []
  for (const key of keys) {
    const b = base[key]
    const m = mine[key]
    const t = theirs[key]
    const iChanged = !sameValue(b, m)
    const theyChanged = !sameValue(b, t)
    if (!iChanged && !theyChanged) continue
    const outcome: FieldOutcome = !theyChanged
      ? 'mine'
      : !iChanged
        ? 'theirs'
        : sameValue(m, t)
          ? 'same'
          : 'conflict'
    fields.push({ key, base: b, mine: m, theirs: t, outcome })
  }
  return { fields, conflicts: fields.filter((f) => f.outcome === 'conflict') }
}

/**
 * The merged data: the saved version, with my changes applied where I alone changed a field and the
 * user's choice (`mine` or `theirs`) for each conflict. A conflict without a choice keeps the saved value.
 */
export function applyMerge(
  plan: MergePlan,
  theirs: FicheData,
  choices: Record<string, 'mine' | 'theirs'>,
): FicheData {
  const merged: FicheData = { ...theirs }
  for (const field of plan.fields) {
    const takeMine =
      field.outcome === 'mine' || (field.outcome === 'conflict' && choices[field.key] === 'mine')
    if (!takeMine) continue
    if (field.mine === undefined) delete merged[field.key]
    else merged[field.key] = field.mine
  }
  return merged
}
