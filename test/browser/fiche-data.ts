/**
 * Valid data for any compiled fiche, built from its JSON Schema: every item gets a value of its type
 * within its bounds (the server prunes the values of items whose condition does not hold). Deterministic,
 * so the printed PDF can be checked for known values.
 */
type Schema = {
  type?: string
  enum?: unknown[]
  format?: string
  pattern?: string
  minimum?: number
  maximum?: number
  minLength?: number
  minItems?: number
  items?: Schema
  properties?: Record<string, Schema>
}

/** A value matching each identifier pattern the compiler emits (item-schema.ts TEXT_FORMATS, month-year). */
const PATTERN_VALUES: Record<string, string> = {
  '^\\d{11}$': '10101010101',
  '^(?:\\d{2}|2[AB])\\d{7}$': '750000001',
  '^(?:0|\\+33 ?)[1-9](?:[ .-]?\\d{2}){4}$': '01 23 45 67 89',
  '^\\d{4}-(0[1-9]|1[0-2])$': '1960-05',
  '^[A-Z]{2,3}$': 'DM',
}

export function valueFor(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0]
  switch (schema.type) {
    case 'boolean':
      return false
    case 'integer':
      return schema.minimum ?? 1
    case 'number':
      return schema.minimum ?? 1
    case 'array':
      if (schema.items?.type === 'object') {
        return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => dataFor(schema.items!))
      }
      return (schema.items?.enum ?? []).slice(0, Math.max(1, schema.minItems ?? 1))
    default: {
      if (schema.format === 'date') return '2026-01-15'
      if (schema.format === 'email') return 'soignant@chu-demo.fr'
      if (schema.pattern && PATTERN_VALUES[schema.pattern]) return PATTERN_VALUES[schema.pattern]
      if (schema.pattern) throw new Error(`no test value for pattern ${schema.pattern}`)
      return 'Texte de test'.padEnd(schema.minLength ?? 0, '.')
    }
  }
}

/** Data for a fiche (or a row): a value for every property, then the overrides. */
export function dataFor(schema: Schema, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const [id, property] of Object.entries(schema.properties ?? {})) data[id] = valueFor(property)
  return { ...data, ...overrides }
}
