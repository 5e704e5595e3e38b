/**
 * Realistic, deterministic fiche data for the volume generator, read from the published fiche's own
 * compiled JSON Schema (types, bounds, options, patterns, repeated rows) and relevance predicates: every
 * item is drawn, the values of inactive branches are dropped the way the server prunes them, and the result
 * is checked against the schema before it is sent, so that a submission is valid by construction. Dates are
 * drawn around the fiche's own date (visit, initiation), never around the wall clock.
 */
import { type CompiledFiche, createFicheAjv } from '@openput/designer'
import type { ValidateFunction } from 'ajv'
import { addDays, type Rng } from './prng.ts'

type Data = Record<string, unknown>

interface PropertySchema {
  type?: string
  format?: string
  enum?: unknown[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  items?: PropertySchema & { properties?: Record<string, PropertySchema>; required?: string[] }
  minItems?: number
  maxItems?: number
  properties?: Record<string, PropertySchema>
  required?: string[]
}

const WORDS = [
  'traitement',
  'bien',
  'toléré',
  'patient',
  'stable',
  'asthénie',
  'modérée',
  'bilan',
  'normal',
  'suivi',
  'habituel',
  'sans',
  'particularité',
  'contrôle',
  'prévu',
]

/** Values for the text formats and patterns the shipped templates use (item-schema.ts TEXT_FORMATS). */
function patterned(pattern: string, rng: Rng, around: string): string | undefined {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('')
  const upper = (n: number) => Array.from({ length: n }, () => String.fromCharCode(rng.int(65, 90))).join('')
  if (pattern === '^\\d{11}$') return `1${digits(10)}`
  if (pattern.startsWith('^(?:\\d{2}|2[AB])')) return `${rng.int(10, 95)}${digits(7)}`
  if (pattern.startsWith('^(?:0|\\+33 ?)'))
    return `0${rng.int(1, 5)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`
  if (pattern.startsWith('^[A-Z]{2')) return upper(2)
  if (pattern === '^\\d{4}-(0[1-9]|1[0-2])$') return addDays(around, -rng.int(30, 900)).slice(0, 7)
  return undefined
}

function text(schema: PropertySchema, rng: Rng, around: string): string {
  if (schema.pattern) {
    const value = patterned(schema.pattern, rng, around)
    if (value === undefined) throw new Error(`generator: no value for pattern ${schema.pattern}`)
    return value
  }
  if (schema.format === 'email') return `contact${rng.int(1, 999)}@chu-exemple.fr`
  const max = Math.min(schema.maxLength ?? 60, 60)
  const min = schema.minLength ?? 1
  let value = rng.pick(WORDS)
  while (value.length < min || (value.length < max - 12 && rng.chance(0.5))) value += ` ${rng.pick(WORDS)}`
  return value.slice(0, max)
}

function value(schema: PropertySchema, rng: Rng, around: string): unknown {
  if (schema.enum) return rng.pick(schema.enum)
  switch (schema.type) {
    case 'boolean':
      return rng.chance(0.5)
    case 'integer':
      return rng.int(Math.ceil(schema.minimum ?? 0), Math.floor(schema.maximum ?? 100))
    case 'number': {
      const min = schema.minimum ?? 0
      const max = schema.maximum ?? 100
      return Math.min(max, Math.max(min, Math.round((min + rng.next() * (max - min)) * 10) / 10))
    }
    case 'string':
      if (schema.format === 'date') return addDays(around, -rng.int(0, 120))
      return text(schema, rng, around)
    case 'array':
      return arrayValue(schema, rng, around)
    default:
      throw new Error(`generator: no value for schema ${JSON.stringify(schema).slice(0, 120)}`)
  }
}

function arrayValue(schema: PropertySchema, rng: Rng, around: string): unknown[] {
  const items = schema.items ?? {}
  const min = schema.minItems ?? 0
  const max = Math.min(schema.maxItems ?? 3, 3)
  if (items.enum) {
    const count = Math.max(min, 1)
    const options = [...items.enum]
    // A stable subset: drawn in option order so that uniqueItems always holds.
    return options.filter((_, i) => i < count || rng.chance(0.1)).slice(0, Math.max(count, max))
  }
  const rows = Math.max(min, rng.int(min, Math.max(min, max)))
  return Array.from({ length: rows }, () => {
    const row: Data = {}
    for (const [id, column] of Object.entries(items.properties ?? {})) {
      if (items.required?.includes(id) || rng.chance(0.7)) row[id] = value(column, rng, around)
    }
    return row
  })
}

export interface FicheFiller {
  ficheId: string
  /** Top-level item ids: what the fiche collects. */
  itemIds: string[]
  /** The fiche's first date item: its own date (request, initiation, visit, stop, onset). */
  ownDateItem: string | undefined
  /** Required items at the top level (those a "missing data" draft leaves out). */
  required: string[]
  /** A full, valid fiche: every item drawn, `fixed` values kept, inactive branches dropped. */
  complete(rng: Rng, around: string, fixed?: Data): Data
}

/** Compiles the fiche's schema and predicates once (ajv, as the server does) and returns its filler. */
export function ficheFiller(fiche: CompiledFiche): FicheFiller {
  const ajv = createFicheAjv({ allErrors: true })
  const validate: ValidateFunction = ajv.compile(fiche.schema)
  const relevance = Object.entries(fiche.relevance).map(
    ([id, predicate]) => [id, ajv.compile(predicate)] as const,
  )
  const schema = fiche.schema as { properties: Record<string, PropertySchema>; required?: string[] }
  return {
    ficheId: fiche.ficheId,
    itemIds: fiche.itemIds,
    ownDateItem: fiche.itemIds.find((id) => schema.properties[id]?.format === 'date'),
    required: schema.required ?? [],
    complete(rng, around, fixed = {}) {
      const data: Data = {}
      for (const [id, property] of Object.entries(schema.properties)) {
        data[id] = id in fixed ? fixed[id] : value(property, rng, around)
      }
      // The server's pruning (evaluate-fiche.ts): drop irrelevant values to a fixpoint.
      for (let changed = true; changed; ) {
        changed = false
        for (const [id, predicate] of relevance) {
          if (id in data && !predicate(data)) {
            delete data[id]
            changed = true
          }
        }
      }
      if (!validate(data)) {
        throw new Error(
          `generator: invalid ${fiche.ficheId} data: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
        )
      }
      return data
    },
  }
}
