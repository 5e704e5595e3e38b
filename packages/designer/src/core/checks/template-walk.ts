/**
 * Walks over a template that several checks share: every item with its path (duplicates and columns
 * included), the items each fiche collects, and every condition with the items it may read.
 */
import { indexCatalogue } from '../model/catalogue.ts'
import type { Path } from '../model/location.ts'
import type { ColumnItem, Condition, Item, Template } from '../model/template-schema.ts'

export interface PlacedItem {
  item: Item | ColumnItem
  path: Path
  /** The repeated-rows item this one is a column of. */
  parent?: Item
}

/** Every catalogue item and column in file order, duplicates included (unlike `indexCatalogue`). */
export function everyItem(template: Template): PlacedItem[] {
  return template.catalogue.flatMap((group, g) =>
    group.items.flatMap((item, i) => {
      const path: Path = ['catalogue', g, 'items', i]
      const columns = (item.columns ?? []).map((column, c) => ({
        item: column,
        path: [...path, 'columns', c],
        parent: item,
      }))
      return [{ item, path }, ...columns]
    }),
  )
}

/** The top-level catalogue items a fiche collects: its elements bound to items that are not columns. */
export function collectedIds(
  template: Template,
  ficheIndex: number,
  catalogue = indexCatalogue(template),
): Set<string> {
  const ids = new Set<string>()
  for (const section of template.fiches[ficheIndex]?.sections ?? []) {
    for (const element of section.elements) {
      if (!('item' in element)) continue
      const indexed = catalogue.get(element.item)
      if (indexed && !indexed.parent) ids.add(element.item)
    }
  }
  return ids
}

/** A test on one item: `{ item, equals }`, `{ item, filled }`… */
export type LeafCondition = Extract<Condition, { item: string }>

/**
 * What a condition may read: the items its fiche collects, the sibling columns of its row, or, for an
 * item no fiche collects yet, any top-level catalogue item.
 */
export type ConditionScope =
  | { kind: 'fiche'; ficheIndex: number }
  | { kind: 'row'; repeat: Item }
  | { kind: 'catalogue' }

export interface PlacedCondition {
  leaf: LeafCondition
  /** Path of the leaf test itself (`…when.all[1]`). */
  path: Path
  scope: ConditionScope
  /** The item the test reads, when its scope lets it read it. */
  source: Item | ColumnItem | undefined
}

/**
 * Every leaf test of every condition, once per scope it is evaluated in: an item's own `when` is read in
 * each fiche that collects the item, a column's `when` in its row, an element's or section's in its fiche.
 */
export function everyCondition(template: Template): PlacedCondition[] {
  const catalogue = indexCatalogue(template)
  const collected = template.fiches.map((_, f) => collectedIds(template, f, catalogue))
  const readable = (scope: ConditionScope, id: string): Item | ColumnItem | undefined => {
    if (scope.kind === 'row') return scope.repeat.columns?.find((column) => column.id === id)
    const indexed = catalogue.get(id)
    if (!indexed || indexed.parent) return undefined
    if (scope.kind === 'fiche' && !collected[scope.ficheIndex]?.has(id)) return undefined
    return indexed.item
  }
  const place = (condition: Condition, path: Path, scope: ConditionScope) =>
    leaves(condition, path).map(({ leaf, at }) => ({
      leaf,
      path: at,
      scope,
      source: readable(scope, leaf.item),
    }))

  const placed: PlacedCondition[] = []
  for (const { item, path, parent } of everyItem(template)) {
    if (!item.when) continue
    const at = [...path, 'when']
    const fiches = collected.flatMap((ids, f) => (ids.has(item.id) ? [f] : []))
    if (parent) placed.push(...place(item.when, at, { kind: 'row', repeat: parent }))
    else if (fiches.length === 0) placed.push(...place(item.when, at, { kind: 'catalogue' }))
    else for (const f of fiches) placed.push(...place(item.when, at, { kind: 'fiche', ficheIndex: f }))
  }
  template.fiches.forEach((fiche, f) => {
    const scope: ConditionScope = { kind: 'fiche', ficheIndex: f }
    fiche.sections.forEach((section, s) => {
      const sectionPath: Path = ['fiches', f, 'sections', s]
      if (section.when) placed.push(...place(section.when, [...sectionPath, 'when'], scope))
      section.elements.forEach((element, e) => {
        if ('item' in element && element.when) {
          placed.push(...place(element.when, [...sectionPath, 'elements', e, 'when'], scope))
        }
      })
    })
  })
  return placed
}

/** For each top-level item id, the indexes of the fiches that collect it. */
export function fichesCollecting(template: Template): Map<string, number[]> {
  const catalogue = indexCatalogue(template)
  const fiches = new Map<string, number[]>()
  template.fiches.forEach((_, f) => {
    for (const id of collectedIds(template, f, catalogue)) fiches.set(id, [...(fiches.get(id) ?? []), f])
  })
  return fiches
}

function leaves(condition: Condition, path: Path): { leaf: LeafCondition; at: Path }[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => leaves(c, [...path, 'all', i]))
  if ('any' in condition) return condition.any.flatMap((c, i) => leaves(c, [...path, 'any', i]))
  if ('not' in condition) return leaves(condition.not, [...path, 'not'])
  return [{ leaf: condition, at: path }]
}
