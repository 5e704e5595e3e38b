/**
 * C7.1: a patient's planned visits from the template's schedule (offsets from the anchor date, windows,
 * repeating visits until the stop), each matched to the fiche that answers it and given its state. Pure.
 */
import type { Schedule } from '@openput/designer'

export type VisitState = 'done' | 'due' | 'overdue' | 'upcoming'

/** A fiche that may answer a planned visit, as the database gives it. */
export interface VisitFiche {
  id: string
  ficheId: string
  status: 'draft' | 'submitted'
  /** The key the fiche was opened for (`POST /api/fiches` `plannedVisitId`), if any. */
  plannedVisitId: string | null
  /** The fiche's own visit date (its first date item), else the day it was first submitted, else opened. */
  date: string | null
  createdAt: string
}

export interface PlannedVisit {
  /** `m1` for a fixed visit, `<repeating id>-<n>` for the nth occurrence of a repeating one. */
  key: string
  visitId: string
  occurrence: number
  label: string
  ficheId: string
  dueDate: string
  windowStart: string
  windowEnd: string
  state: VisitState
  fiche: null | { id: string; status: 'draft' | 'submitted'; date: string | null; late: boolean }
}

export interface PlanInput {
  schedule: Schedule | undefined
  /** The anchor item's value (usually the initiation date); null: not initiated, nothing is planned. */
  initiationDate: string | null
  /** The definitive stop; no visit is planned after it (a visit already answered stays). */
  stopDate: string | null
  fiches: readonly VisitFiche[]
  /** The calendar day states are computed for. */
  today: string
}

export interface Plan {
  visits: PlannedVisit[]
  /** Fiche instance id → the key of the visit it answers (fiches of the schedule only). */
  matchedFiches: Map<string, string>
}

/** A repeating visit without `until` and without a stop is planned up to this many occurrences at most. */
export const MAX_OCCURRENCES = 400

interface Duration {
  months: number
  days: number
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/

/** `P1Y6M` → 18 months; `P2W3D` → 17 days. The template format accepts nothing else. */
export function parseDuration(text: string): Duration {
  const m = DURATION.exec(text)
  if (!m) throw new RangeError(`not an ISO 8601 duration of the template format: ${text}`)
  const n = (i: number) => Number(m[i] ?? 0)
  return { months: n(1) * 12 + n(2), days: n(3) * 7 + n(4) }
}

const scale = (d: Duration, k: number): Duration => ({ months: d.months * k, days: d.days * k })
const plus = (a: Duration, b: Duration): Duration => ({ months: a.months + b.months, days: a.days + b.days })

const toDate = (day: string) => new Date(`${day}T00:00:00Z`)
const toDay = (date: Date) => date.toISOString().slice(0, 10)

/**
 * Calendar arithmetic: months first, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb),
 * then days. A whole offset is added at once so that repeating occurrences never drift.
 */
export function addDuration(day: string, d: Duration, sign: 1 | -1 = 1): string {
  const date = toDate(day)
  const y = date.getUTCFullYear()
  const m = date.getUTCMonth() + sign * d.months
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  const moved = new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay)))
  moved.setUTCDate(moved.getUTCDate() + sign * d.days)
  return toDay(moved)
}

export const daysBetween = (from: string, to: string) =>
  Math.round((toDate(to).getTime() - toDate(from).getTime()) / 86_400_000)

interface Slot {
  key: string
  visitId: string
  occurrence: number
  label: string
  ficheId: string
  dueDate: string
  windowStart: string
  windowEnd: string
}

const ZERO: Duration = { months: 0, days: 0 }

function slot(
  anchor: string,
  offset: Duration,
  v: { id: string; label: string; fiche: string; window?: { before?: string; after?: string } | undefined },
  occurrence: number | null,
): Slot {
  const dueDate = addDuration(anchor, offset)
  const before = v.window?.before ? parseDuration(v.window.before) : ZERO
  const after = v.window?.after ? parseDuration(v.window.after) : ZERO
  const at = offset.days === 0 ? `M${offset.months}` : `J${daysBetween(anchor, dueDate)}`
  return {
    key: occurrence === null ? v.id : `${v.id}-${occurrence}`,
    visitId: v.id,
    occurrence: occurrence ?? 1,
    label: occurrence === null ? v.label : `${v.label} (${at})`,
    ficheId: v.fiche,
    dueDate,
    windowStart: addDuration(dueDate, before, -1),
    windowEnd: addDuration(dueDate, after),
  }
}

/**
 * The slots of a schedule: fixed visits, then each repeating visit's occurrences until its `until` or the
 * first occurrence whose window opens after the horizon (today, or the stop, or the last fiche's date).
 */
