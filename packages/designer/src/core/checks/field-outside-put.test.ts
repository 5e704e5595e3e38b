import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import type { CompiledTemplate } from '../compile/types.ts'
import { parseTemplate } from '../model/parse.ts'
import { fieldOutsidePut } from './field-outside-put.ts'

// Defence in depth: a compiler that added a property outside the PUT must not slip through the check.
const tamper = vi.hoisted(() => ({ on: false }))
vi.mock('../compile/compile.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../compile/compile.ts')>()
  return {
    ...original,
    compileTemplate: (template: Parameters<typeof original.compileTemplate>[0]): CompiledTemplate => {
      const compiled = original.compileTemplate(template)
      if (!tamper.on) return compiled
      const [first, ...rest] = compiled.fiches
      if (!first) return compiled
      const properties = {
        ...(first.schema.properties as object),
        nom_patient: { type: 'string', maxLength: 100 },
      }
      return { ...compiled, fiches: [{ ...first, schema: { ...first.schema, properties } }, ...rest] }
    },
  }
})

const minimal = readFileSync(new URL('../../../test/fixtures/minimal.yaml', import.meta.url), 'utf8')

describe('field-outside-put on the compiled schemas', () => {
  it('C1.1: field-outside-put flags a compiled property bound to no PUT item', () => {
    const parsed = parseTemplate(minimal)
    if (!parsed.ok) throw new Error('minimal.yaml must parse')
    tamper.on = false
    expect(fieldOutsidePut(parsed.value.template)).toEqual([])
    tamper.on = true
    expect(fieldOutsidePut(parsed.value.template)).toEqual([
      { path: ['fiches', 0], params: { reason: 'schema-property', fiche: 'fat', property: 'nom_patient' } },
    ])
    tamper.on = false
  })
})
