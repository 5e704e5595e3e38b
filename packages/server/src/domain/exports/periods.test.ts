import { describe, expect, it } from 'vitest'
import { addDuration, periodBounds, reportPeriods } from './periods.ts'

describe('report periods', () => {
  it('P3: the PUT’s periodicity cuts periods from the effective date up to the current one', () => {
    expect(reportPeriods('2026-01-15', 'P6M', new Date('2027-02-01T00:00:00Z'))).toEqual([
      { from: '2026-01-15', to: '2026-07-14' },
      { from: '2026-07-15', to: '2027-01-14' },
      { from: '2027-01-15', to: '2027-07-14' },
    ])
    expect(reportPeriods('2026-01-15', undefined, new Date('2027-02-01T00:00:00Z'))).toEqual([])
  })

  it.each([
    ['2026-01-31', 'P1M', '2026-02-28'],
    ['2024-02-29', 'P1Y', '2025-02-28'],
    ['2026-03-01', 'P2W', '2026-03-15'],
    ['2026-12-20', 'P14D', '2027-01-03'],
  ])('%s + %s = %s', (from, duration, expected) => {
    expect(
      addDuration(new Date(`${from}T00:00:00Z`), duration)
        .toISOString()
        .slice(0, 10),
    ).toBe(expected)
  })

  it('a period covers its last day whole, and an inverted or impossible one is refused', () => {
    expect(periodBounds({ from: '2026-01-01', to: '2026-06-30' })).toEqual({
      start: new Date('2026-01-01T00:00:00Z'),
      end: new Date('2026-07-01T00:00:00Z'),
    })
    for (const period of [
      { from: '2026-07-01', to: '2026-06-30' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-1-1', to: '2026-03-01' },
    ]) {
      expect(() => periodBounds(period)).toThrow(expect.objectContaining({ code: 'invalid-period' }))
    }
  })
})
