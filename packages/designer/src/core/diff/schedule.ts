/**
 * Compares the follow-up schedules of two versions: the anchor every offset counts from, and each
 * visit (fixed or repeating) matched by id. Visits already due or filled keep their data either way.
 */
import type { Path } from '../model/location.ts'
import type { RepeatingVisit, Schedule, Template, Visit } from '../model/template-schema.ts'
import { type Emit, same } from './compare.ts'
import type { ChangeKind } from './types.ts'

interface PlacedVisit {
  visit: Visit | RepeatingVisit
  path: Path
}

export function diffSchedule(a: Template, b: Template, emit: Emit): void {
  const [sa, sb] = [a.schedule, b.schedule]
  if (!sa && !sb) return
  if (!sa || !sb) {
    emit({
      kind: sa ? 'schedule-removed' : 'schedule-added',
      target: {},
      ...(sa ? { pathA: ['schedule'] } : { pathB: ['schedule'] }),
      params: {},
    })
    return
  }
  if (!same(sa.anchor, sb.anchor)) {
    emit({
      kind: 'schedule-anchor-changed',
      target: { ficheId: sb.anchor.fiche, itemId: sb.anchor.item },
      pathA: ['schedule', 'anchor'],
      pathB: ['schedule', 'anchor'],
      before: sa.anchor,
      after: sb.anchor,
      params: { from: `${sa.anchor.fiche}.${sa.anchor.item}`, to: `${sb.anchor.fiche}.${sb.anchor.item}` },
    })
  }
  const visitsA = visitsOf(sa)
  const visitsB = visitsOf(sb)
  for (const [id, vb] of visitsB) {
    const va = visitsA.get(id)
    const target = { visitId: id, ficheId: vb.visit.fiche }
    if (!va) {
      emit({
        kind: 'visit-added',
        target,
        pathB: vb.path,
        after: vb.visit,
        params: { visit: vb.visit.label },
      })
      continue
    }
    const change = (kind: ChangeKind, key: string, before: unknown, after: unknown, params = {}) =>
      emit({
        kind,
        target,
        pathA: [...va.path, key],
        pathB: [...vb.path, key],
        before,
        after,
        params: { visit: vb.visit.label, ...params },
      })
    if (va.visit.label !== vb.visit.label)
      change('visit-label-changed', 'label', va.visit.label, vb.visit.label)
    if (va.visit.fiche !== vb.visit.fiche)
      change('visit-fiche-changed', 'fiche', va.visit.fiche, vb.visit.fiche)
    if (va.visit.ucd !== vb.visit.ucd) change('visit-ucd-changed', 'ucd', va.visit.ucd, vb.visit.ucd)
    const [timingA, timingB] = [timingOf(va.visit), timingOf(vb.visit)]
    if (!same(timingA, timingB)) {
      const fields = Object.keys({ ...timingA, ...timingB }).filter((k) => !same(timingA[k], timingB[k]))
      change('visit-timing-changed', fields[0] ?? 'offset', timingA, timingB, { fields })
    }
  }
  for (const [id, va] of visitsA) {
    if (visitsB.has(id)) continue
    emit({
      kind: 'visit-removed',
      target: { visitId: id, ficheId: va.visit.fiche },
      pathA: va.path,
      before: va.visit,
      params: { visit: va.visit.label },
    })
  }
}

/** Fixed and repeating visits share one id space: a visit may turn from one into the other. */
function visitsOf(schedule: Schedule): Map<string, PlacedVisit> {
  const map = new Map<string, PlacedVisit>()
  schedule.visits?.forEach((visit, i) => {
    if (!map.has(visit.id)) map.set(visit.id, { visit, path: ['schedule', 'visits', i] })
  })
  schedule.repeating?.forEach((visit, i) => {
    if (!map.has(visit.id)) map.set(visit.id, { visit, path: ['schedule', 'repeating', i] })
  })
  return map
}

function timingOf(visit: Visit | RepeatingVisit): Record<string, unknown> {
  return 'every' in visit
    ? { every: visit.every, from: visit.from, until: visit.until, window: visit.window }
    : { offset: visit.offset, window: visit.window }
}
