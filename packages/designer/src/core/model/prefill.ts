/**
 * C8.1: prefilling a fiche from another programme's fiche through the item equivalences the template
 * declares (`prefill`). Pure: the compatibility of two templates' items, and the values a source fiche's
 * data offers to a target fiche. What the user must confirm is the server's business.
 */
import { indexCatalogue } from './catalogue.ts'
import type { ColumnItem, Item, ItemType, PrefillSource, Template } from './template-schema.ts'

/** Why an equivalence cannot carry a value from the source template to the target. */
export type PrefillMismatchReason =
  | 'unknown-fiche'
  | 'unknown-item'
  | 'item-not-in-fiche'
  | 'type-mismatch'
  | 'options-mismatch'

export interface PrefillMismatch {
  fiche: string
  item: string
  sourceItem: string
  reason: PrefillMismatchReason
  /** For `options-mismatch`: the source's codes the target does not offer. */
  codes?: string[]
}

/** Source type → target types that hold its values unchanged. */
const CARRIES: Record<ItemType, readonly ItemType[]> = {
  text: ['text', 'long-text'],
  'long-text': ['long-text'],
  integer: ['integer', 'decimal'],
  decimal: ['decimal'],
  date: ['date'],
  'month-year': ['month-year'],
  'yes-no': ['yes-no'],
  'single-choice': ['single-choice', 'multiple-choice'],
  'multiple-choice': ['multiple-choice'],
  repeat: ['repeat'],
}

/** The codes a choice offers: its options, or the template's UCDs or indications. */
export function choiceCodes(template: Template, item: Item | ColumnItem): string[] {
  if (item.optionsFrom === 'ucds') return template.metadata.ucds.map((u) => u.code)
  if (item.optionsFrom === 'indications') return template.metadata.indications.map((i) => i.id)
  return (item.options ?? []).map((o) => o.code)
}

/** The items a fiche collects (top level), by id. */
function ficheItems(template: Template, ficheId: string): Map<string, Item | ColumnItem> | undefined {
  const fiche = template.fiches.find((f) => f.id === ficheId)
  if (!fiche) return undefined
  const catalogue = indexCatalogue(template)
  const items = new Map<string, Item | ColumnItem>()
  for (const section of fiche.sections) {
    for (const element of section.elements) {
      if (!('item' in element)) continue
      const indexed = catalogue.get(element.item)
      if (indexed && !indexed.parent) items.set(element.item, indexed.item)
    }
  }
  return items
}

const columnsOf = (item: Item | ColumnItem): ColumnItem[] => ('columns' in item ? (item.columns ?? []) : [])

/** Whether a source item's values fit a target item (same kind; a choice's codes offered by the target). */
function mismatchOf(
  target: Template,
  item: Item | ColumnItem,
  source: Template,
  sourceItem: Item | ColumnItem,
): Pick<PrefillMismatch, 'reason' | 'codes'> | undefined {
  if (!CARRIES[sourceItem.type].includes(item.type)) return { reason: 'type-mismatch' }
  if (item.type === 'single-choice' || item.type === 'multiple-choice') {
    const offered = new Set(choiceCodes(target, item))
    const missing = choiceCodes(source, sourceItem).filter((code) => !offered.has(code))
    if (missing.length > 0) return { reason: 'options-mismatch', codes: missing }
  }
  if (item.type === 'repeat') {
    const columns = new Map(columnsOf(item).map((c) => [c.id, c]))
    for (const column of columnsOf(sourceItem)) {
      const mine = columns.get(column.id)
      if (!mine || mismatchOf(target, mine, source, column)) return { reason: 'type-mismatch' }
    }
  }
  return undefined
}

/** The equivalences of `target` that read from `source`'s programme. */
export const prefillSourcesFrom = (target: Template, ficheId: string, programme: string): PrefillSource[] =>
  (target.fiches.find((f) => f.id === ficheId)?.prefill ?? []).filter((p) => p.from.programme === programme)

/**
 * Every equivalence of `target` reading from `source` (another programme's template) that cannot carry a
 * value: unknown fiche or item, an item the source fiche does not collect, a different kind of answer, or
 * choice codes the target does not offer.
 */
export function prefillMismatches(target: Template, source: Template): PrefillMismatch[] {
  return target.fiches.flatMap((fiche) => {
    const mine = ficheItems(target, fiche.id)!
    return prefillSourcesFrom(target, fiche.id, source.programme).flatMap((entry) => {
      const theirs = ficheItems(source, entry.from.fiche)
      const sourceCatalogue = indexCatalogue(source)
      return Object.entries(entry.items).flatMap(([item, sourceItem]): PrefillMismatch[] => {
        const at = { fiche: fiche.id, item, sourceItem }
        if (!theirs) return [{ ...at, reason: 'unknown-fiche' }]
        const theirItem = theirs.get(sourceItem)
        if (!theirItem) {
          return [{ ...at, reason: sourceCatalogue.has(sourceItem) ? 'item-not-in-fiche' : 'unknown-item' }]
        }
        const myItem = mine.get(item)
        // The target's own dangling equivalences are the `prefill-reference` check's.
        if (!myItem) return []
        const mismatch = mismatchOf(target, myItem, source, theirItem)
        return mismatch ? [{ ...at, ...mismatch }] : []
      })
    })
  })
}

export interface PrefilledValue {
  /** The target fiche's item. */
  item: string
  /** The source fiche's item it comes from. */
  sourceItem: string
  value: unknown
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)

/** A single choice carried into a multiple choice becomes a one-code list. */
function carried(item: Item | ColumnItem, sourceItem: Item | ColumnItem, value: unknown): unknown {
  if (item.type === 'multiple-choice' && sourceItem.type === 'single-choice') return [value]
  return value
}

/**
 * The values `sourceData` (a fiche of `source`'s programme) offers to `ficheId` of `target`: one per
 * compatible equivalence whose source value is filled; incompatible equivalences carry nothing.
 */
export function prefillValues(
  target: Template,
  ficheId: string,
  source: Template,
  sourceFicheId: string,
  sourceData: Record<string, unknown>,
): PrefilledValue[] {
  const mismatched = new Set(
    prefillMismatches(target, source)
      .filter((m) => m.fiche === ficheId)
      .map((m) => `${m.item}\u0000${m.sourceItem}`),
  )
  const mine = ficheItems(target, ficheId)
  const theirs = ficheItems(source, sourceFicheId)
  if (!mine || !theirs) return []
  const seen = new Set<string>()
  return prefillSourcesFrom(target, ficheId, source.programme)
    .filter((entry) => entry.from.fiche === sourceFicheId)
    .flatMap((entry) =>
      Object.entries(entry.items).flatMap(([item, sourceItem]): PrefilledValue[] => {
        const myItem = mine.get(item)
        const theirItem = theirs.get(sourceItem)
        const value = sourceData[sourceItem]
        if (!myItem || !theirItem || isEmpty(value) || seen.has(item)) return []
        if (mismatched.has(`${item}\u0000${sourceItem}`)) return []
        seen.add(item)
        return [{ item, sourceItem, value: carried(myItem, theirItem, value) }]
      }),
    )
}
