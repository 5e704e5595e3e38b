/**
 * P3: the reporting periods a PUT sets (`metadata.reportPeriodicity`, an ISO 8601 duration), counted from
 * the template's effective date, and the check of a period asked for. Dates are calendar days (UTC). Pure.
 */
import { problem } from '../../errors.ts'

const ISO_DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

export interface Period {
  from: string
  to: string
}

/** The instants a period covers: from its first day's midnight to the midnight after its last day (UTC). */
export function periodBounds(period: Period): { start: Date; end: Date } {
  const start = new Date(`${period.from}T00:00:00Z`)
  const last = new Date(`${period.to}T00:00:00Z`)
  const valid =
    ISO_DAY.test(period.from) &&
    ISO_DAY.test(period.to) &&
    start.toISOString().startsWith(period.from) &&
    last.toISOString().startsWith(period.to) &&
    start <= last
  if (!valid) throw problem('invalid-period', { from: period.from, to: period.to })
  return { start, end: new Date(last.getTime() + 86_400_000) }
}

const day = (d: Date) => d.toISOString().slice(0, 10)

/** `date` moved by an ISO duration (`P6M`, `P1Y`, `P2W`, `P14D`), months clamped like calendars do. */
export function addDuration(date: Date, duration: string): Date {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(duration)
  if (!m) return date
  const [, y = '0', mo = '0', w = '0', d = '0'] = m
  const out = new Date(date)
  const months = Number(y) * 12 + Number(mo)
  if (months) {
    const target = out.getUTCMonth() + months
    out.setUTCDate(1)
    out.setUTCMonth(target)
    const lastDay = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate()
    out.setUTCDate(Math.min(date.getUTCDate(), lastDay))
  }
  out.setUTCDate(out.getUTCDate() + Number(w) * 7 + Number(d))
  return out
}

/** The periods from `effectiveDate` by `periodicity` up to the one containing `today` (at most 240). */
export function reportPeriods(effectiveDate: string, periodicity: string | undefined, today: Date): Period[] {
  if (!periodicity) return []
  const periods: Period[] = []
  let start = new Date(`${effectiveDate}T00:00:00Z`)
  while (start <= today && periods.length < 240) {
    const next = addDuration(start, periodicity)
    if (next <= start) break
    periods.push({ from: day(start), to: day(new Date(next.getTime() - 86_400_000)) })
    start = next
  }
  return periods
}
