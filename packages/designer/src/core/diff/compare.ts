/**
 * Small pure helpers the diff comparers share: structural equality that ignores key order, and
 * matching two lists by a stable key.
 */
import type { ChangeDraft } from './types.ts'

export type Emit = (change: ChangeDraft) => void

/** Canonical JSON: object keys sorted, `undefined` members dropped, so equal meaning gives equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return value === undefined ? 'null' : JSON.stringify(value)
}

export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return canonical(a) === canonical(b)
}

export interface Keyed<T> {
  value: T
  index: number
}

/** Entries by key, first occurrence winning (duplicates are the checks' business, not the diff's). */
export function byKey<T>(list: readonly T[] | undefined, key: (value: T) => string): Map<string, Keyed<T>> {
  const map = new Map<string, Keyed<T>>()
  list?.forEach((value, index) => {
    const k = key(value)
    if (!map.has(k)) map.set(k, { value, index })
  })
  return map
}

/** The keys both maps hold, in B's order. */
export function commonKeys<T>(a: Map<string, T>, b: Map<string, T>): string[] {
  return [...b.keys()].filter((k) => a.has(k))
}

/** Same members, order ignored. */
export function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return canonical([...(a ?? [])].sort()) === canonical([...(b ?? [])].sort())
}

export function sortedCopy(list: readonly string[] | undefined): string[] {
  return [...(list ?? [])].sort()
}
