/**
 * Bounds that no answer can satisfy (min above max…), dates that are not dates, and properties the
 * item's type ignores (a `maxLength` on a number): each is a typing mistake that would silently change
 * what the form accepts.
 */

import { choiceOptions } from '../compile/choices.ts'
import type { Path } from '../model/location.ts'
import type { ColumnItem, ItemType, Template } from '../model/template-schema.ts'
import { templateFacts } from './template-facts.ts'
import type { Check, Hit } from './types.ts'

type Property = keyof ColumnItem | 'columns' | 'minRows' | 'maxRows'

/** Which types each type-specific property applies to: the table of docs/template-format.md. */
const APPLIES_TO: Readonly<Partial<Record<Property, readonly ItemType[]>>> = {
  minLength: ['text', 'long-text'],
  maxLength: ['text', 'long-text'],
  pattern: ['text', 'long-text'],
  format: ['text', 'long-text'],
  min: ['integer', 'decimal'],
  max: ['integer', 'decimal'],
  unit: ['integer', 'decimal'],
  decimals: ['decimal'],
  minDate: ['date', 'month-year'],
  maxDate: ['date', 'month-year'],
  options: ['single-choice', 'multiple-choice'],
  optionsFrom: ['single-choice', 'multiple-choice'],
  minSelected: ['multiple-choice'],
  maxSelected: ['multiple-choice'],
  columns: ['repeat'],
  minRows: ['repeat'],
  maxRows: ['repeat'],
}
const APPLICABILITY = Object.entries(APPLIES_TO)

/** Pairs that must be in order when both are given. */
const PAIRS = [
  ['min', 'max'],
  ['minLength', 'maxLength'],
  ['minDate', 'maxDate'],
  ['minSelected', 'maxSelected'],
  ['minRows', 'maxRows'],
] as const

const DATE_SHAPE: Partial<Record<ItemType, RegExp>> = {
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  'month-year': /^\d{4}-(0[1-9]|1[0-2])$/,
}

export const impossibleBounds: Check = (template, facts = templateFacts(template)) =>
  facts.items.flatMap(({ item, path }) => {
    const values = item as Record<string, unknown>
    const inapplicable: Hit[] = []
    for (const [property, types] of APPLICABILITY) {
      if (values[property] !== undefined && !types.includes(item.type)) {
        inapplicable.push({
          path: [...path, property],
          params: { reason: 'inapplicable', item: item.id, property, type: item.type },
        })
      }
    }
    // Bounds on the wrong type are reported once, as inapplicable, not judged as bounds too.
    if (inapplicable.length > 0) return inapplicable
    return [
      ...disordered(values, path, item.id),
      ...badDates(item, path),
      ...tooFewOptions(item, path, template),
    ]
  })

function disordered(values: Record<string, unknown>, path: Path, item: string): Hit[] {
  const hits: Hit[] = []
  for (const [low, high] of PAIRS) {
    const min = values[low]
    const max = values[high]
    if (min === undefined || max === undefined) continue
    // ISO dates of the same shape compare correctly as strings.
    if (typeof min !== typeof max || (min as number | string) <= (max as number | string)) continue
    hits.push({
      path: [...path, low],
      params: { reason: 'min-above-max', item, low, high, min: String(min), max: String(max) },
    })
  }
  return hits
}

function badDates(item: ColumnItem, path: Path): Hit[] {
  const shape = DATE_SHAPE[item.type]
  if (!shape) return []
  return (['minDate', 'maxDate'] as const).flatMap((property): Hit[] => {
    const value = item[property]
    if (value === undefined || shape.test(value)) return []
    return [
      {
        path: [...path, property],
        params: { reason: 'bad-date', item: item.id, property, value, type: item.type },
      },
    ]
  })
}

function tooFewOptions(item: ColumnItem, path: Path, template: Template): Hit[] {
  if (item.type !== 'multiple-choice' || item.minSelected === undefined) return []
  const count = choiceOptions(item, template.metadata).length
  // A choice without options is `empty-options`'s to report.
  if (count === 0 || item.minSelected <= count) return []
  return [
    {
      path: [...path, 'minSelected'],
      params: { reason: 'more-than-options', item: item.id, min: item.minSelected, count },
    },
  ]
}
