/**
 * What the checks share about a template, computed once per run so that every rule stays linear in the
 * template's size: the catalogue index, every item with its path, what each fiche collects, every condition.
 */
import { compileTemplate } from '../compile/compile.ts'
import type { CompiledTemplate } from '../compile/types.ts'
import { type IndexedItem, indexCatalogue } from '../model/catalogue.ts'
import type { Path } from '../model/location.ts'
import type { ColumnItem, Condition, Item, Template } from '../model/template-schema.ts'

export interface PlacedItem {
  item: Item | ColumnItem
  path: Path
  /** The repeated-rows item this one is a column of. */
  parent?: Item
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

export interface TemplateFacts {
  /** Items and columns by id, the first of a duplicate winning (see `indexCatalogue`). */
  catalogue: Map<string, IndexedItem>
  /** Every catalogue item and column in file order, duplicates included (unlike `catalogue`). */
  items: PlacedItem[]
  /** For each fiche, the top-level catalogue items it collects: elements bound to items that are not columns. */
  collected: Set<string>[]
  /** For each top-level item id, the indexes of the fiches that collect it, in order. */
  fichesCollecting: Map<string, number[]>
  /**
   * Every leaf test of every condition, once per scope it is evaluated in: an item's own `when` is read in
   * each fiche that collects the item, a column's `when` in its row, an element's or section's in its fiche.
   */
  conditions: PlacedCondition[]
  /** The compiled fiches, compiled on first use unless given; undefined when the compiler failed. */
  compiled(): CompiledTemplate | undefined
}

/**
 * Builds the facts the checks read; `compiled` spares a second compilation to callers that compile anyway.
 * @example templateFacts(template, compileTemplate(template)).fichesCollecting.get('poids_kg')
 */
export function templateFacts(template: Template, compiled?: CompiledTemplate): TemplateFacts {
  const catalogue = indexCatalogue(template)
  const collected = template.fiches.map((fiche) => {
    const ids = new Set<string>()
    for (const section of fiche.sections) {
      for (const element of section.elements) {
        if (!('item' in element)) continue
        const indexed = catalogue.get(element.item)
        if (indexed && !indexed.parent) ids.add(element.item)
      }
    }
    return ids
  })
  const fichesCollecting = new Map<string, number[]>()
  collected.forEach((ids, f) => {
    for (const id of ids) {
      const fiches = fichesCollecting.get(id)
      if (fiches) fiches.push(f)
      else fichesCollecting.set(id, [f])
    }
  })
  const items = everyItem(template)
  let compilation: { value: CompiledTemplate | undefined } | undefined = compiled
    ? { value: compiled }
    : undefined
  return {
    catalogue,
    items,
    collected,
    fichesCollecting,
    conditions: everyCondition(template, { catalogue, items, collected, fichesCollecting }),
    compiled: () => {
      compilation ??= { value: tryCompile(template) }
      return compilation.value
    },
  }
}

function tryCompile(template: Template): CompiledTemplate | undefined {
  try {
    return compileTemplate(template)
  } catch {
    // `field-outside-put` reports a template it cannot compile: C1.1 cannot be proven without schemas.
    return undefined
  }
}

function everyItem(template: Template): PlacedItem[] {
  const placed: PlacedItem[] = []
  template.catalogue.forEach((group, g) => {
    group.items.forEach((item, i) => {
      const path: Path = ['catalogue', g, 'items', i]
      placed.push({ item, path })
      item.columns?.forEach((column, c) => {
        placed.push({ item: column, path: [...path, 'columns', c], parent: item })
      })
    })
  })
  return placed
}

type Indexes = Pick<TemplateFacts, 'catalogue' | 'items' | 'collected' | 'fichesCollecting'>

function everyCondition(template: Template, indexes: Indexes): PlacedCondition[] {
  const { catalogue, items, collected, fichesCollecting } = indexes
  const readable = (scope: ConditionScope, id: string): Item | ColumnItem | undefined => {
    if (scope.kind === 'row') return scope.repeat.columns?.find((column) => column.id === id)
    const indexed = catalogue.get(id)
    if (!indexed || indexed.parent) return undefined
    if (scope.kind === 'fiche' && !collected[scope.ficheIndex]?.has(id)) return undefined
    return indexed.item
  }
  const placed: PlacedCondition[] = []
  const place = (condition: Condition, path: Path, scope: ConditionScope) => {
    for (const { leaf, at } of leaves(condition, path)) {
      placed.push({ leaf, path: at, scope, source: readable(scope, leaf.item) })
    }
  }

  for (const { item, path, parent } of items) {
    if (!item.when) continue
    const at = [...path, 'when']
    const fiches = parent ? [] : (fichesCollecting.get(item.id) ?? [])
    if (parent) place(item.when, at, { kind: 'row', repeat: parent })
    else if (fiches.length === 0) place(item.when, at, { kind: 'catalogue' })
    else for (const f of fiches) place(item.when, at, { kind: 'fiche', ficheIndex: f })
  }
  template.fiches.forEach((fiche, f) => {
    const scope: ConditionScope = { kind: 'fiche', ficheIndex: f }
    fiche.sections.forEach((section, s) => {
      if (section.when) place(section.when, ['fiches', f, 'sections', s, 'when'], scope)
      section.elements.forEach((element, e) => {
        if ('item' in element && element.when) {
          place(element.when, ['fiches', f, 'sections', s, 'elements', e, 'when'], scope)
        }
      })
    })
  })
  return placed
}

function leaves(condition: Condition, path: Path): { leaf: LeafCondition; at: Path }[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => leaves(c, [...path, 'all', i]))
  if ('any' in condition) return condition.any.flatMap((c, i) => leaves(c, [...path, 'any', i]))
  if ('not' in condition) return leaves(condition.not, [...path, 'not'])
  return [{ leaf: condition, at: path }]
}
