/**
 * The designer UI's edits as pure functions: template in, new template (or a refusal) out. Every screen
 * goes through these, so the YAML saved is always `serializeTemplate` of a template built by them.
 */
import { indexCatalogue } from '../model/catalogue.ts'
import type {
  CatalogueGroup,
  Condition,
  Fiche,
  FicheKind,
  Item,
  ItemElement,
  Section,
  Template,
  Widget,
} from '../model/template-schema.ts'

/** Why an edit was refused, in French for the lab user, with the code tests check. */
export interface EditRefusal {
  code: 'duplicate-id' | 'not-in-catalogue' | 'unknown-target' | 'invalid-id'
  message: string
}

export type EditResult = { ok: true; template: Template } | { ok: false; refusal: EditRefusal }

const ok = (template: Template): EditResult => ({ ok: true, template })
const refuse = (code: EditRefusal['code'], message: string): EditResult => ({
  ok: false,
  refusal: { code, message },
})

const ID = /^[a-z][a-z0-9_]*$/

/** Every id an item or a column already uses in the catalogue. */
const catalogueIds = (template: Template) => new Set(indexCatalogue(template).keys())

// ---------------------------------------------------------------------------------------------------
// Catalogue

export function addCatalogueGroup(template: Template, group: Omit<CatalogueGroup, 'items'>): EditResult {
  if (!ID.test(group.id)) return refuse('invalid-id', `identifiant de groupe invalide : « ${group.id} »`)
  if (template.catalogue.some((g) => g.id === group.id)) {
    return refuse('duplicate-id', `un groupe « ${group.id} » existe déjà dans le catalogue`)
  }
  return ok({ ...template, catalogue: [...template.catalogue, { ...group, items: [] }] })
}

/** Adds items to a group of the catalogue; refuses them all when one id is taken or invalid. */
export function addCatalogueItems(template: Template, groupId: string, items: Item[]): EditResult {
  const group = template.catalogue.findIndex((g) => g.id === groupId)
  if (group < 0) return refuse('unknown-target', `aucun groupe « ${groupId} » dans le catalogue`)
  const taken = catalogueIds(template)
  for (const item of items) {
    if (!ID.test(item.id)) return refuse('invalid-id', `identifiant d'élément invalide : « ${item.id} »`)
    if (taken.has(item.id)) {
      return refuse('duplicate-id', `l'élément « ${item.id} » existe déjà dans le catalogue du PUT`)
    }
    taken.add(item.id)
  }
  return ok({
    ...template,
    catalogue: template.catalogue.map((g, i) => (i === group ? { ...g, items: [...g.items, ...items] } : g)),
  })
}

export const addCatalogueItem = (template: Template, groupId: string, item: Item) =>
  addCatalogueItems(template, groupId, [item])

/** Replaces a top-level catalogue item, keeping its id (ids are stable across versions). */
export function updateCatalogueItem(template: Template, itemId: string, patch: Partial<Item>): EditResult {
  let found = false
  const catalogue = template.catalogue.map((g) => ({
    ...g,
    items: g.items.map((item) => {
      if (item.id !== itemId) return item
      found = true
      const next = { ...item, ...patch, id: item.id } as Record<string, unknown>
      // An emptied field is removed, not written as `key: ` (the format has no nulls).
      for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '') delete next[key]
      return next as Item
    }),
  }))
  return found ? ok({ ...template, catalogue }) : refuse('unknown-target', `aucun élément « ${itemId} »`)
}

/**
 * Removes a top-level item from the catalogue. The fiches that collect it keep their element: the
 * `field-outside-put` check then points at each of them, so nothing disappears from a form silently.
 */
export function removeCatalogueItem(template: Template, itemId: string): EditResult {
  if (!template.catalogue.some((g) => g.items.some((i) => i.id === itemId))) {
    return refuse('unknown-target', `aucun élément « ${itemId} »`)
  }
  return ok({
    ...template,
    catalogue: template.catalogue.map((g) => ({ ...g, items: g.items.filter((i) => i.id !== itemId) })),
  })
}

// ---------------------------------------------------------------------------------------------------
// Fiches and sections

export function removeFiche(template: Template, ficheId: string): EditResult {
  if (!template.fiches.some((f) => f.id === ficheId))
    return refuse('unknown-target', `aucune fiche « ${ficheId} »`)
  return ok({ ...template, fiches: template.fiches.filter((f) => f.id !== ficheId) })
}

export function removeSection(template: Template, ficheId: string, sectionId: string) {
  return withFiche(template, ficheId, (f) =>
    f.sections.some((s) => s.id === sectionId)
      ? { ...f, sections: f.sections.filter((s) => s.id !== sectionId) }
      : { code: 'unknown-target', message: `aucune section « ${sectionId} » dans « ${ficheId} »` },
  )
}

export function addFiche(
  template: Template,
  fiche: { id: string; kind: FicheKind; title: string },
): EditResult {
  if (!ID.test(fiche.id)) return refuse('invalid-id', `identifiant de fiche invalide : « ${fiche.id} »`)
  if (template.fiches.some((f) => f.id === fiche.id)) {
    return refuse('duplicate-id', `une fiche « ${fiche.id} » existe déjà`)
  }
  return ok({ ...template, fiches: [...template.fiches, { ...fiche, sections: [] }] })
}

