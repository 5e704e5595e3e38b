import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compileTemplate } from '../compile/compile.ts'
import { parseTemplate, parseTemplateObject } from '../model/parse.ts'
import { checkTemplate, hasErrors, runChecks } from './run.ts'

const minimal = readFileSync(new URL('../../../test/fixtures/minimal.yaml', import.meta.url), 'utf8')
// Several rules broken at once, to see the order of the report.
const broken = minimal
  .replace('min: 1, max: 400', 'min: 400, max: 1')
  .replace('label: Traitement poursuivi,', 'label: Stock restant,')
  .replace('signatures: { required: [prescriber, pharmacist] }', 'signatures: { required: [prescriber] }')

function parse(text: string) {
  const result = parseTemplate(text, 'broken.yaml')
  if (!result.ok) throw new Error('fixture must parse')
  return result.value
}

describe('checkTemplate', () => {
  it('locates each finding, words it in French and sorts by line then rule', () => {
    const findings = checkTemplate(parse(broken))
    expect(findings.map((f) => f.rule)).toEqual(['impossible-bounds', 'no-logistics', 'fat-signature'])
    const lines = findings.map((f) => f.at.line)
    expect(lines).toEqual([...lines].sort((a, b) => a - b))
    expect(findings.every((f) => f.at.file === 'broken.yaml' && f.message.length > 0)).toBe(true)
    expect(findings[2]).toMatchObject({
      requirements: ['C5.4', 'C5.5', 'C5.6'],
      params: { role: 'pharmacist' },
    })
  })

  it('is deterministic', () => {
    expect(checkTemplate(parse(broken))).toEqual(checkTemplate(parse(broken)))
  })

  it('hasErrors is true for an error, false for warnings only or nothing', () => {
    expect(hasErrors(checkTemplate(parse(broken)))).toBe(true)
    expect(hasErrors([{ severity: 'warning' }])).toBe(false)
    expect(hasErrors([])).toBe(false)
  })

  it('runs on a template posted as an object, with unlocated findings', () => {
    const parsed = parse(broken)
    const posted = parseTemplateObject(JSON.parse(JSON.stringify(parsed.template)))
    if (!posted.ok) throw new Error('object must validate')
    expect(checkTemplate(posted.value).every((f) => f.at.line === 0)).toBe(true)
    expect(
      runChecks(parsed.template)
        .map((f) => f.rule)
        .sort(),
    ).toEqual(['fat-signature', 'impossible-bounds', 'no-logistics'])
  })

  it('given the compiled fiches, finds what it finds when it compiles them itself', () => {
    const parsed = parse(broken)
    expect(checkTemplate(parsed, { compiled: compileTemplate(parsed.template) })).toEqual(
      checkTemplate(parsed),
    )
  })

  it('C1.1: checks the compiled fiches it is given rather than compiling again', () => {
    const parsed = parse(minimal)
    const compiled = compileTemplate(parsed.template)
    const [first, ...rest] = compiled.fiches
    if (!first) throw new Error('minimal.yaml has fiches')
    const properties = { ...(first.schema.properties as object), nom_patient: { type: 'string' } }
    const tampered = { ...compiled, fiches: [{ ...first, schema: { ...first.schema, properties } }, ...rest] }
    expect(checkTemplate(parsed, { compiled })).toEqual([])
    expect(checkTemplate(parsed, { compiled: tampered })).toMatchObject([
      { rule: 'field-outside-put', params: { reason: 'schema-property', property: 'nom_patient' } },
    ])
  })
})
