/**
 * Pieces every report shares: the output formats, a location as `file:line:column`, Markdown escaping
 * and tables, French plurals.
 */
import type { SourceLocation } from '../model/location.ts'

export const ReportFormats = ['text', 'json', 'md'] as const
export type ReportFormat = (typeof ReportFormats)[number]

/** `file:line:column`, or the file alone when the template did not come from a file. */
export function place(at: SourceLocation): string {
  return at.line > 0 ? `${at.file}:${at.line}:${at.column}` : at.file
}

/** A table cell's text: pipes escaped, newlines folded, so one value never breaks the table. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** `1 erreur`, `2 erreurs`: French puts 0 and 1 in the singular. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n <= 1 ? singular : plural}`
}

/** Stable JSON: two-space indentation and a final newline, keys in the order the report builds them. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}