function withFiche(
  template: Template,
  ficheId: string,
  change: (f: Fiche) => Fiche | EditRefusal,
): EditResult {
  const index = template.fiches.findIndex((f) => f.id === ficheId)
  if (index < 0) return refuse('unknown-target', `aucune fiche « ${ficheId} »`)
  const next = change(template.fiches[index]!)
  if ('code' in next && 'message' in next) return { ok: false, refusal: next }
  return ok({ ...template, fiches: template.fiches.map((f, i) => (i === index ? next : f)) })
}

export function updateFiche(template: Template, ficheId: string, patch: Partial<Omit<Fiche, 'id'>>) {
  return withFiche(template, ficheId, (f) => {
    const next = { ...f, ...patch } as Record<string, unknown>
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key]
    return next as Fiche
  })
}

export function addSection(template: Template, ficheId: string, section: { id: string; title: string }) {
  return withFiche(template, ficheId, (f) => {
    if (!ID.test(section.id))
      return { code: 'invalid-id', message: `identifiant de section invalide : « ${section.id} »` }
    if (f.sections.some((s) => s.id === section.id)) {
      return { code: 'duplicate-id', message: `la section « ${section.id} » existe déjà dans cette fiche` }
    }
    return { ...f, sections: [...f.sections, { ...section, elements: [] }] }
  })
}

function withSection(
  template: Template,
  ficheId: string,
  sectionId: string,
  change: (s: Section) => Section | EditRefusal,
): EditResult {
  return withFiche(template, ficheId, (f) => {
    const index = f.sections.findIndex((s) => s.id === sectionId)
    if (index < 0)
      return { code: 'unknown-target', message: `aucune section « ${sectionId} » dans « ${ficheId} »` }
    const next = change(f.sections[index]!)
    if ('code' in next && 'message' in next) return next
    return { ...f, sections: f.sections.map((s, i) => (i === index ? next : s)) }
  })
}

/**
 * C1.1: a form collects only items of the PUT catalogue. The only way the designer adds a field to a
 * section is by naming a catalogue item; any other id is refused here, before any check runs.
 */
export function addItemToSection(
  template: Template,
  ficheId: string,
  sectionId: string,
  itemId: string,
): EditResult {
  const indexed = indexCatalogue(template).get(itemId)
  if (!indexed || indexed.parent) {
    return refuse(
      'not-in-catalogue',
      `« ${itemId} » n'est pas un élément du catalogue du PUT : une fiche ne recueille que les données définies par le PUT (C1.1)`,
    )
  }
  return withSection(template, ficheId, sectionId, (s) => ({
    ...s,
    elements: [...s.elements, { item: itemId }],
  }))
}

export function addNoteToSection(template: Template, ficheId: string, sectionId: string, note: string) {
  return withSection(template, ficheId, sectionId, (s) => ({ ...s, elements: [...s.elements, { note }] }))
}

export function removeElement(template: Template, ficheId: string, sectionId: string, index: number) {
  return withSection(template, ficheId, sectionId, (s) => ({
    ...s,
    elements: s.elements.filter((_, i) => i !== index),
  }))
}

/** Moves `list[from]` to position `to` (clamped); the same list when nothing moves. */
export function moveInList<T>(list: readonly T[], from: number, to: number): T[] {
  const target = Math.max(0, Math.min(list.length - 1, to))
  if (from < 0 || from >= list.length || from === target) return [...list]
  const next = [...list]
  const [moved] = next.splice(from, 1)
  next.splice(target, 0, moved as T)
  return next
}

export function moveElement(
  template: Template,
  ficheId: string,
  sectionId: string,
  from: number,
  to: number,
) {
  return withSection(template, ficheId, sectionId, (s) => ({
    ...s,
    elements: moveInList(s.elements, from, to),
  }))
}

export function moveSection(template: Template, ficheId: string, from: number, to: number) {
  return withFiche(template, ficheId, (f) => ({ ...f, sections: moveInList(f.sections, from, to) }))
}

/** Moves an element to the end of another section of the same fiche (drag and drop across sections). */
export function moveElementToSection(
  template: Template,
  ficheId: string,
  from: { sectionId: string; index: number },
  toSectionId: string,
) {
  return withFiche(template, ficheId, (f) => {
    const source = f.sections.find((s) => s.id === from.sectionId)
    const element = source?.elements[from.index]
    if (!source || !element || !f.sections.some((s) => s.id === toSectionId)) {
      return { code: 'unknown-target', message: 'élément ou section introuvable' }
    }
    return {
      ...f,
      sections: f.sections.map((s) => {
        if (s.id === from.sectionId && s.id === toSectionId) return s
        if (s.id === from.sectionId) return { ...s, elements: s.elements.filter((_, i) => i !== from.index) }
        if (s.id === toSectionId) return { ...s, elements: [...s.elements, element] }
        return s
      }),
    }
  })
}

/** Sets (or, with undefined, removes) a presentation property of an item element: widget, condition. */
export function updateElement(
  template: Template,
  ficheId: string,
  sectionId: string,
  index: number,
  patch: { widget?: Widget | undefined; when?: Condition | undefined; readOnly?: boolean | undefined },
) {
  return withSection(template, ficheId, sectionId, (s) => {
    const element = s.elements[index]
    if (!element || !('item' in element)) {
      return {
        code: 'unknown-target',
        message: `aucun élément n° ${index + 1} dans la section « ${sectionId} »`,
      }
    }
    const next = { ...element, ...patch } as Record<string, unknown>
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key]
    return { ...s, elements: s.elements.map((e, i) => (i === index ? (next as ItemElement) : e)) }
  })
}
