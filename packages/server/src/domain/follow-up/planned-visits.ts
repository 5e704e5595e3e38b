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
  /** The fiche's own visit date (its first date item), else the day it was opened. */
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
const parsed = new Map<string, Duration>()

/** `P1Y6M` → 18 months; `P2W3D` → 17 days. The template format accepts nothing else. */
export function parseDuration(text: string): Duration {
  const cached = parsed.get(text)
  if (cached) return cached
  const m = DURATION.exec(text)
  if (!m) throw new RangeError(`not an ISO 8601 duration of the template format: ${text}`)
  const n = (i: number) => Number(m[i] ?? 0)
  const d = { months: n(1) * 12 + n(2), days: n(3) * 7 + n(4) }
  parsed.set(text, d)
  return d
}

const scale = (d: Duration, k: number): Duration => ({ months: d.months * k, days: d.days * k })
const plus = (a: Duration, b: Duration): Duration => ({ months: a.months + b.months, days: a.days + b.days })

// Calendar days as integers (days since 1970-01-01, proleptic Gregorian; H. Hinnant's civil algorithms):
// a national report plans hundreds of thousands of visits, and Date objects cost ten times more.
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const monthDays = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!)

function toEpochDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468
}

function fromEpochDay(epochDay: number): string {
  const z = epochDay + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
}

const epochDayOf = (day: string) =>
  toEpochDay(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)))

/**
 * Calendar arithmetic: months first, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb),
 * then days. A whole offset is added at once so that repeating occurrences never drift.
 */
export function addDuration(day: string, d: Duration, sign: 1 | -1 = 1): string {
  const months = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + sign * d.months
  const y = Math.floor(months / 12)
  const m = months - y * 12 + 1
  const dayOfMonth = Math.min(Number(day.slice(8, 10)), monthDays(y, m))
  return fromEpochDay(toEpochDay(y, m, dayOfMonth) + sign * d.days)
}

export const daysBetween = (from: string, to: string) => epochDayOf(to) - epochDayOf(from)

/** Code-unit order: ISO dates and ids compare correctly, without the cost of a locale. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

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

/** A schedule entry with its durations parsed once. */
interface Entry {
  id: string
  label: string
  fiche: string
  before: Duration
  after: Duration
}

interface CompiledSchedule {
  /** The fiches the schedule plans. */
  fiches: Set<string>
  fixed: (Entry & { offset: Duration })[]
  repeating: (Entry & { from: Duration; every: Duration; until: Duration | null })[]
  /** Slots by anchor and horizon: patients initiated the same day share them (never mutated). */
  slots: Map<string, readonly Slot[]>
}

/** Past this many (anchor, horizon) pairs a schedule's slot cache starts over, so memory stays bounded. */
const MAX_CACHED_SLOTS = 4096

// Published schedules never change: parsed once per schedule object, not once per patient.
const compiledSchedules = new WeakMap<Schedule, CompiledSchedule>()

function compileSchedule(schedule: Schedule): CompiledSchedule {
  const cached = compiledSchedules.get(schedule)
  if (cached) return cached
  const entry = (v: {
    id: string
    label: string
    fiche: string
    window?: { before?: string; after?: string }
  }) => ({
    id: v.id,
    label: v.label,
    fiche: v.fiche,
    before: v.window?.before ? parseDuration(v.window.before) : ZERO,
    after: v.window?.after ? parseDuration(v.window.after) : ZERO,
  })
  const compiled: CompiledSchedule = {
    fiches: new Set([...(schedule.visits ?? []), ...(schedule.repeating ?? [])].map((v) => v.fiche)),
    fixed: (schedule.visits ?? []).map((v) => ({ ...entry(v), offset: parseDuration(v.offset) })),
    repeating: (schedule.repeating ?? []).map((r) => ({
      ...entry(r),
      from: parseDuration(r.from),
      every: parseDuration(r.every),
      until: r.until ? parseDuration(r.until) : null,
    })),
    slots: new Map(),
  }
  compiledSchedules.set(schedule, compiled)
  return compiled
}

function slot(anchor: string, offset: Duration, v: Entry, occurrence: number | null): Slot {
  const dueDate = addDuration(anchor, offset)
  return {
    key: occurrence === null ? v.id : `${v.id}-${occurrence}`,
    visitId: v.id,
    occurrence: occurrence ?? 1,
    label:
      occurrence === null
        ? v.label
        : `${v.label} (${offset.days === 0 ? `M${offset.months}` : `J${daysBetween(anchor, dueDate)}`})`,
    ficheId: v.fiche,
    dueDate,
    windowStart: v.before === ZERO ? dueDate : addDuration(dueDate, v.before, -1),
    windowEnd: v.after === ZERO ? dueDate : addDuration(dueDate, v.after),
  }
}

/**
 * The slots of a schedule: fixed visits, then each repeating visit's occurrences until its `until` or the
 * first occurrence whose window opens after the horizon (today, or the stop, or the last fiche's date).
 */
function slotsOf(schedule: CompiledSchedule, anchor: string, horizon: string): readonly Slot[] {
  const key = `${anchor}/${horizon}`
  const cached = schedule.slots.get(key)
  if (cached) return cached
  if (schedule.slots.size >= MAX_CACHED_SLOTS) schedule.slots.clear()
  const slots = computeSlots(schedule, anchor, horizon)
  schedule.slots.set(key, slots)
  return slots
}

