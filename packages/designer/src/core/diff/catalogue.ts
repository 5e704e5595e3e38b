/**
 * Compares the catalogues of two versions item by item, matched by stable id (columns of repeated rows
 * included): what each item collects, how it is constrained, and which fiches collect it.
 */
import { ficheElements, type IndexedItem, indexCatalogue } from '../model/catalogue.ts'
import type { Path } from '../model/location.ts'
import type { ChoiceOption, Template } from '../model/template-schema.ts'
import { normalizeLabel } from './classification.ts'
import { byKey, type Emit, same, sameSet, sortedCopy } from './compare.ts'
import type { ChangeKind, ChangeTarget } from './types.ts'

/** Bounds whose rise narrows what is accepted, and bounds whose fall does. */
const LOWER_BOUNDS = ['min', 'minDate', 'minLength', 'minSelected', 'minRows'] as const
const UPPER_BOUNDS = ['max', 'maxDate', 'maxLength', 'maxSelected', 'maxRows', 'decimals'] as const

const CHOICE_TYPES: ReadonlySet<string> = new Set(['single-choice', 'multiple-choice'])

export function diffCatalogue(a: Template, b: Template, emit: Emit): void {
  diffGroups(a, b, emit)
  const itemsA = indexCatalogue(a)
  const itemsB = indexCatalogue(b)
  const fichesA = fichesCollecting(a)
  const fichesB = fichesCollecting(b)
  const fichesInA = new Set(a.fiches.map((f) => f.id))
  for (const [id, inB] of itemsB) {
    const inA = itemsA.get(id)
    if (!inA) {
      // A new repeated-rows item brings its columns along: one change, not one per column.
      if (!inB.parent || itemsA.has(inB.parent.id)) {
        emit({
          kind: 'item-added',
          target: targetOf(inB),
          pathB: inB.path,
          after: inB.item,
          params: {
            label: inB.item.label,
            type: inB.item.type,
            fiches: fichesB.get(id) ?? [],
            existingFiches: (fichesB.get(inB.parent?.id ?? id) ?? []).filter((f) => fichesInA.has(f)),
          },
        })
      }
      continue
    }
    diffItem(inA, inB, emit)
    if (!inB.parent && !sameSet(fichesA.get(id), fichesB.get(id))) {
      const before = sortedCopy(fichesA.get(id))
      const after = sortedCopy(fichesB.get(id))
      emit({
        kind: 'item-fiches-changed',
        target: targetOf(inB),
        pathA: inA.path,
        pathB: inB.path,
        before,
        after,
        params: {
          label: inB.item.label,
          added: after.filter((f) => !before.includes(f)),
          removed: before.filter((f) => !after.includes(f)),
        },
      })
    }
  }
  for (const [id, inA] of itemsA) {
    if (itemsB.has(id) || (inA.parent && !itemsB.has(inA.parent.id))) continue
    emit({
      kind: 'item-removed',
      target: targetOf(inA),
      pathA: inA.path,
      before: inA.item,
      params: { label: inA.item.label, type: inA.item.type, fiches: fichesA.get(id) ?? [] },
    })
  }
}

function diffGroups(a: Template, b: Template, emit: Emit): void {
  const groupsA = byKey(a.catalogue, (g) => g.id)
  const groupsB = byKey(b.catalogue, (g) => g.id)
  for (const [id, { value: group, index }] of groupsB) {
    const old = groupsA.get(id)
    const pathB: Path = ['catalogue', index]
    if (!old) emit({ kind: 'group-added', target: { groupId: id }, pathB, params: { title: group.title } })
    else if (old.value.title !== group.title || old.value.annex !== group.annex) {
      emit({
        kind: 'group-changed',
        target: { groupId: id },
        pathA: ['catalogue', old.index],
        pathB,
        before: { title: old.value.title, annex: old.value.annex },
        after: { title: group.title, annex: group.annex },
        params: { title: group.title },
      })
    }
  }
  for (const [id, { value: group, index }] of groupsA) {
    if (!groupsB.has(id)) {
      emit({
        kind: 'group-removed',
        target: { groupId: id },
        pathA: ['catalogue', index],
        params: { title: group.title },
      })
    }
  }
}

function targetOf(entry: IndexedItem): ChangeTarget {
  return entry.parent
    ? { itemId: entry.item.id, parentItemId: entry.parent.id, groupId: entry.group.id }
    : { itemId: entry.item.id, groupId: entry.group.id }
}

/** Item id → ids of the fiches that collect it, in template order. */
function fichesCollecting(template: Template): Map<string, string[]> {
  const result = new Map<string, string[]>()
  template.fiches.forEach((fiche, f) => {
    for (const { element } of ficheElements(template, f)) {
      const list = result.get(element.item) ?? []
      if (!list.includes(fiche.id)) list.push(fiche.id)
      result.set(element.item, list)
    }
  })
  return result
}

