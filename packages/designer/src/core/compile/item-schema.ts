/**
 * One catalogue item → the JSON Schema of its value. Every string gets a maxLength (ajv's secure
 * meta-schema asks for it with pattern/format), every property names its PUT item in `x-put-item`.
 */
import type { ColumnItem, Item, Metadata } from '../model/template-schema.ts'
import { choiceOptions, itemLabel } from './choices.ts'
import { requiredKeywords } from './conditional-required.ts'
import { compileCondition } from './conditions.ts'
import type { JsonSchema } from './types.ts'

export const DEFAULT_MAX_LENGTH = { text: 1000, 'long-text': 10000 } as const
export const DEFAULT_MAX_ROWS = 100
export const MONTH_YEAR_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$'

/** Patterns and lengths of the identifier formats French health forms ask for. */
export const TEXT_FORMATS = {
  email: { format: 'email', maxLength: 254 },
  // RPPS: 11 digits. FINESS: 9 characters, the first two the département (2A/2B in Corsica).
  rpps: { pattern: '^\\d{11}$', maxLength: 11 },
  finess: { pattern: '^(?:\\d{2}|2[AB])\\d{7}$', maxLength: 9 },
  // 01 23 45 67 89, 0123456789, 01.23.45.67.89, +33 1 23 45 67 89
  phone: { pattern: '^(?:0|\\+33 ?)[1-9](?:[ .-]?\\d{2}){4}$', maxLength: 20 },
} as const

/** The schema of an item's value, with its French title and `x-put-item`. */
export function itemSchema(item: Item | ColumnItem, metadata: Metadata): JsonSchema {
  return {
    title: itemLabel(item),
    ...(item.help ? { description: item.help } : {}),
    ...valueSchema(item, metadata),
    'x-put-item': item.id,
  }
}

function valueSchema(item: Item | ColumnItem, metadata: Metadata): JsonSchema {
  switch (item.type) {
    case 'text':
    case 'long-text':
      return textSchema(item)
    case 'integer':
    case 'decimal':
      return {
        type: item.type === 'integer' ? 'integer' : 'number',
        ...(item.min !== undefined ? { minimum: item.min } : {}),
        ...(item.max !== undefined ? { maximum: item.max } : {}),
      }
    // minDate/maxDate stay UI hints: JSON Forms' own ajv has no formatMinimum keyword, so enforcing them
    // here would reject on the server what the form accepted.
    case 'date':
      return { type: 'string', format: 'date', maxLength: 10 }
    case 'month-year':
      return { type: 'string', pattern: MONTH_YEAR_PATTERN, maxLength: 7 }
    case 'yes-no':
      return { type: 'boolean' }
    case 'single-choice':
      return { type: 'string', enum: choiceOptions(item, metadata).map((o) => o.code) }
    case 'multiple-choice': {
      const codes = choiceOptions(item, metadata).map((o) => o.code)
      return {
        type: 'array',
        items: { type: 'string', enum: codes },
        uniqueItems: true,
        ...(item.minSelected !== undefined ? { minItems: item.minSelected } : {}),
        maxItems: item.maxSelected ?? codes.length,
      }
    }
    case 'repeat':
      return {
        type: 'array',
        items: rowSchema('columns' in item ? (item.columns ?? []) : [], metadata),
        ...('minRows' in item && item.minRows !== undefined ? { minItems: item.minRows } : {}),
        maxItems: ('maxRows' in item ? item.maxRows : undefined) ?? DEFAULT_MAX_ROWS,
      }
  }
}

function textSchema(item: Item | ColumnItem): JsonSchema {
  const format = item.format ? TEXT_FORMATS[item.format] : undefined
  const defaultMax = format?.maxLength ?? DEFAULT_MAX_LENGTH[item.type === 'long-text' ? 'long-text' : 'text']
  const formatPattern = format && 'pattern' in format ? format.pattern : undefined
  // An item's own pattern comes on top of its format's; one schema cannot hold two `pattern`s.
  const patterns = [formatPattern, item.pattern].filter((p): p is string => p !== undefined)
  return {
    type: 'string',
    ...(item.minLength !== undefined ? { minLength: item.minLength } : {}),
    maxLength: item.maxLength ?? defaultMax,
    ...(format && 'format' in format ? { format: format.format } : {}),
    ...(patterns[0] !== undefined ? { pattern: patterns[0] } : {}),
    ...(patterns[1] !== undefined ? { allOf: [{ pattern: patterns[1] }] } : {}),
  }
}

/** One row of a repeated-rows item; a column's `when` reads the sibling columns of the same row. */
function rowSchema(columns: ColumnItem[], metadata: Metadata): JsonSchema {
  const properties: Record<string, JsonSchema> = {}
  for (const column of columns) properties[column.id] ??= itemSchema(column, metadata)
  return {
    type: 'object',
    properties,
    ...requiredKeywords(
      columns.map((c) => ({
        id: c.id,
        required: c.required ?? false,
        relevance: c.when ? compileCondition(c.when) : undefined,
      })),
    ),
    additionalProperties: false,
  }
}
