/**
 * fast-check arbitraries of valid fiche data, generated from the template itself (types, bounds,
 * options, relevance), and a plain-JS reading of the condition model to check the compiled predicates.
 */
import fc from 'fast-check'
import type { ColumnItem, Condition, Item, Metadata, Template } from '../model/template-schema.ts'
import { choiceOptions } from './choices.ts'
import { layOutFiche, layoutItems } from './fiche-layout.ts'
import { DEFAULT_MAX_LENGTH, DEFAULT_MAX_ROWS, TEXT_FORMATS } from './item-schema.ts'

type Data = Record<string, unknown>

/** What a condition means, written independently of its JSON Schema compilation. */
export function evaluateCondition(condition: Condition, data: Data): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, data))
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, data))
  if ('not' in condition) return !evaluateCondition(condition.not, data)
  const value = data[condition.item]
  const present = value !== undefined
  if ('equals' in condition) return present && value === condition.equals
  if ('notEquals' in condition) return present && value !== condition.notEquals
  if ('in' in condition) return present && condition.in.some((v) => v === value)
  if ('includes' in condition) return Array.isArray(value) && value.includes(condition.includes)
  if ('atLeast' in condition) return typeof value === 'number' && value >= condition.atLeast
  if ('atMost' in condition) return typeof value === 'number' && value <= condition.atMost
  const filled = present && value !== '' && !(Array.isArray(value) && value.length === 0)
  return condition.filled === filled
}

interface Slot {
  id: string
  required: boolean
  conditions: Condition[]
  value: fc.Arbitrary<unknown>
}

/** Valid data for fiche `ficheIndex`: each item present or not, then irrelevant items dropped. */
export function ficheDataArbitrary(template: Template, ficheIndex: number): fc.Arbitrary<Data> {
  const fiche = template.fiches[ficheIndex]
  if (!fiche) throw new RangeError(`no fiche at index ${ficheIndex}`)
  const slots = layoutItems(layOutFiche(template, fiche)).map(({ item, element, section }) => ({
    id: item.id,
    required: item.required ?? false,
    conditions: [item.when, element.when, section.when].filter((c): c is Condition => c !== undefined),
    value: valueArbitrary(item, template.metadata),
  }))
  return objectArbitrary(slots)
}

function objectArbitrary(slots: Slot[]): fc.Arbitrary<Data> {
  const entries = slots.map((slot) =>
    slot.required ? slot.value : fc.option(slot.value, { nil: undefined }),
  )
  return fc
    .tuple(...entries)
    .map((values) => {
      const full: Data = {}
      slots.forEach((slot, i) => {
        if (values[i] !== undefined) full[slot.id] = values[i]
      })
      return keepRelevant(full, slots)
    })
    .filter((data): data is Data => data !== undefined)
}

/**
 * Keeps the items whose conditions hold on the kept data. Dropping an item can make another relevant
 * again (through `not`), so this iterates from the full draw to a fixpoint; undefined if there is none.
 */
function keepRelevant(full: Data, slots: Slot[]): Data | undefined {
  let current = full
  for (let round = 0; round <= slots.length; round++) {
    const next: Data = {}
    for (const slot of slots) {
      if (slot.id in full && slot.conditions.every((c) => evaluateCondition(c, current)))
        next[slot.id] = full[slot.id]
    }
    if (Object.keys(next).join() === Object.keys(current).join()) return next
    current = next
  }
  return undefined
}

const TEXT_CHARS = "abcdeéèàçôz ABCDEZ-'0123456789".split('')
// Generated texts stay short: long ones only slow the runs without covering more of the schema.
const MAX_GENERATED_LENGTH = 40

function valueArbitrary(item: Item | ColumnItem, metadata: Metadata): fc.Arbitrary<unknown> {
  switch (item.type) {
    case 'text':
    case 'long-text':
      return textArbitrary(item)
    case 'integer':
      return fc.integer({ min: Math.ceil(item.min ?? -1e6), max: Math.floor(item.max ?? 1e6) })
    case 'decimal':
      return fc.double({ min: item.min ?? -1e6, max: item.max ?? 1e6, noNaN: true, noDefaultInfinity: true })
    case 'date':
      return fc
        .date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10))
    case 'month-year':
      return fc
        .tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }))
        .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`)
    case 'yes-no':
      return fc.boolean()
    case 'single-choice':
      return fc.constantFrom(...choiceOptions(item, metadata).map((o) => o.code))
    case 'multiple-choice': {
      const codes = choiceOptions(item, metadata).map((o) => o.code)
      return fc.subarray(codes, {
        minLength: item.minSelected ?? 0,
        maxLength: item.maxSelected ?? codes.length,
      })
    }
    case 'repeat': {
      const columns = 'columns' in item ? (item.columns ?? []) : []
      const row = objectArbitrary(
        columns.map((column) => ({
          id: column.id,
          required: column.required ?? false,
          conditions: column.when ? [column.when] : [],
          value: valueArbitrary(column, metadata),
        })),
      )
      const minRows = 'minRows' in item ? (item.minRows ?? 0) : 0
      const maxRows = ('maxRows' in item ? item.maxRows : undefined) ?? DEFAULT_MAX_ROWS
      return fc.array(row, { minLength: minRows, maxLength: Math.max(minRows, Math.min(maxRows, 4)) })
    }
  }
}

function textArbitrary(item: Item | ColumnItem): fc.Arbitrary<string> {
  const format = item.format ? TEXT_FORMATS[item.format] : undefined
  const maxLength =
    item.maxLength ??
    format?.maxLength ??
    DEFAULT_MAX_LENGTH[item.type === 'long-text' ? 'long-text' : 'text']
  const minLength = item.minLength ?? 0
  const fits = (s: string) => [...s].length >= minLength && [...s].length <= maxLength
  const patterns = [format && 'pattern' in format ? format.pattern : undefined, item.pattern]
    .filter((p): p is string => p !== undefined)
    .map((p) => new RegExp(p, 'u'))
  const [first, ...others] = patterns
  if (first) {
    return fc.stringMatching(first).filter((s) => fits(s) && others.every((p) => p.test(s)))
  }
  if (item.format === 'email') {
    const part = fc.string({ unit: fc.constantFrom(...'abcdefxyz'.split('')), minLength: 1, maxLength: 12 })
    return fc
      .tuple(part, part)
      .map(([local, domain]) => `${local}@${domain}.fr`)
      .filter(fits)
  }
  return fc.string({
    unit: fc.constantFrom(...TEXT_CHARS),
    minLength,
    maxLength: Math.max(minLength, Math.min(maxLength, MAX_GENERATED_LENGTH)),
  })
}
