/**
 * Ordering many keys the way `Intl.Collator` does, fast. Registration numbers (`EXA-011842`) and uuids are
 * made of digits, hyphens and letters of one case; for such strings the collation order (hyphen, then
 * digits, then letters, compared character by character at the primary level) is the code-point order,
 * which compares without calling into ICU: a national report sorts 20,000 records on these keys.
 */
const LOWER = /^[0-9a-z-]*$/
const UPPER = /^[0-9A-Z-]*$/

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** A comparison of these values that gives `collator`'s order: code-point order when that is the same. */
export function orderFor(
  values: Iterable<string>,
  collator: Intl.Collator,
): (a: string, b: string) => number {
  let lower = true
  let upper = true
  for (const v of values) {
    if (lower && !LOWER.test(v)) lower = false
    if (upper && !UPPER.test(v)) upper = false
    if (!lower && !upper) return (a, b) => collator.compare(a, b)
  }
  return byCodePoint
}
