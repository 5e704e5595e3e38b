/**
 * Compares the fiches of two versions, matched by id: their kind and texts, sections, the placement and
 * display of each element, signatures and access. Which items a fiche collects is the catalogue's part.
 */
import { accessOf } from '../model/access-matrix.ts'
import { ficheElements, type PlacedElement } from '../model/catalogue.ts'
import type { Path } from '../model/location.ts'
import { type Fiche, HospitalRoles, type Template } from '../model/template-schema.ts'
import { byKey, commonKeys, type Emit, same, sameSet, sortedCopy } from './compare.ts'
import type { ChangeKind } from './types.ts'

export function diffFiches(a: Template, b: Template, emit: Emit): void {
  const fichesA = byKey(a.fiches, (f) => f.id)
  const fichesB = byKey(b.fiches, (f) => f.id)
  for (const [id, { value: fiche, index }] of fichesB) {
    const old = fichesA.get(id)
    if (!old) {
      emit({
        kind: 'fiche-added',
        target: { ficheId: id },
        pathB: ['fiches', index],
        params: { title: fiche.title, ficheKind: fiche.kind },
      })
    } else diffFiche(a, old.index, b, index, emit)
  }
  for (const [id, { value: fiche, index }] of fichesA) {
    if (fichesB.has(id)) continue
    emit({
      kind: 'fiche-removed',
      target: { ficheId: id },
      pathA: ['fiches', index],
      params: { title: fiche.title, ficheKind: fiche.kind },
    })
  }
}

function diffFiche(a: Template, indexA: number, b: Template, indexB: number, emit: Emit): void {
  const fa = a.fiches[indexA] as Fiche
  const fb = b.fiches[indexB] as Fiche
  const base = { ficheId: fb.id }
  const title = fb.title
  const field = (kind: ChangeKind, key: keyof Fiche, before: unknown, after: unknown, params = {}) =>
    emit({
      kind,
      target: base,
      pathA: ['fiches', indexA, key],
      pathB: ['fiches', indexB, key],
      before,
      after,
      params: { title, ...params },
    })

  if (fa.kind !== fb.kind) field('fiche-kind-changed', 'kind', fa.kind, fb.kind)
  if (fa.title !== fb.title) field('fiche-title-changed', 'title', fa.title, fb.title)
  for (const key of ['annex', 'description', 'layout'] as const) {
    if (fa[key] !== fb[key]) field('fiche-presentation-changed', key, fa[key], fb[key], { field: key })
  }
  if (Boolean(fa.repeatable) !== Boolean(fb.repeatable)) {
    field('fiche-repeatable-changed', 'repeatable', Boolean(fa.repeatable), Boolean(fb.repeatable))
  }
  if (fa.ucd !== fb.ucd) field('fiche-ucd-changed', 'ucd', fa.ucd, fb.ucd)
  for (const key of ['required', 'optional'] as const) {
    const before = fa.signatures?.[key]
    const after = fb.signatures?.[key]
    if (sameSet(before, after)) continue
    const kind = key === 'required' ? 'signatures-required-changed' : 'signatures-optional-changed'
    field(kind, 'signatures', sortedCopy(before), sortedCopy(after))
  }
  for (const role of HospitalRoles) {
    const before = accessOf(fa, role)
    const after = accessOf(fb, role)
    if (before === after) continue
    emit({
      kind: 'fiche-access-changed',
      target: { ...base, role },
      pathA: ['fiches', indexA, 'access'],
      pathB: ['fiches', indexB, 'access'],
      before,
      after,
      params: { title, role },
    })
  }
  diffPrefill(fa, indexA, fb, indexB, emit)
  diffSections(fa, indexA, fb, indexB, emit)
  diffElements(a, indexA, b, indexB, emit)
  const notesA = notesOf(fa)
  const notesB = notesOf(fb)
  if (!same(notesA, notesB)) {
    field('fiche-notes-changed', 'sections', notesA, notesB)
  }
}

function notesOf(fiche: Fiche): string[] {
  return fiche.sections.flatMap((s) => s.elements.flatMap((e) => ('note' in e ? [e.note] : [])))
}

function diffSections(fa: Fiche, indexA: number, fb: Fiche, indexB: number, emit: Emit): void {
  const sectionsA = byKey(fa.sections, (s) => s.id)
  const sectionsB = byKey(fb.sections, (s) => s.id)
  const pathA = (s: number): Path => ['fiches', indexA, 'sections', s]
  const pathB = (s: number): Path => ['fiches', indexB, 'sections', s]
  const params = { title: fb.title }
  for (const [id, { value: section, index }] of sectionsB) {
    const target = { ficheId: fb.id, sectionId: id }
    const old = sectionsA.get(id)
    if (!old) {
      emit({
        kind: 'section-added',
        target,
        pathB: pathB(index),
        params: { ...params, section: section.title },
      })
      continue
    }
    const change = (kind: ChangeKind, key: string, before: unknown, after: unknown) =>
      emit({
        kind,
        target,
        pathA: [...pathA(old.index), key],
        pathB: [...pathB(index), key],
        before,
        after,
        params: { ...params, section: section.title },
      })
    if (old.value.title !== section.title) change('section-renamed', 'title', old.value.title, section.title)
    if (old.value.description !== section.description) {
      change('section-description-changed', 'description', old.value.description, section.description)
    }
    if (!same(old.value.when, section.when))
      change('section-when-changed', 'when', old.value.when, section.when)
  }
  for (const [id, { value: section, index }] of sectionsA) {
    if (sectionsB.has(id)) continue
    emit({
      kind: 'section-removed',
      target: { ficheId: fb.id, sectionId: id },
      pathA: pathA(index),
      params: { ...params, section: section.title },
    })
  }
  const orderA = commonKeys(sectionsB, sectionsA)
  const orderB = commonKeys(sectionsA, sectionsB)
  if (!same(orderA, orderB)) {
    emit({
      kind: 'sections-reordered',
      target: { ficheId: fb.id },
      pathA: ['fiches', indexA, 'sections'],
      pathB: ['fiches', indexB, 'sections'],
      before: orderA,
      after: orderB,
      params,
    })
  }
}

