import { describe, expect, it } from 'vitest'
import { cell, csvLine, textCell } from './csv.ts'

describe('French CSV cells', () => {
  it.each([
    ['plain', 'Méthotrexate', 'Méthotrexate'],
    ['separator', 'a;b', '"a;b"'],
    ['quotes doubled', 'dit "non"', '"dit ""non"""'],
    ['line end', 'l1\r\nl2', '"l1\r\nl2"'],
    ['leading space kept by quoting', ' x', '" x"'],
    ['formula =', '=SUM(A1)', "'=SUM(A1)"],
    ['formula +', '+33 1 23', "'+33 1 23"],
    ['formula -', '-2+3', "'-2+3"],
    ['formula @', '@cmd', "'@cmd"],
    ['formula and separator', '=a;b', `"'=a;b"`],
  ])('P3: text — %s', (_, value, expected) => {
    expect(textCell(value)).toBe(expected)
  })

  it.each([
    [72.5, '72,5'],
    [-3, '-3'],
    [true, '1'],
    [false, '0'],
    [null, ''],
    [undefined, ''],
    [['a', 'b'], 'a|b'],
  ])('P3: value %j → %s (numbers are never neutralised)', (value, expected) => {
    expect(cell(value)).toBe(expected)
  })

  it('a line is `;`-separated and ends with CRLF', () => {
    expect(csvLine(['a', 'b'])).toBe('a;b\r\n')
  })
})
