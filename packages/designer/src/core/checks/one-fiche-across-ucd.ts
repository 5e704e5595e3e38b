/**
 * C1.2: one authorisation, one treatment-access fiche and one unified collection, whatever the number
 * of UCDs it covers. The dosage is a value inside the FAT (a choice from the UCD list), never a fiche.
 */
import type { Path } from '../model/location.ts'
import type { Template } from '../model/template-schema.ts'
import { type TemplateFacts, templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

export const oneFicheAcrossUcd: Check = (template, facts = templateFacts(template)) => [
  ...fatCount(template),
  ...ucdScopes(template),
  ...dosageChoice(template, facts),
  ...ucdCodesByHand(template, facts),
]

function fatCount(template: Template): Hit[] {
  const fats = template.fiches.flatMap((fiche, f) => (fiche.kind === 'fat' ? [f] : []))
  if (fats.length === 0) return [{ path: ['fiches'], params: { reason: 'no-fat' } }]
  return fats.slice(1).map((f) => ({
    path: ['fiches', f, 'kind'],
    params: { reason: 'several-fat', fiche: template.fiches[f]?.id ?? '', count: fats.length },
  }))
}

/** With several UCDs no fiche or visit may be scoped to one; with one, a scope must name it. */
function ucdScopes(template: Template): Hit[] {
  const codes = template.metadata.ucds.map((ucd) => ucd.code)
  const scoped: { path: Path; id: string; ucd: string; what: 'fiche' | 'visit' }[] = [
    ...template.fiches.map((fiche, f) => ({
      path: ['fiches', f, 'ucd'],
      id: fiche.id,
      ucd: fiche.ucd,
      what: 'fiche' as const,
    })),
    ...(template.schedule?.visits ?? []).map((v, i) => ({
      path: ['schedule', 'visits', i, 'ucd'],
      id: v.id,
      ucd: v.ucd,
      what: 'visit' as const,
    })),
    ...(template.schedule?.repeating ?? []).map((v, i) => ({
      path: ['schedule', 'repeating', i, 'ucd'],
      id: v.id,
      ucd: v.ucd,
      what: 'visit' as const,
    })),
  ].flatMap((s) => (s.ucd === undefined ? [] : [{ ...s, ucd: s.ucd }]))
  return scoped.flatMap(({ path, id, ucd, what }): Hit[] => {
    if (codes.length > 1) return [{ path, params: { reason: `${what}-ucd-scope`, id, ucd, codes } }]
    if (!codes.includes(ucd)) return [{ path, params: { reason: 'unknown-ucd', id, ucd, codes } }]
    return []
  })
}

/** With several UCDs the FAT must ask which one, as a choice whose options are the authorisation's UCDs. */
function dosageChoice(template: Template, facts: TemplateFacts): Hit[] {
  if (template.metadata.ucds.length < 2) return []
  const f = template.fiches.findIndex((fiche) => fiche.kind === 'fat')
  if (f < 0) return []
  const collected = facts.collected[f] ?? new Set<string>()
  const codes = new Set(template.metadata.ucds.map((ucd) => ucd.code))
  // A choice that lists the UCD codes by hand does ask for the dosage: `ucd-options-by-hand` reports it.
  const asksUcd = facts.items.some(
    ({ item, parent }) =>
      collected.has(parent?.id ?? item.id) &&
      (item.optionsFrom === 'ucds' || (item.options ?? []).some((option) => codes.has(option.code))),
  )
  if (asksUcd) return []
  return [
    {
      path: ['fiches', f, 'kind'],
      params: { reason: 'no-dosage-choice', fiche: template.fiches[f]?.id ?? '' },
    },
  ]
}

/** UCD codes typed as options drift from the authorisation's list: they must come from `optionsFrom: ucds`. */
function ucdCodesByHand(template: Template, facts: TemplateFacts): Hit[] {
  if (template.metadata.ucds.length < 2) return []
  const codes = new Set(template.metadata.ucds.map((ucd) => ucd.code))
  return facts.items.flatMap(({ item, path }) => {
    const typed = (item.options ?? []).filter((option) => codes.has(option.code)).map((option) => option.code)
    if (typed.length === 0) return []
    return [
      { path: [...path, 'options'], params: { reason: 'ucd-options-by-hand', item: item.id, ucds: typed } },
    ]
  })
}
