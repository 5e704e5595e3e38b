/**
 * C7.1: dashboards show each patient's fiches against the planned visit dates, so every follow-up fiche
 * needs a visit in the schedule, and the schedule's anchor must be a date that a fiche collects.
 */
import { indexCatalogue } from '../model/catalogue.ts'
import type { Template } from '../model/template-schema.ts'
import { collectedIds } from './template-walk.ts'
import type { Check, Hit } from './types.ts'

export const scheduleRequired: Check = (template) => [...unscheduledSuivi(template), ...anchor(template)]

function unscheduledSuivi(template: Template): Hit[] {
  const visited = new Set(
    [...(template.schedule?.visits ?? []), ...(template.schedule?.repeating ?? [])].map(
      (visit) => visit.fiche,
    ),
  )
  return template.fiches.flatMap((fiche, f) =>
    fiche.kind === 'suivi' && !visited.has(fiche.id)
      ? [{ path: ['fiches', f, 'kind'], params: { reason: 'suivi-not-scheduled', fiche: fiche.id } }]
      : [],
  )
}

function anchor(template: Template): Hit[] {
  if (!template.schedule) return []
  const { fiche, item } = template.schedule.anchor
  const f = template.fiches.findIndex((candidate) => candidate.id === fiche)
  if (f < 0)
    return [{ path: ['schedule', 'anchor', 'fiche'], params: { reason: 'anchor-fiche-unknown', fiche } }]
  if (!collectedIds(template, f).has(item)) {
    return [
      { path: ['schedule', 'anchor', 'item'], params: { reason: 'anchor-item-not-collected', fiche, item } },
    ]
  }
  const type = indexCatalogue(template).get(item)?.item.type ?? ''
  if (type !== 'date') {
    return [
      { path: ['schedule', 'anchor', 'item'], params: { reason: 'anchor-not-date', fiche, item, type } },
    ]
  }
  return []
}
