/**
 * Identifiers become property names, URLs and keys of stored data: each must be unique where it is
 * looked up (items and columns, groups, fiches, sections of a fiche, visits, indications, UCDs).
 */
import type { Path } from '../model/location.ts'
import type { Template } from '../model/template-schema.ts'
import { templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

type Kind = 'item' | 'group' | 'fiche' | 'section' | 'element' | 'visit' | 'indication' | 'ucd' | 'resource'

interface Named {
  id: string
  path: Path
}

export const duplicateId: Check = (template, facts = templateFacts(template)) => [
  ...repeats(
    'item',
    facts.items.map(({ item, path }) => ({ id: item.id, path: [...path, 'id'] })),
  ),
  ...repeats(
    'group',
    template.catalogue.map((group, g) => ({ id: group.id, path: ['catalogue', g, 'id'] })),
  ),
  ...repeats(
    'fiche',
    template.fiches.map((fiche, f) => ({ id: fiche.id, path: ['fiches', f, 'id'] })),
  ),
  ...template.fiches.flatMap((fiche, f) => [
    ...repeats(
      'section',
      fiche.sections.map((section, s) => ({ id: section.id, path: ['fiches', f, 'sections', s, 'id'] })),
      fiche.id,
    ),
    ...repeats('element', elements(template, f), fiche.id),
  ]),
  ...repeats('visit', visits(template)),
  ...repeats(
    'indication',
    template.metadata.indications.map((ind, i) => ({
      id: ind.id,
      path: ['metadata', 'indications', i, 'id'],
    })),
  ),
  ...repeats(
    'ucd',
    template.metadata.ucds.map((ucd, u) => ({ id: ucd.code, path: ['metadata', 'ucds', u, 'code'] })),
  ),
  ...repeats(
    'resource',
    (template.documents?.resources ?? []).map((r, i) => ({
      id: r.id,
      path: ['documents', 'resources', i, 'id'],
    })),
  ),
]

/** The same item placed twice in one fiche would be one property collected from two places. */
function elements(template: Template, f: number): Named[] {
  return (template.fiches[f]?.sections ?? []).flatMap((section, s) =>
    section.elements.flatMap((element, e) =>
      'item' in element
        ? [{ id: element.item, path: ['fiches', f, 'sections', s, 'elements', e, 'item'] }]
        : [],
    ),
  )
}

/** One-off and repeating visits share a namespace: both name the planned dates on dashboards. */
function visits(template: Template): Named[] {
  return [
    ...(template.schedule?.visits ?? []).map((v, i) => ({ id: v.id, path: ['schedule', 'visits', i, 'id'] })),
    ...(template.schedule?.repeating ?? []).map((v, i) => ({
      id: v.id,
      path: ['schedule', 'repeating', i, 'id'],
    })),
  ]
}

/** Every occurrence after the first of an id already seen. */
function repeats(kind: Kind, named: Named[], fiche?: string): Hit[] {
  const seen = new Set<string>()
  return named.flatMap(({ id, path }): Hit[] => {
    if (!seen.has(id)) {
      seen.add(id)
      return []
    }
    return [{ path, params: fiche === undefined ? { kind, id } : { kind, id, fiche } }]
  })
}
