import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTemplate } from './parse.ts'

const minimal = readFileSync(new URL('../../../test/fixtures/minimal.yaml', import.meta.url), 'utf8')

describe('parseTemplate', () => {
  it('accepts a complete template and locates its nodes', () => {
    const result = parseTemplate(minimal, 'minimal.yaml')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.template.fiches.map((f) => f.id)).toEqual(['fat', 'fit', 'suivi', 'arret'])
    const at = result.value.locate(['catalogue', 0, 'items', 1])
    expect(at).toMatchObject({ file: 'minimal.yaml', line: 26 })
    expect(minimal.split('\n')[at.line - 1]).toContain('poids_kg')
  })

  it.each([
    [
      'a YAML syntax error',
      minimal.replace('holder: Laboratoire Test', 'holder: [Laboratoire'),
      'yaml-syntax',
      /YAML invalide/,
    ],
    [
      'a wrong type',
      minimal.replace('type: decimal', 'type: nombre'),
      'model',
      /catalogue\[0\]\.items\[1\]\.type/,
    ],
    [
      'an unknown key, at the key itself',
      minimal.replace('unit: kg,', 'unit: kg, unite: kg,'),
      'model',
      /Clé non reconnue/,
    ],
    ['an unquoted version', minimal.replace('version: "1.0"', 'version: 1.0'), 'model', /entre guillemets/],
    ['a bad duration', minimal.replace('offset: P1M', 'offset: 1 mois'), 'model', /durée ISO 8601/],
  ])('refuses %s with file:line:column and what was expected', (_name, text, code, message) => {
    const result = parseTemplate(text, 'minimal.yaml')
    expect(result.ok).toBe(false)
    if (result.ok) return
    const [error] = result.errors
    expect(error?.code).toBe(code)
    expect(error?.message).toMatch(message)
    expect(error?.at.line).toBeGreaterThan(0)
    expect(error?.at.column).toBeGreaterThan(0)
  })

  it('points an unknown key at the line where the key is written', () => {
    const text = minimal.replace('unit: kg,', 'unit: kg, unite: kg,')
    const result = parseTemplate(text, 'minimal.yaml')
    if (result.ok) throw new Error('expected failure')
    const line = text.split('\n')[(result.errors[0]?.at.line ?? 0) - 1]
    expect(line).toContain('unite: kg')
  })

  it('refuses an alias bomb with a located error instead of expanding it', () => {
    const levels = ['l0: &l0 [a, a, a, a, a, a, a, a, a]']
    for (let i = 1; i <= 5; i++)
      levels.push(
        `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      )
    const result = parseTemplate(levels.join('\n'), 'bomb.yaml')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0]).toMatchObject({ code: 'yaml-syntax', at: { file: 'bomb.yaml', line: 1 } })
    expect(result.errors[0]?.message).toMatch(/alias/)
  })
})