function diffItem(inA: IndexedItem, inB: IndexedItem, emit: Emit): void {
  const a = inA.item as Record<string, unknown> & IndexedItem['item']
  const b = inB.item as Record<string, unknown> & IndexedItem['item']
  const target = targetOf(inB)
  const label = b.label
  const field = (kind: ChangeKind, key: string, params = {}, before = a[key], after = b[key]) =>
    emit({
      kind,
      target,
      pathA: [...inA.path, key],
      pathB: [...inB.path, key],
      before,
      after,
      params: { label, ...params },
    })

  if (inA.parent?.id !== inB.parent?.id) {
    field('item-parent-changed', 'id', { from: inA.parent?.id ?? null, to: inB.parent?.id ?? null })
  } else if (!inB.parent && inA.group.id !== inB.group.id) {
    emit({
      kind: 'item-group-changed',
      target,
      pathA: inA.path,
      pathB: inB.path,
      before: inA.group.id,
      after: inB.group.id,
      params: { label, from: inA.group.title, to: inB.group.title },
    })
  }
  if (a.label !== b.label) field('item-label-changed', 'label')
  if (a.help !== b.help) field('item-help-changed', 'help')
  if (a.type !== b.type) field('item-type-changed', 'type')
  if (a.unit !== b.unit) field('item-unit-changed', 'unit')
  if (a.pattern !== b.pattern) field('item-pattern-changed', 'pattern')
  if (a.format !== b.format) field('item-format-changed', 'format')
  if (Boolean(a.required) !== Boolean(b.required)) {
    field(b.required ? 'item-required-added' : 'item-required-removed', 'required')
  }
  if (!same(a.when, b.when)) field('item-condition-changed', 'when')
  if (!sameSet(a.filledBy, b.filledBy)) field('item-filled-by-changed', 'filledBy')
  if (a.optionsFrom !== b.optionsFrom) field('item-options-from-changed', 'optionsFrom')
  for (const bound of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const before = boundOf(a, bound)
    const after = boundOf(b, bound)
    if (before === after) continue
    const lower = (LOWER_BOUNDS as readonly string[]).includes(bound)
    field(
      narrows(before, after, lower) ? 'item-bounds-narrowed' : 'item-bounds-widened',
      bound,
      { bound },
      before,
      after,
    )
  }
  if (CHOICE_TYPES.has(a.type) && CHOICE_TYPES.has(b.type)) diffOptions(inA, inB, emit)
}

/** An integer has no decimals whatever it says, so integer → decimal with `decimals: 1` widens. */
function boundOf(item: Record<string, unknown>, bound: string): number | string | undefined {
  if (bound === 'decimals' && item.type === 'integer') return 0
  return item[bound] as number | string | undefined
}

/** A bound narrows when it appears, or moves inwards; ISO dates compare as text. */
function narrows(
  before: number | string | undefined,
  after: number | string | undefined,
  lower: boolean,
): boolean {
  if (after === undefined) return false
  if (before === undefined) return true
  if (typeof before !== typeof after) return true
  return lower ? after > before : after < before
}

function diffOptions(inA: IndexedItem, inB: IndexedItem, emit: Emit): void {
  const optionsA = byKey(inA.item.options, (o) => o.code)
  const optionsB = byKey(inB.item.options, (o) => o.code)
  const target = (code: string): ChangeTarget => ({ ...targetOf(inB), code })
  const label = inB.item.label
  const pathA = (index: number): Path => [...inA.path, 'options', index]
  const pathB = (index: number): Path => [...inB.path, 'options', index]
  for (const [code, { value: option, index }] of optionsB) {
    const old = optionsA.get(code)
    if (!old) {
      emit({
        kind: 'item-option-added',
        target: target(code),
        pathB: pathB(index),
        after: option.label,
        params: { label, code, option: option.label },
      })
    } else if (old.value.label !== option.label) {
      const kind = codeMeaningChanged(code, inA.item.options ?? [], inB.item.options ?? [])
        ? 'item-option-code-meaning-changed'
        : 'item-option-relabelled'
      emit({
        kind,
        target: target(code),
        pathA: pathA(old.index),
        pathB: pathB(index),
        before: old.value.label,
        after: option.label,
        params: { label, code },
      })
    }
  }
  for (const [code, { value: option, index }] of optionsA) {
    if (!optionsB.has(code)) {
      emit({
        kind: 'item-option-removed',
        target: target(code),
        pathA: pathA(index),
        before: option.label,
        params: { label, code, option: option.label },
      })
    }
  }
  const orderA = [...optionsA.keys()].filter((c) => optionsB.has(c))
  const orderB = [...optionsB.keys()].filter((c) => optionsA.has(c))
  if (!same(orderA, orderB)) {
    emit({
      kind: 'item-options-reordered',
      target: targetOf(inB),
      pathA: [...inA.path, 'options'],
      pathB: [...inB.path, 'options'],
      before: orderA,
      after: orderB,
      params: { label },
    })
  }
}

/**
 * The REDCap hazard (1 = Vanille becomes 1 = Chocolat): a code now carries the label another code had
 * in A, or its old label moved to another code in B. Answers already stored under that code would be
 * read with the other meaning.
 */
export function codeMeaningChanged(
  code: string,
  optionsA: ChoiceOption[],
  optionsB: ChoiceOption[],
): boolean {
  const labelA = optionsA.find((o) => o.code === code)?.label
  const labelB = optionsB.find((o) => o.code === code)?.label
  if (labelA === undefined || labelB === undefined) return false
  const takenFrom = optionsA.some(
    (o) => o.code !== code && normalizeLabel(o.label) === normalizeLabel(labelB),
  )
  const givenTo = optionsB.some((o) => o.code !== code && normalizeLabel(o.label) === normalizeLabel(labelA))
  return takenFrom || givenTo
}
