/**
 * docs/benchmarks.md is written by the benchmarks themselves: each owns one "## <name>" section and
 * rewrites only that one, so a run of one benchmark never erases another's figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

export const BENCHMARKS_DOC = new URL('../../docs/benchmarks.md', import.meta.url)

/** Replaces the section whose heading starts with `## ${name}` (up to the next `## `), or appends it. */
export function writeBenchmarkSection(name: string, section: string, doc = BENCHMARKS_DOC): void {
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n'
  const start = text.search(new RegExp(`^## ${name}\\b`, 'm'))
  if (start < 0) {
    writeFileSync(doc, `${text.trimEnd()}\n\n${section}`)
    return
  }
  const after = text.slice(start + 1).search(/^## /m)
  const end = after < 0 ? text.length : start + 1 + after
  writeFileSync(doc, `${text.slice(0, start)}${section}${after < 0 ? '' : `\n${text.slice(end)}`}`)
}
