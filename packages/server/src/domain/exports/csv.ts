/**
 * CSV as Excel in French reads it (P3): UTF-8 with a BOM, `;` between fields, decimal comma, CRLF line
 * ends, RFC 4180 quoting; text that a spreadsheet would run as a formula is neutralised. Pure.
 */

export const CSV_BOM = '\uFEFF'
export const CSV_SEPARATOR = ';'
export const CSV_EOL = '\r\n'

/** Leading characters that make Excel, LibreOffice or Sheets evaluate a cell (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/** A text cell: formulas neutralised with a leading apostrophe, quoted when it holds `;`, `"` or a line end. */
export function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return /[";\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** A number with the decimal comma; never quoted, never neutralised (a negative number is a number). */
export const numberCell = (value: number): string => String(value).replace('.', ',')

/** Any value: numbers as numbers, booleans as 1/0, arrays joined by `|`, objects as JSON text. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'number') return numberCell(value)
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (Array.isArray(value)) return textCell(value.map(String).join('|'))
  if (typeof value === 'object') return textCell(JSON.stringify(value))
  return textCell(String(value))
}

export const csvLine = (cells: readonly string[]): string => cells.join(CSV_SEPARATOR) + CSV_EOL