function computeSlots(schedule: CompiledSchedule, anchor: string, horizon: string): Slot[] {
  const slots = schedule.fixed.map((v) => slot(anchor, v.offset, v, null))
  for (const r of schedule.repeating) {
    const until = r.until ? addDuration(anchor, r.until) : null
    // A zero period would repeat the same day forever.
    const count = r.every.months === 0 && r.every.days === 0 ? 1 : MAX_OCCURRENCES
    for (let n = 1; n <= count; n++) {
      const s = slot(anchor, plus(r.from, scale(r.every, n - 1)), r, n)
      if (until && s.dueDate > until) break
      slots.push(s)
      if (s.windowStart > horizon) break
    }
  }
  return slots.sort(
    (a, b) => compare(a.dueDate, b.dueDate) || compare(a.ficheId, b.ficheId) || compare(a.key, b.key),
  )
}

/** Slots by key and by fiche, derived once per (shared, immutable) slot list. */
const slotIndexes = new WeakMap<
  readonly Slot[],
  { byKey: Map<string, Slot>; ownSlots: Map<string, Slot[]> }
>()

function indexSlots(slots: readonly Slot[]) {
  const cached = slotIndexes.get(slots)
  if (cached) return cached
  const byKey = new Map(slots.map((s) => [s.key, s]))
  const ownSlots = new Map<string, Slot[]>()
  for (const s of slots) {
    const own = ownSlots.get(s.ficheId)
    if (own) own.push(s)
    else ownSlots.set(s.ficheId, [s])
  }
  const index = { byKey, ownSlots }
  slotIndexes.set(slots, index)
  return index
}

/**
 * Which fiche answers which visit: first the fiches opened for a visit (their `plannedVisitId`), then by
 * date, oldest fiche first: a fiche dated inside a visit's window answers it (the nearest due date when
 * windows overlap); a fiche dated after a window and before the next one answers that visit late; a fiche
 * dated before any window, or inside a window already answered, answers none (an extra visit).
 */
function match(slots: readonly Slot[], fiches: readonly VisitFiche[]) {
  const byVisit = new Map<string, VisitFiche>()
  const matched = new Map<string, string>()
  const { byKey, ownSlots } = indexSlots(slots)
  const assign = (s: Slot, f: VisitFiche) => {
    byVisit.set(s.key, f)
    matched.set(f.id, s.key)
  }
  for (const f of fiches) {
    const s = f.plannedVisitId ? byKey.get(f.plannedVisitId) : undefined
    if (s && s.ficheId === f.ficheId && !byVisit.has(s.key)) assign(s, f)
  }
  const rest = fiches
    .filter((f) => !matched.has(f.id) && f.date !== null)
    .sort((a, b) => compare(a.date!, b.date!) || compare(a.createdAt, b.createdAt) || compare(a.id, b.id))
  for (const f of rest) {
    const d = f.date!
    // Slots are in due-date order: the last passed window and the next one bracket the fiche's date.
    const own = ownSlots.get(f.ficheId) ?? []
    let inside: Slot | undefined
    let last: Slot | undefined
    let next: Slot | undefined
    for (const s of own) {
      if (s.windowEnd < d) last = s
      else if (s.windowStart > d) {
        next ??= s
      } else if (!byVisit.has(s.key)) {
        if (!inside || Math.abs(daysBetween(s.dueDate, d)) < Math.abs(daysBetween(inside.dueDate, d)))
          inside = s
      }
    }
    if (inside) assign(inside, f)
    // Late only while no later visit's window has opened: past that, the fiche is that later visit's.
    else if (last && !byVisit.has(last.key) && (!next || d < next.windowStart)) assign(last, f)
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
  return plan(input, null)
}

/**
 * The overdue visits of planVisits(input), in the same order and shape, without building the others: a
 * national missing-data report plans hundreds of thousands of visits and keeps a few.
 */
export const overdueVisits = (input: PlanInput): PlannedVisit[] => plan(input, OVERDUE).visits

/** The due and overdue visits of planVisits(input), in the same order and shape (a lab's dashboard). */
export const openVisits = (input: PlanInput): PlannedVisit[] => plan(input, OPEN).visits

const OVERDUE: ReadonlySet<VisitState> = new Set(['overdue'])
const OPEN: ReadonlySet<VisitState> = new Set(['due', 'overdue'])

function plan(input: PlanInput, only: ReadonlySet<VisitState> | null): Plan {
  const { schedule, initiationDate, stopDate, today } = input
  if (!schedule || !initiationDate) return { visits: [], matchedFiches: new Map() }
  const compiled = compileSchedule(schedule)
  const fiches = input.fiches.filter((f) => compiled.fiches.has(f.ficheId))
  const until = stopDate && stopDate < today ? stopDate : today
  const horizon = fiches.reduce((max, f) => (f.date && f.date > max ? f.date : max), until)
  const slots = slotsOf(compiled, initiationDate, horizon)
  const { byVisit, matched } = match(slots, fiches)
  const visits: PlannedVisit[] = []
  for (const s of slots) {
    const f = byVisit.get(s.key)
    // After the stop nothing more is expected; a visit already answered stays on the record.
    if (stopDate && s.dueDate > stopDate && !f) continue
    const state = stateOf(s, f, today)
    if (only && !only.has(state)) continue
    visits.push({
      ...s,
      state,
      fiche: f
        ? { id: f.id, status: f.status, date: f.date, late: f.date !== null && f.date > s.windowEnd }
        : null,
    })
  }
  return { visits, matchedFiches: matched }
}

/** The visit a patient is expected at next: the earliest due one, else the earliest upcoming one. */
export const nextVisit = (visits: readonly PlannedVisit[]) =>
  visits.find((v) => v.state === 'due') ?? visits.find((v) => v.state === 'upcoming') ?? null
