/**
 * Lookups over a template that compile, checks and diff all need: catalogue items by id (columns of
 * repeated rows included) with their path in the file, the items a condition reads, a fiche's items.
 */
import type { Path } from './location.ts'
import type {
  CatalogueGroup,
  ColumnItem,
  Condition,
  Fiche,
  Item,
  ItemElement,
  Template,
} from './template-schema.ts'

export interface IndexedItem {
  item: Item | ColumnItem
  path: Path
  group: CatalogueGroup
  /** The repeated-rows item this one is a column of. */
  parent?: Item
}

/** Items by id; on a duplicate id the first wins (the `duplicate-id` check reports the others). */
export function indexCatalogue(template: Template): Map<string, IndexedItem> {
  const index = new Map<string, IndexedItem>()
  template.catalogue.forEach((group, g) => {
    group.items.forEach((item, i) => {
      const path: Path = ['catalogue', g, 'items', i]
      if (!index.has(item.id)) index.set(item.id, { item, path, group })
      item.columns?.forEach((column, c) => {
        if (!index.has(column.id)) {
          index.set(column.id, { item: column, path: [...path, 'columns', c], group, parent: item })
        }
      })
    })
  })
  return index
}

/** Every item id a condition reads, in order of appearance. */
export function conditionItems(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionItems)
  if ('any' in condition) return condition.any.flatMap(conditionItems)
  if ('not' in condition) return conditionItems(condition.not)
  return [condition.item]
}

export interface PlacedElement {
  element: ItemElement
  sectionIndex: number
  path: Path
}

/** The item elements of a fiche, in display order, with their path in the template. */
export function ficheElements(template: Template, ficheIndex: number): PlacedElement[] {
  const fiche = template.fiches[ficheIndex] as Fiche
  return fiche.sections.flatMap((section, s) =>
    section.elements.flatMap((element, e) =>
      'item' in element
        ? [{ element, sectionIndex: s, path: ['fiches', ficheIndex, 'sections', s, 'elements', e] as Path }]
        : [],
    ),
  )
}

/**
 * The item that dates each fiche (follow-up's visit and stop dates, the missing-data report): the schedule
 * anchor's item for the anchor fiche, else the fiche's first date item; null when it has none.
 */
export function ficheDateItems(template: Template): Map<string, string | null> {
  const catalogue = indexCatalogue(template)
  const anchor = template.schedule?.anchor
  return new Map(
    template.fiches.map((f) => {
      if (anchor && anchor.fiche === f.id) return [f.id, anchor.item]
      const items = f.sections.flatMap((s) => s.elements.flatMap((e) => ('item' in e ? [e.item] : [])))
      return [f.id, items.find((id) => catalogue.get(id)?.item.type === 'date') ?? null]
    }),
  )
}
