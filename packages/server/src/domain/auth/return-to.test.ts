import { describe, expect, it } from 'vitest'
import { safeReturnTo } from './return-to.ts'

describe('safeReturnTo', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/fiches/123?onglet=revisions#r2', '/fiches/123?onglet=revisions#r2'],
    ['/api/docs', '/api/docs'],
  ])('keeps a path of this application: %j → %j', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected)
  })

  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    '/\n/evil.example',
    'fiches',
  ])('refuses anything that could leave the origin: %j', (value) => {
    expect(() => safeReturnTo(value)).toThrow(expect.objectContaining({ code: 'unsafe-return-to' }))
  })
})
