/**
 * C7.1: dashboards show each patient's fiches against the planned visit dates, so every follow-up fiche
 * needs a visit in the schedule, and the schedule's anchor must be a date that a fiche collects.
 */
import type { Template } from '../model/template-schema.ts'
import { type TemplateFacts, templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

export const scheduleRequired: Check = (template, facts = templateFacts(template)) => [
  ...unscheduledSuivi(template),
  ...anchor(template, facts),
]

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

function anchor(template: Template, facts: TemplateFacts): Hit[] {
  if (!template.schedule) return []
  const { fiche, item } = template.schedule.anchor
  const f = template.fiches.findIndex((candidate) => candidate.id === fiche)
  if (f < 0)
    return [{ path: ['schedule', 'anchor', 'fiche'], params: { reason: 'anchor-fiche-unknown', fiche } }]
  if (!facts.collected[f]?.has(item)) {
    return [
      { path: ['schedule', 'anchor', 'item'], params: { reason: 'anchor-item-not-collected', fiche, item } },
    ]
  }
  const type = facts.catalogue.get(item)?.item.type ?? ''
  if (type !== 'date') {
    return [
      { path: ['schedule', 'anchor', 'item'], params: { reason: 'anchor-not-date', fiche, item, type } },
    ]
  }
  return []
}