function diffElements(a: Template, indexA: number, b: Template, indexB: number, emit: Emit): void {
  const fa = a.fiches[indexA] as Fiche
  const fb = b.fiches[indexB] as Fiche
  const placedA = byKey(ficheElements(a, indexA), (p) => p.element.item)
  const placedB = byKey(ficheElements(b, indexB), (p) => p.element.item)
  const sectionOf = (fiche: Fiche, placed: PlacedElement) => fiche.sections[placed.sectionIndex]?.id ?? ''
  for (const id of commonKeys(placedA, placedB)) {
    const ea = (placedA.get(id) as { value: PlacedElement }).value
    const eb = (placedB.get(id) as { value: PlacedElement }).value
    const target = { ficheId: fb.id, itemId: id, sectionId: sectionOf(fb, eb) }
    const change = (kind: ChangeKind, key: string, before: unknown, after: unknown) =>
      emit({
        kind,
        target,
        pathA: [...ea.path, key],
        pathB: [...eb.path, key],
        before,
        after,
        params: { title: fb.title, item: id },
      })
    const [sectionA, sectionB] = [sectionOf(fa, ea), sectionOf(fb, eb)]
    if (sectionA !== sectionB) change('element-section-changed', 'item', sectionA, sectionB)
    if (ea.element.widget !== eb.element.widget)
      change('element-widget-changed', 'widget', ea.element.widget, eb.element.widget)
    if (!same(ea.element.when, eb.element.when))
      change('element-when-changed', 'when', ea.element.when, eb.element.when)
    if (Boolean(ea.element.readOnly) !== Boolean(eb.element.readOnly)) {
      change(
        'element-read-only-changed',
        'readOnly',
        Boolean(ea.element.readOnly),
        Boolean(eb.element.readOnly),
      )
    }
  }
  // Order within each section, over the items both versions place there: moves between sections are reported above.
  fb.sections.forEach((section, s) => {
    const sectionA = fa.sections.findIndex((x) => x.id === section.id)
    if (sectionA < 0) return
    const inBoth = (placed: PlacedElement[], fiche: Fiche, index: number) =>
      placed
        .filter((p) => p.sectionIndex === index && fiche.sections[index]?.id === section.id)
        .map((p) => p.element.item)
    const orderB = inBoth(
      [...placedB.values()].map((k) => k.value),
      fb,
      s,
    )
    const orderA = inBoth(
      [...placedA.values()].map((k) => k.value),
      fa,
      sectionA,
    )
    const common = (list: string[], other: string[]) => list.filter((id) => other.includes(id))
    const [before, after] = [common(orderA, orderB), common(orderB, orderA)]
    if (same(before, after)) return
    emit({
      kind: 'fiche-elements-reordered',
      target: { ficheId: fb.id, sectionId: section.id },
      pathA: ['fiches', indexA, 'sections', sectionA, 'elements'],
      pathB: ['fiches', indexB, 'sections', s, 'elements'],
      before,
      after,
      params: { title: fb.title, section: section.title },
    })
  })
}

interface Equivalence {
  programme: string
  item: string
  sourceFiche: string
  sourceItem: string
  /** Index of the `prefill` entry that declares it. */
  index: number
}

/** A fiche's equivalences by source programme and target item (the first declaration of a pair wins). */
function equivalencesOf(fiche: Fiche): Map<string, Equivalence> {
  const map = new Map<string, Equivalence>()
  ;(fiche.prefill ?? []).forEach((entry, index) => {
    for (const [item, sourceItem] of Object.entries(entry.items)) {
      const key = `${entry.from.programme}\u0000${item}`
      if (map.has(key)) continue
      map.set(key, {
        programme: entry.from.programme,
        item,
        sourceFiche: entry.from.fiche,
        sourceItem,
        index,
      })
    }
  })
  return map
}

/** C8.1: one change per equivalence (target item, source programme) added, removed or re-pointed. */
function diffPrefill(fa: Fiche, indexA: number, fb: Fiche, indexB: number, emit: Emit): void {
  const before = equivalencesOf(fa)
  const after = equivalencesOf(fb)
  const source = (e: Equivalence | undefined) => (e ? `${e.sourceFiche}.${e.sourceItem}` : undefined)
  const change = (kind: ChangeKind, a: Equivalence | undefined, b: Equivalence | undefined) => {
    const e = (b ?? a) as Equivalence
    emit({
      kind,
      target: { ficheId: fb.id, itemId: e.item },
      ...(a ? { pathA: ['fiches', indexA, 'prefill', a.index, 'items', a.item] } : {}),
      ...(b ? { pathB: ['fiches', indexB, 'prefill', b.index, 'items', b.item] } : {}),
      before: source(a),
      after: source(b),
      params: {
        title: fb.title,
        item: e.item,
        programme: e.programme,
        sourceFiche: e.sourceFiche,
        sourceItem: e.sourceItem,
      },
    })
  }
  for (const [key, b] of after) {
    const a = before.get(key)
    if (!a) change('prefill-equivalence-added', undefined, b)
    else if (source(a) !== source(b)) change('prefill-equivalence-changed', a, b)
  }
  for (const [key, a] of before) if (!after.has(key)) change('prefill-equivalence-removed', a, undefined)
}
