import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTemplate } from './parse.ts'
import { serializeTemplate } from './serialize.ts'
import type { Template } from './template-schema.ts'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')

const SOURCES: [string, string][] = [
  ['test/fixtures/minimal.yaml', read('../../../test/fixtures/minimal.yaml')],
  ['examplimab-aap/1.0.yaml', read('../../../../../put-templates/examplimab-aap/1.0.yaml')],
  ['examplimab-aap/2.0.yaml', read('../../../../../put-templates/examplimab-aap/2.0.yaml')],
  ['fictivanib-aac/1.0.yaml', read('../../../../../put-templates/fictivanib-aac/1.0.yaml')],
]

function templateOf(text: string, file: string): Template {
  const parsed = parseTemplate(text, file)
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => e.message).join('; ')}`)
  return parsed.value.template
}

describe('serializeTemplate', () => {
  it.each(SOURCES)(
    'P2: %s round-trips: export → import → export gives the same bytes and model',
    (file, text) => {
      const template = templateOf(text, file)
      const exported = serializeTemplate(template)
      const imported = templateOf(exported, file)
      expect(imported).toEqual(template)
      expect(serializeTemplate(imported)).toBe(exported)
    },
  )

  it('writes keys in the format order, identity first, whatever the order of the object', () => {
    const template = templateOf(SOURCES[0]![1], 'minimal.yaml')
    const shuffled = Object.fromEntries(Object.entries(template).reverse()) as Template
    const text = serializeTemplate(shuffled)
    expect(text).toBe(serializeTemplate(template))
    expect(text.split('\n').slice(0, 3)).toEqual(['openput: 1', 'programme: testmab-aap', 'version: "1.0"'])
    expect(text).toContain('        when: { item: sexe, equals: F }')
  })

  it('keeps strings that look like other YAML types as strings (versions, codes, yes/no words)', () => {
    const template = templateOf(SOURCES[0]![1], 'minimal.yaml')
    const tricky: Template = {
      ...template,
      version: '2.10',
      metadata: {
        ...template.metadata,
        ucds: [{ code: '0000001', label: 'no', dosage: 'true' }, ...template.metadata.ucds],
      },
      changeNotes: ['null', 'on', '- liste ?', 'a: b', 'ligne 1\nligne 2\n'],
    }
    const text = serializeTemplate(tricky)
    expect(templateOf(text, 'tricky.yaml')).toEqual(tricky)
  })

  it('round-trips labels and help texts made of arbitrary characters', () => {
    const template = templateOf(SOURCES[0]![1], 'minimal.yaml')
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.string({ maxLength: 200 }),
        (label, help) => {
          const group = template.catalogue[0]!
          const item = { ...group.items[0]!, label, ...(help ? { help } : {}) }
          const edited: Template = {
            ...template,
            catalogue: [{ ...group, items: [item, ...group.items.slice(1)] }, ...template.catalogue.slice(1)],
          }
          const text = serializeTemplate(edited)
          const back = parseTemplate(text, 'x.yaml')
          // Labels must be non-empty for the model; otherwise the text must at least keep the value.
          expect(back.ok).toBe(true)
          if (!back.ok) return
          expect(back.value.template).toEqual(edited)
          expect(serializeTemplate(back.value.template)).toBe(text)
        },
      ),
      { numRuns: 100, seed: 20261123 },
    )
    // Each run parses and serialises a whole template: generous on a loaded machine.
  }, 60_000)
})
