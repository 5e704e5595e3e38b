import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { orderFor } from './collation.ts'

const collator = new Intl.Collator()
const sorted = (values: string[], compare: (a: string, b: string) => number) => [...values].sort(compare)
const keys = (chars: string) =>
  fc.array(fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 }), { maxLength: 60 })

describe('orderFor', () => {
  it('orders registration numbers (digits, hyphens, capitals) exactly as the collator does', () => {
    fc.assert(
      fc.property(keys('0123456789-ABCDEFXYZ'), (values) => {
        expect(sorted(values, orderFor(values, collator))).toEqual(
          sorted(values, (a, b) => collator.compare(a, b)),
        )
      }),
    )
  })

  it('orders uuids (digits, hyphens, small letters) exactly as the collator does', () => {
    fc.assert(
      fc.property(keys('0123456789-abcdef'), (values) => {
        expect(sorted(values, orderFor(values, collator))).toEqual(
          sorted(values, (a, b) => collator.compare(a, b)),
        )
      }),
    )
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]
    expect(sorted(ids, orderFor(ids, collator))).toEqual(sorted(ids, (a, b) => collator.compare(a, b)))
  })

  it('falls back to the collator for mixed case, accents or other characters', () => {
    // Code-point order would put « B » before « a » and « é » after « z »; the collator does not.
    for (const values of [
      ['a', 'B'],
      ['zèbre', 'éclair'],
      ['x y', 'x-y'],
    ]) {
      const order = orderFor(values, collator)
      expect(sorted(values, order)).toEqual(sorted(values, (a, b) => collator.compare(a, b)))
    }
    expect(sorted(['a', 'B'], orderFor(['a', 'B'], collator))).toEqual(['a', 'B'])
  })
})
