import { describe, expect, it } from 'vitest'
import { digestPeriod, isoWeek } from './reminders.ts'

describe('overdue-visit digest periods', () => {
  it.each([
    ['2026-11-23', '2026-W48'], // a Monday
    ['2026-11-29', '2026-W48'], // the Sunday of the same week
    ['2027-01-01', '2026-W53'], // a Friday that belongs to the previous ISO year
    ['2024-12-30', '2025-W01'], // a Monday that belongs to the next ISO year
  ])('%s is in ISO week %s', (day, week) => expect(isoWeek(new Date(`${day}T12:00:00Z`))).toBe(week))

  it.each([
    // cadence, day of week, instant, period
    ['daily', 1, '2026-11-25T05:59:00Z', null],
    ['daily', 1, '2026-11-25T06:00:00Z', 'day:2026-11-25'],
    ['weekly', 3, '2026-11-24T12:00:00Z', null], // Tuesday, before the Wednesday set
    ['weekly', 3, '2026-11-25T12:00:00Z', 'week:2026-W48'],
    ['weekly', 3, '2026-11-28T12:00:00Z', 'week:2026-W48'], // a tick missed on Wednesday sends later that week
    ['weekly', 7, '2026-11-29T07:00:00Z', 'week:2026-W48'],
  ] as const)('%s on day %i at %s → %s', (cadence, dayOfWeek, instant, period) =>
    expect(digestPeriod({ cadence, dayOfWeek }, new Date(instant))).toBe(period),
  )
})
