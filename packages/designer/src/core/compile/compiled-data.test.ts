import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadMinimal, loadPutTemplates } from '../../../test/template-fixtures.ts'
import type { Template } from '../model/template-schema.ts'
import { createFicheAjv, OPENPUT_SCHEMA_KEYWORDS } from './ajv.ts'
import { ficheDataArbitrary } from './arbitrary-data.ts'
import { compileTemplate } from './compile.ts'

// minimal.yaml plus whatever real templates exist: the suite must hold for zero or more of them.
const templates: [string, Template][] = [
  ['minimal.yaml', loadMinimal()],
  ...loadPutTemplates().map(({ file, template }): [string, Template] => [`put-templates/${file}`, template]),
]
const fiches = templates.flatMap(([file, template]) =>
  compileTemplate(template).fiches.map((fiche, index) => ({
    name: `${file} › ${fiche.ficheId}`,
    template,
    index,
    fiche,
  })),
)

// Strict mode only warns about missing types (strictTypes: "log"): fail on any warning too.
function strictAjv(allErrors = false) {
  const warnings: unknown[] = []
  const ajv = createFicheAjv({ allErrors })
  ajv.opts.logger = {
    log() {},
    warn: (...args: unknown[]) => warnings.push(args),
    error: (...args: unknown[]) => warnings.push(args),
  }
  return { ajv, warnings }
}

describe('createFicheAjv', () => {
  it('runs in strict mode: an undeclared keyword is refused, ours are accepted', () => {
    const ajv = createFicheAjv()
    expect(() => ajv.compile({ type: 'string', 'x-inconnu': 1 })).toThrow(/strict mode: unknown keyword/)
    for (const keyword of OPENPUT_SCHEMA_KEYWORDS)
      expect(() => ajv.compile({ type: 'string', [keyword]: 'id' })).not.toThrow()
  })
})

describe.each(fiches)('$name', ({ template, index, fiche }) => {
  it('compiles with createFicheAjv in default strict mode, without a warning', () => {
    const { ajv, warnings } = strictAjv()
    expect(() => ajv.compile(fiche.schema)).not.toThrow()
    for (const predicate of Object.values(fiche.relevance)) ajv.compile(predicate)
    expect(warnings).toEqual([])
  })

  it('accepts any data generated from the template (types, bounds, options, relevance)', () => {
    const validate = createFicheAjv({ allErrors: true }).compile(fiche.schema)
    fc.assert(
      fc.property(ficheDataArbitrary(template, index), (data) => {
        expect({ data, ok: validate(data), errors: validate.errors ?? null }).toEqual({
          data,
          ok: true,
          errors: null,
        })
      }),
      { numRuns: 150 },
    )
  })

  it('C1.1: refuses valid data with any property the fiche does not define, at top level or in a row', () => {
    const validate = createFicheAjv().compile(fiche.schema)
    const properties = fiche.schema.properties as Record<string, { items?: { properties?: object } }>
    const stranger = (known: object | undefined) =>
      fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !known || !(k in known))
    fc.assert(
      fc.property(
        ficheDataArbitrary(template, index),
        stranger(properties),
        fc.jsonValue(),
        (data, key, value) => {
          expect(validate({ ...data, [key]: value })).toBe(false)
        },
      ),
      { numRuns: 150 },
    )
    const rows = Object.entries(properties).filter(([, p]) => p.items?.properties)
    if (rows.length === 0) return
    fc.assert(
      fc.property(
        ficheDataArbitrary(template, index),
        fc.constantFrom(...rows),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.jsonValue(),
        (data, [id, property], key, value) => {
          fc.pre(
            Array.isArray(data[id]) &&
              (data[id] as unknown[]).length > 0 &&
              !(key in (property.items?.properties ?? {})),
          )
          const [first, ...rest] = data[id] as object[]
          expect(validate({ ...data, [id]: [{ ...first, [key]: value }, ...rest] })).toBe(false)
        },
      ),
      { numRuns: 100 },
    )
  })
})
