import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { templateFormatJsonSchema } from './format-schema.ts'

const shipped = new URL('../../../../../put-templates/openput-template.schema.json', import.meta.url)

describe('templateFormatJsonSchema', () => {
  it('is what put-templates/openput-template.schema.json holds (regenerate with `pnpm openput schema`)', () => {
    const onDisk = JSON.parse(readFileSync(shipped, 'utf8'))
    expect(onDisk).toEqual(templateFormatJsonSchema())
  })

  it('describes the fiche kinds and item types an editor should complete', () => {
    const text = JSON.stringify(templateFormatJsonSchema())
    for (const word of ['situation-particuliere', 'multiple-choice', 'optionsFrom', 'accessDescription']) {
      expect(text).toContain(word)
    }
  })
})
