/**
 * Field-level difference between two fiche data documents: one change per leaf path (JSON Pointer) whose
 * value differs. Repeated rows compare by index, as the form shows them. Pure.
 */
export interface FieldChange {
  path: string
  before: unknown
  after: unknown
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const escapeKey = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1')

/**
 * @example diffData({ a: 1, b: 2 }, { a: 1, b: 3, c: 4 }) // [{ path: '/b', before: 2, after: 3 }, { path: '/c', before: null, after: 4 }]
 */
export function diffData(before: unknown, after: unknown, path = ''): FieldChange[] {
  // An added or removed row/group is reported field by field, like an edited one.
  const objects = (isObject(before) || before === undefined) && (isObject(after) || after === undefined)
  if (objects && (isObject(before) || isObject(after))) {
    const b = (before ?? {}) as Record<string, unknown>
    const a = (after ?? {}) as Record<string, unknown>
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()
    return keys.flatMap((k) => diffData(b[k], a[k], `${path}/${escapeKey(k)}`))
  }
  if (Array.isArray(before) && Array.isArray(after) && before.every(isObject) && after.every(isObject)) {
    const length = Math.max(before.length, after.length)
    return Array.from({ length }, (_, i) => diffData(before[i], after[i], `${path}/${i}`)).flat()
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return []
  return [{ path: path || '/', before: before ?? null, after: after ?? null }]
}