function slotsOf(schedule: Schedule, anchor: string, horizon: string): Slot[] {
  const slots = (schedule.visits ?? []).map((v) => slot(anchor, parseDuration(v.offset), v, null))
  for (const r of schedule.repeating ?? []) {
    const from = parseDuration(r.from)
    const every = parseDuration(r.every)
    const until = r.until ? addDuration(anchor, parseDuration(r.until)) : null
    // A zero period would repeat the same day forever.
    const count = every.months === 0 && every.days === 0 ? 1 : MAX_OCCURRENCES
    for (let n = 1; n <= count; n++) {
      const s = slot(anchor, plus(from, scale(every, n - 1)), r, n)
      if (until && s.dueDate > until) break
      slots.push(s)
      if (s.windowStart > horizon) break
    }
  }
  return slots.sort(
    (a, b) =>
      a.dueDate.localeCompare(b.dueDate) || a.ficheId.localeCompare(b.ficheId) || a.key.localeCompare(b.key),
  )
}

/**
 * Which fiche answers which visit: first the fiches opened for a visit (their `plannedVisitId`), then by
 * date, oldest fiche first: a fiche dated inside a visit's window answers it (the nearest due date when
 * windows overlap); a fiche dated after a window and before the next one answers that visit late; a fiche
 * dated before any window, or inside a window already answered, answers none (an extra visit).
 */
function match(slots: Slot[], fiches: readonly VisitFiche[]) {
  const byVisit = new Map<string, VisitFiche>()
  const matched = new Map<string, string>()
  const keys = new Set(slots.map((s) => s.key))
  const assign = (s: Slot, f: VisitFiche) => {
    byVisit.set(s.key, f)
    matched.set(f.id, s.key)
  }
  for (const f of fiches) {
    const s =
      f.plannedVisitId && keys.has(f.plannedVisitId) ? slots.find((x) => x.key === f.plannedVisitId) : null
    if (s && s.ficheId === f.ficheId && !byVisit.has(s.key)) assign(s, f)
  }
  const rest = fiches
    .filter((f) => !matched.has(f.id) && f.date !== null)
    .sort(
      (a, b) =>
        a.date!.localeCompare(b.date!) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    )
  for (const f of rest) {
    const d = f.date!
    const own = slots.filter((s) => s.ficheId === f.ficheId)
    const inside = own
      .filter((s) => s.windowStart <= d && d <= s.windowEnd && !byVisit.has(s.key))
      .sort((a, b) => Math.abs(daysBetween(a.dueDate, d)) - Math.abs(daysBetween(b.dueDate, d)))[0]
    if (inside) {
      assign(inside, f)
      continue
    }
    const passed = own.filter((s) => s.windowEnd < d)
    const last = passed[passed.length - 1]
    const next = own.find((s) => s.windowStart > d)
    // Late only while no later visit's window has opened: past that, the fiche is that later visit's.
    if (last && !byVisit.has(last.key) && (!next || d < next.windowStart)) assign(last, f)
  }
  return { byVisit, matched }
}

function stateOf(s: Slot, fiche: VisitFiche | undefined, today: string): VisitState {
  if (fiche?.status === 'submitted') return 'done'
  if (today < s.windowStart) return 'upcoming'
  if (today <= s.windowEnd) return 'due'
  return 'overdue'
}

export function planVisits(input: PlanInput): Plan {
  const { schedule, initiationDate, stopDate, today } = input
  if (!schedule || !initiationDate) return { visits: [], matchedFiches: new Map() }
  const relevant = new Set([...(schedule.visits ?? []), ...(schedule.repeating ?? [])].map((v) => v.fiche))
  const fiches = input.fiches.filter((f) => relevant.has(f.ficheId))
  const until = stopDate && stopDate < today ? stopDate : today
  const horizon = fiches.reduce((max, f) => (f.date && f.date > max ? f.date : max), until)
  const slots = slotsOf(schedule, initiationDate, horizon)
  const { byVisit, matched } = match(slots, fiches)
  const visits = slots
    // After the stop nothing more is expected; a visit already answered stays on the record.
    .filter((s) => !stopDate || s.dueDate <= stopDate || byVisit.has(s.key))
    .map((s): PlannedVisit => {
      const f = byVisit.get(s.key)
      return {
        ...s,
        state: stateOf(s, f, today),
        fiche: f
          ? { id: f.id, status: f.status, date: f.date, late: f.date !== null && f.date > s.windowEnd }
          : null,
      }
    })
  return { visits, matchedFiches: matched }
}

/** The visit a patient is expected at next: the earliest due one, else the earliest upcoming one. */
export const nextVisit = (visits: readonly PlannedVisit[]) =>
  visits.find((v) => v.state === 'due') ?? visits.find((v) => v.state === 'upcoming') ?? null
