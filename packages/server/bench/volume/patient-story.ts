/**
 * What happens to one patient, decided up front from their own seeded PRNG: the FAT (signed, or still a
 * pending request), the initiation, the schedule's visits at their dates with realistic gaps (early/late
 * within or past the window, a visit skipped, a patient lost to follow-up so their later visits are
 * overdue, a stop), drafts left with missing data, the odd adverse event. Pure: no database.
 */
import { addDays, addDuration, daysBetween, type Rng } from './prng.ts'

export interface ScheduleModel {
  anchor: { fiche: string; item: string }
  visits: { id: string; fiche: string; offset: string; window?: { before?: string; after?: string } }[]
  repeating?: {
    id: string
    fiche: string
    every: string
    from: string
    until?: string
    window?: { before?: string; after?: string }
  }[]
}

/** How a fiche ends up: submitted, submitted after a corrected draft, or a draft with missing items. */
export type FicheOutcome = 'submitted' | 'corrected' | 'incomplete'

export interface PlannedFiche {
  ficheId: string
  /** The fiche's own date (visit, initiation, stop…), set on its first date item. */
  date: string
  plannedVisitId?: string
  outcome: FicheOutcome
}

export type Profile = 'pending' | 'active' | 'lost' | 'stopped'

export interface PatientStory {
  profile: Profile
  requestDate: string
  initiation: string
  fat: { outcome: 'signed' | 'pending' }
  fiches: PlannedFiche[]
}

export interface StoryFiches {
  fat: string
  anchor: string
  stop: string | undefined
  adverseEvent: string | undefined
}

/** Every occurrence of the schedule's visits due on or before `until`, in date order. */
export function dueVisits(schedule: ScheduleModel, anchor: string, until: string) {
  const due: { id: string; fiche: string; due: string; before: number; after: number }[] = []
  const span = (w: { before?: string; after?: string } | undefined, due: string) => ({
    before: w?.before ? daysBetween(addDuration(due, w.before, -1), due) : 0,
    after: w?.after ? daysBetween(due, addDuration(due, w.after)) : 0,
  })
  for (const v of schedule.visits) {
    const date = addDuration(anchor, v.offset)
    if (date <= until) due.push({ id: v.id, fiche: v.fiche, due: date, ...span(v.window, date) })
  }
  for (const r of schedule.repeating ?? []) {
    const last = r.until ? addDuration(anchor, r.until) : until
    for (let k = 0; ; k++) {
      // from + k × every, counted from the anchor (months calendar-wise).
      let date = addDuration(anchor, r.from)
      for (let i = 0; i < k; i++) date = addDuration(date, r.every)
      if (date > until || date > last) break
      due.push({ id: `${r.id}-${k + 1}`, fiche: r.fiche, due: date, ...span(r.window, date) })
    }
  }
  return due.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1))
}

const outcome = (rng: Rng): FicheOutcome => {
  const r = rng.next()
  return r < 0.86 ? 'submitted' : r < 0.9 ? 'corrected' : 'incomplete'
}

export function patientStory(
  rng: Rng,
  schedule: ScheduleModel,
  fiches: StoryFiches,
  now: string,
): PatientStory {
  // Initiations spread evenly over the last three and a half years (the programme keeps recruiting).
  const initiation = addDays(now, -rng.int(14, 1280))
  const requestDate = addDays(initiation, -rng.int(10, 40))
  const r = rng.next()
  const profile: Profile = r < 0.03 ? 'pending' : r < 0.13 ? 'stopped' : r < 0.25 ? 'lost' : 'active'
  if (profile === 'pending') {
    return { profile, requestDate, initiation, fat: { outcome: 'pending' }, fiches: [] }
  }
  const elapsed = daysBetween(initiation, now)
  const stopDate =
    profile === 'stopped' ? addDays(initiation, rng.int(Math.min(30, elapsed), elapsed)) : undefined
  // Lost to follow-up: nothing entered after this day, so every visit due after it is overdue.
  const lastEntry = profile === 'lost' ? addDays(initiation, rng.int(0, elapsed)) : undefined
  const planned: PlannedFiche[] = [{ ficheId: fiches.anchor, date: initiation, outcome: 'submitted' }]
  for (const visit of dueVisits(schedule, initiation, stopDate ?? now)) {
    if (lastEntry && visit.due > lastEntry) continue
    if (rng.chance(0.03)) continue // a visit that was never entered
    const date = rng.chance(0.9)
      ? addDays(visit.due, rng.int(-visit.before, visit.after))
      : addDays(visit.due, visit.after + rng.int(1, 30)) // late, past the window
    if (date > now) continue
    planned.push({ ficheId: visit.fiche, date, plannedVisitId: visit.id, outcome: outcome(rng) })
  }
  const end = stopDate ?? lastEntry ?? now
  if (fiches.adverseEvent && rng.chance(0.08)) {
    const date = addDays(initiation, rng.int(0, Math.max(0, daysBetween(initiation, end))))
    planned.push({ ficheId: fiches.adverseEvent, date, outcome: 'submitted' })
  }
  if (stopDate && fiches.stop) planned.push({ ficheId: fiches.stop, date: stopDate, outcome: 'submitted' })
  return { profile, requestDate, initiation, fat: { outcome: 'signed' }, fiches: planned }
}
