import { describe, expect, it } from 'vitest'
import {
  formatIsoDate,
  formatMonthYear,
  formatNumber,
  parseFrenchDate,
  parseMonthYear,
  parseNumber,
} from './french-format.ts'

describe('French dates', () => {
  it.each([
    ['01/03/2026', '2026-03-01'],
    ['1/3/2026', '2026-03-01'],
    ['29.02.2024', '2024-02-29'],
    ['2026-03-01', '2026-03-01'],
    ['  ', undefined],
  ])('reads %j as %j', (text, value) => {
    expect(parseFrenchDate(text)).toEqual({ value })
  })

  it.each(['31/02/2026', '29/02/2025', '00/01/2026', '12/13/2026'])(
    'refuses the impossible date %j',
    (text) => {
      expect(parseFrenchDate(text)).toEqual({ error: 'Cette date n’existe pas' })
    },
  )

  it.each(['2026', '01/03/26', 'demain', '01/03/2026 10:00'])('refuses %j as not a date', (text) => {
    expect(parseFrenchDate(text)).toEqual({ error: 'Date attendue au format JJ/MM/AAAA' })
  })

  it('shows a stored date as JJ/MM/AAAA, round trip', () => {
    expect(formatIsoDate('2026-03-01')).toBe('01/03/2026')
    expect(parseFrenchDate(formatIsoDate('1999-12-31'))).toEqual({ value: '1999-12-31' })
    expect(formatIsoDate(undefined)).toBe('')
  })
})

describe('French months', () => {
  it('reads MM/AAAA and ISO', () => {
    expect(parseMonthYear('3/1950')).toEqual({ value: '1950-03' })
    expect(parseMonthYear('1950-03')).toEqual({ value: '1950-03' })
    expect(parseMonthYear('13/1950')).toEqual({ error: 'Mois entre 01 et 12' })
    expect(parseMonthYear('mars')).toEqual({ error: 'Mois attendu au format MM/AAAA' })
    expect(formatMonthYear('1950-03')).toBe('03/1950')
  })
})

describe('French numbers', () => {
  it.each([
    ['72,5', {}, { value: 72.5 }],
    ['72.5', {}, { value: 72.5 }],
    ['-3', {}, { value: -3 }],
    ['', {}, { value: undefined }],
    ['1 200', { integer: true }, { value: 1200 }],
    ['1,5', { integer: true }, { error: 'Nombre entier attendu' }],
    ['72,55', { decimals: 1 }, { error: 'Au plus 1 chiffre après la virgule' }],
    ['72,5', { decimals: 1 }, { value: 72.5 }],
    ['douze', {}, { error: 'Nombre attendu' }],
    ['1e3', {}, { error: 'Nombre attendu' }],
  ])('reads %j (%j)', (text, options, expected) => {
    expect(parseNumber(text, options)).toEqual(expected)
  })

  it('shows a decimal comma', () => {
    expect(formatNumber(72.5)).toBe('72,5')
    expect(formatNumber(undefined)).toBe('')
  })
})
