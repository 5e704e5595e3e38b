import { readFileSync } from 'node:fs'
import { compileTemplate, createFicheAjv, parseTemplate } from '@openput/designer'
import { describe, expect, it } from 'vitest'
import { sampleData } from './sample-data.ts'

const text = readFileSync(new URL('../../test/fixtures/minimal.yaml', import.meta.url), 'utf8')

describe('sampleData', () => {
  it('gives each fiche of the minimal template answers its compiled schema accepts', () => {
    const parsed = parseTemplate(text)
    if (!parsed.ok) throw new Error('fixture')
    const compiled = compileTemplate(parsed.value.template)
    const ajv = createFicheAjv({ allErrors: true })
    for (const fiche of compiled.fiches) {
      const data = sampleData(parsed.value.template, fiche)
      const validate = ajv.compile(fiche.schema)
      // Required items the sample leaves out (rows, patterned texts) are the only acceptable errors.
      validate(data)
      const rejected = (validate.errors ?? []).filter((e) => e.keyword !== 'required')
      expect(rejected, fiche.ficheId).toEqual([])
    }
    expect(sampleData(parsed.value.template, compiled.fiches[0]!)).toMatchObject({ sexe: 'F', poids_kg: 1 })
  })
})
