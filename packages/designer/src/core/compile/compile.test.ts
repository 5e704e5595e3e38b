import { describe, expect, it } from 'vitest'
import { loadMinimal, templateWith } from '../../../test/template-fixtures.ts'
import type { Item, Template } from '../model/template-schema.ts'
import { createFicheAjv } from './ajv.ts'
import { compileFiche, compileTemplate } from './compile.ts'
import type { CompiledFiche, JsonSchema, UiSchema } from './types.ts'

const ajv = createFicheAjv()
const item = (fields: Partial<Item> & Pick<Item, 'type'>): Item => ({
  id: 'champ',
  label: 'Champ',
  ...fields,
})
const compileItems = (items: Item[], options?: Parameters<typeof templateWith>[1]) =>
  compileFiche(templateWith(items, options), 0)
const validator = (fiche: CompiledFiche) => ajv.compile(fiche.schema)

/** Every UI schema element, depth first. */
function uiElements(element: UiSchema): UiSchema[] {
  const children = (element.elements as UiSchema[] | undefined) ?? []
  return [element, ...children.flatMap(uiElements)]
}
const controlFor = (fiche: CompiledFiche, id: string) =>
  uiElements(fiche.uischema).find((e) => e.scope === `#/properties/${id}`)

describe('compileFiche: one table row per item type', () => {
  it.each<[string, Partial<Item> & Pick<Item, 'type'>, JsonSchema, unknown[], unknown[]]>([
    ['text', { type: 'text' }, { type: 'string', maxLength: 1000 }, ['abc', ''], [3, 'x'.repeat(1001)]],
    [
      'text with bounds and pattern',
      { type: 'text', minLength: 2, maxLength: 5, pattern: '^[A-Z]+$' },
      { type: 'string', minLength: 2, maxLength: 5, pattern: '^[A-Z]+$' },
      ['AB'],
      ['A', 'ABCDEF', 'ab'],
    ],
    [
      'long-text',
      { type: 'long-text' },
      { type: 'string', maxLength: 10000 },
      ['x'.repeat(10000)],
      ['x'.repeat(10001)],
    ],
    [
      'email',
      { type: 'text', format: 'email' },
      { type: 'string', maxLength: 254, format: 'email' },
      ['a.b@chu.fr'],
      ['a.b@', 'x'],
    ],
    [
      'rpps',
      { type: 'text', format: 'rpps' },
      { type: 'string', maxLength: 11, pattern: '^\\d{11}$' },
      ['10101010101'],
      ['1010101010', '1010101010a'],
    ],
    [
      'finess',
      { type: 'text', format: 'finess' },
      { type: 'string', maxLength: 9, pattern: '^(?:\\d{2}|2[AB])\\d{7}$' },
      ['750712184', '2A0000012'],
      ['75071218', '2C0000012'],
    ],
    [
      'phone',
      { type: 'text', format: 'phone' },
      { type: 'string', maxLength: 20 },
      ['01 23 45 67 89', '0123456789', '+33 6 12 34 56 78'],
      ['12345', '00 23 45 67 89'],
    ],
    [
      'integer',
      { type: 'integer', min: 0, max: 120 },
      { type: 'integer', minimum: 0, maximum: 120 },
      [0, 120],
      [-1, 121, 1.5, '3'],
    ],
    [
      'decimal',
      { type: 'decimal', min: 1, max: 400, unit: 'kg' },
      { type: 'number', minimum: 1, maximum: 400 },
      [72.5],
      [0.5, 401],
    ],
    [
      'date',
      { type: 'date' },
      { type: 'string', format: 'date', maxLength: 10 },
      ['2026-02-28'],
      ['2026-02-30', '28/02/2026'],
    ],
    [
      'month-year',
      { type: 'month-year' },
      { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', maxLength: 7 },
      ['2026-03'],
      ['2026-13', '03/2026'],
    ],
    ['yes-no', { type: 'yes-no' }, { type: 'boolean' }, [true, false], ['oui', 1]],
    [
      'single-choice',
      {
        type: 'single-choice',
        options: [
          { code: 'a', label: 'A' },
          { code: 'b', label: 'B' },
        ],
      },
      { type: 'string', enum: ['a', 'b'] },
      ['a'],
      ['c', ['a']],
    ],
    [
      'single-choice from UCDs',
      { type: 'single-choice', optionsFrom: 'ucds' },
      { type: 'string', enum: ['9000001', '9000002'] },
      ['9000002'],
      ['9000003'],
    ],
    [
      'single-choice from indications',
      { type: 'single-choice', optionsFrom: 'indications' },
      { type: 'string', enum: ['adulte'] },
      ['adulte'],
      ['enfant'],
    ],
    [
      'multiple-choice',
      {
        type: 'multiple-choice',
        options: [
          { code: 'a', label: 'A' },
          { code: 'b', label: 'B' },
          { code: 'c', label: 'C' },
        ],
        minSelected: 1,
        maxSelected: 2,
      },
      {
        type: 'array',
        items: { type: 'string', enum: ['a', 'b', 'c'] },
        uniqueItems: true,
        minItems: 1,
        maxItems: 2,
      },
      [['a'], ['a', 'c']],
      [[], ['a', 'a'], ['a', 'b', 'c'], ['d']],
    ],
    [
      'repeat',
      {
        type: 'repeat',
        minRows: 1,
        columns: [
          { id: 'nom', label: 'Nom', type: 'text', required: true },
          { id: 'dose', label: 'Dose', type: 'decimal', unit: 'mg' },
        ],
      },
      {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: {
          type: 'object',
          properties: {
            nom: { title: 'Nom', type: 'string', maxLength: 1000, 'x-put-item': 'nom' },
            dose: { title: 'Dose (mg)', type: 'number', 'x-put-item': 'dose' },
          },
          required: ['nom'],
          additionalProperties: false,
        },
      },
      [[{ nom: 'X' }, { nom: 'Y', dose: 2.5 }]],
      [[], [{ dose: 1 }], [{ nom: 'X', autre: 1 }]],
    ],
  ])('%s', (_name, fields, expected, valid, invalid) => {
    const fiche = compileItems([item(fields)])
    const property = (fiche.schema.properties as Record<string, JsonSchema>).champ
    expect(property).toMatchObject({ ...expected, 'x-put-item': 'champ' })
    const validate = validator(fiche)
    for (const value of valid) expect({ value, ok: validate({ champ: value }) }).toEqual({ value, ok: true })
    for (const value of invalid)
      expect({ value, ok: validate({ champ: value }) }).toEqual({ value, ok: false })
  })

  it('keeps the unit in the title and the i18n label, and date bounds as UI hints only', () => {
    const fiche = compileItems([item({ type: 'decimal', unit: 'kg', decimals: 1, minDate: undefined })])
    expect((fiche.schema.properties as Record<string, JsonSchema>).champ?.title).toBe('Champ (kg)')
    expect(fiche.i18n['champ.label']).toBe('Champ (kg)')
    expect(controlFor(fiche, 'champ')?.options).toEqual({ unit: 'kg', decimals: 1 })
    const dated = compileItems([item({ type: 'date', minDate: '2020-01-01' })])
    expect((dated.schema.properties as Record<string, JsonSchema>).champ).not.toHaveProperty('formatMinimum')
    expect(controlFor(dated, 'champ')?.options).toEqual({ minDate: '2020-01-01' })
  })

  it('never emits $data, $ref, or oneOf/anyOf for choices', () => {
    const text = JSON.stringify(compileTemplate(loadMinimal()))
    expect(text).not.toMatch(/"\$data"|"\$ref"|"oneOf"|"anyOf"/)
  })
})

describe('compileFiche on minimal.yaml', () => {
  const template = loadMinimal()
  const fat = compileFiche(template, 0)
  const validate = validator(fat)
  const base = { sexe: 'M', poids_kg: 70, ucd: '9000001' }

  it('requires "si oui, préciser" only when its condition holds', () => {
    expect(fat.schema.required).toEqual(['sexe', 'poids_kg', 'ucd'])
    expect(validate(base)).toBe(true)
    expect(validate({ ...base, sexe: 'F' })).toBe(false) // grossesse_possible now required
    expect(validate({ ...base, sexe: 'F', grossesse_possible: false })).toBe(true)
    expect(validate({ ...base, sexe: 'F', grossesse_possible: true })).toBe(false) // contraception required
    expect(validate({ ...base, sexe: 'F', grossesse_possible: true, contraception: true })).toBe(true)
  })

  it('makes a follow-up question depend on its parent being shown, not on a stale hidden answer', () => {
    // A stale "oui" left on the hidden childbearing question must neither require nor show contraception.
    expect(validate({ ...base, sexe: 'M', grossesse_possible: true })).toBe(true)
    const show = ajv.compile(fat.relevance.contraception as JsonSchema)
    expect(show({ sexe: 'M', grossesse_possible: true })).toBe(false)
    expect(show({ sexe: 'F', grossesse_possible: true })).toBe(true)
  })

  it('uses as UI rule condition exactly the schema `if` and the relevance predicate', () => {
    const clause = (fat.schema.allOf as { if: JsonSchema; then: { required: string[] } }[]).find((c) =>
      c.then.required.includes('contraception'),
    )
    const rule = controlFor(fat, 'contraception')?.rule as {
      effect: string
      condition: { scope: string; schema: JsonSchema }
    }
    expect(rule.effect).toBe('SHOW')
    expect(rule.condition.scope).toBe('#')
    expect(rule.condition.schema).toEqual(clause?.if)
    expect(fat.relevance.contraception).toEqual(clause?.if)
    expect(Object.keys(fat.relevance)).toEqual(['grossesse_possible', 'contraception'])
  })

  it('lists the fiche items in display order, x-put-item on every property and column', () => {
    expect(fat.itemIds).toEqual([
      'sexe',
      'poids_kg',
      'grossesse_possible',
      'contraception',
      'ucd',
      'traitements_anterieurs',
    ])
    const text = JSON.stringify(fat.schema)
    for (const id of [...fat.itemIds, 'traitement_nom', 'traitement_debut'])
      expect(text).toContain(`"x-put-item":"${id}"`)
  })

  it('writes the French i18n bundle the renderers look up', () => {
    expect(fat.i18n).toMatchObject({
      'sexe.label': 'Sexe',
      'sexe.F': 'Féminin',
      'ucd.9000001': 'Testmab 100 mg, flacon (100 mg)',
      'poids_kg.label': 'Poids (kg)',
      'section.patient.label': 'Patient',
      'traitements_anterieurs.traitement_nom.label': 'Traitement',
      'traitements_anterieurs.addTooltip': 'Ajouter une ligne',
      'enum.none': 'Non renseigné',
    })
    expect(controlFor(fat, 'ucd')).toMatchObject({ i18n: 'ucd', options: { format: 'radio' } })
  })
})

describe('compileFiche layout', () => {
  const many = Array.from({ length: 13 }, (_, i) => item({ id: `champ_${i}`, type: 'yes-no' }))
  const twoSections = (layout?: 'auto' | 'categories' | 'single-page', count = 13): Template => {
    const template = templateWith(many.slice(0, count))
    const fiche = template.fiches[0]!
    const elements = fiche.sections[0]!.elements
    fiche.layout = layout
    fiche.sections = [
      { id: 's1', title: 'Un', elements: elements.slice(0, 6), when: { item: 'champ_0', equals: true } },
      { id: 's2', title: 'Deux', elements: [{ note: 'À remplir par le médecin' }, ...elements.slice(6)] },
    ]
    return template
  }

  it.each([
    ['auto, more than 12 items over 2 sections', undefined, 13, 'Categorization', 'Category'],
    ['auto, 12 items', 'auto' as const, 12, 'VerticalLayout', 'Group'],
    ['categories even when short', 'categories' as const, 3, 'Categorization', 'Category'],
    ['single-page even when long', 'single-page' as const, 13, 'VerticalLayout', 'Group'],
  ])('%s → %s', (_name, layout, count, root, child) => {
    const fiche = compileFiche(twoSections(layout, count), 0)
    expect(fiche.uischema.type).toBe(root)
    const children = fiche.uischema.elements as UiSchema[]
    expect(children.map((c) => [c.type, c.i18n])).toEqual([
      [child, 'section.s1'],
      [child, 'section.s2'],
    ])
    // The section's condition is the Group/Category rule; the note is a Label.
    expect(children[0]?.rule).toEqual({
      effect: 'SHOW',
      condition: {
        scope: '#',
        schema: { type: 'object', properties: { champ_0: { const: true } }, required: ['champ_0'] },
      },
    })
    expect((children[1]?.elements as UiSchema[] | undefined)?.[0]).toEqual({
      type: 'Label',
      text: 'À remplir par le médecin',
    })
  })

  it('makes an item relevant only when its own, its element and its section conditions all hold', () => {
    const template = templateWith(
      [
        item({ id: 'a', type: 'yes-no' }),
        item({ id: 'b', type: 'yes-no' }),
        item({ id: 'c', type: 'text', required: true, when: { item: 'a', equals: true } }),
      ],
      {
        elements: [
          { item: 'a' },
          { item: 'b' },
          { item: 'c', when: { item: 'b', equals: true }, readOnly: true },
        ],
        section: { when: { item: 'a', filled: true } },
      },
    )
    const fiche = compileFiche(template, 0)
    expect(fiche.relevance.c?.allOf).toHaveLength(3)
    expect(controlFor(fiche, 'c')?.options).toEqual({ readonly: true })
    const validate = validator(fiche)
    expect(validate({ a: true, b: false })).toBe(true)
    expect(validate({ a: true, b: true })).toBe(false)
  })
})

describe('compileTemplate determinism', () => {
  it('gives byte-identical output and hash for the same input, another hash for a label change', () => {
    const once = compileTemplate(loadMinimal())
    const twice = compileTemplate(loadMinimal())
    expect(JSON.stringify(twice)).toBe(JSON.stringify(once))
    expect(once.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(twice.hash).toBe(once.hash)

    const changed = loadMinimal()
    changed.catalogue[0]!.items[0]!.label = 'Sexe du patient'
    const after = compileTemplate(changed)
    expect(after.hash).not.toBe(once.hash)
    expect(after.fiches[0]?.hash).not.toBe(once.fiches[0]?.hash)
    expect(after.fiches[1]?.hash).toBe(once.fiches[1]?.hash)
  })
})
