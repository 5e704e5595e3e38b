/**
 * Designer benchmark: parse, compile + check and diff times on the largest shipped template and on a
 * generated 2,000-item one, next to the floor (ajv alone compiling the output schemas). Prints the table,
 * rewrites the "Designer" section of docs/benchmarks.md, never asserts on time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { availableParallelism, cpus, platform } from 'node:os'
import { join, relative } from 'node:path'
import { stringify } from 'yaml'
// Benchmarks share the doc writer of the cross-package bench folder (dev tooling, not product code).
import { writeBenchmarkSection } from '../../../test/bench/benchmarks-doc.ts'
import { checkTemplate } from '../src/core/checks/run.ts'
import { createFicheAjv } from '../src/core/compile/ajv.ts'
import { compileTemplate } from '../src/core/compile/compile.ts'
import { diffTemplates } from '../src/core/diff/diff.ts'
import { type ParsedTemplate, parseTemplate } from '../src/core/model/parse.ts'
import { generateTemplate, mutateTemplate } from './generate-template.ts'

const WARM_UP = 3
const RUNS = 15
const TARGETS = { compileCheck: 100, diff: 50 }

const repo = new URL('../../../', import.meta.url).pathname
const templatesDir = join(repo, 'put-templates')

function median(samples: number[]): number {
  const sorted = [...samples].sort((x, y) => x - y)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Median wall time of `fn` in ms, after warm-up runs that let the JIT settle. */
function time(fn: () => unknown): number {
  for (let i = 0; i < WARM_UP; i++) fn()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

function parse(text: string, file: string): ParsedTemplate {
  const result = parseTemplate(text, file)
  if (!result.ok) throw new Error(`${file}: ${result.errors.map((e) => e.message).join('; ')}`)
  return result.value
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return yamlFiles(path)
    return /\.ya?ml$/.test(name) ? [path] : []
  })
}

function largestShipped(): { name: string; text: string } | undefined {
  const files = yamlFiles(templatesDir).sort((x, y) => statSync(y).size - statSync(x).size)
  const file = files[0]
  return file ? { name: relative(repo, file), text: readFileSync(file, 'utf8') } : undefined
}

interface Row {
  name: string
  items: number
  fiches: number
  parse: number
  compile: number
  /** The checks given the compiled fiches, as the CLI and the server call them. */
  check: number
  /** What `openput compile` and publishing do: compile once, then check with that output. */
  compileCheck: number
  ajvFloor: number
  diff: number
}

function measure(name: string, text: string): Row {
  const parsed = parse(text, name)
  const next = parse(stringify(mutateTemplate(parsed.template)), `${name} (muté)`)
  const compiled = compileTemplate(parsed.template)
  const schemas = compiled.fiches.map((f) => f.schema)
  return {
    name,
    items: parsed.template.catalogue.reduce((n, g) => n + g.items.length, 0),
    fiches: parsed.template.fiches.length,
    parse: time(() => parse(text, name)),
    compile: time(() => compileTemplate(parsed.template)),
    check: time(() => checkTemplate(parsed, { compiled })),
    compileCheck: time(() => checkTemplate(parsed, { compiled: compileTemplate(parsed.template) })),
    // A fresh ajv per run: compiled validators are cached per instance.
    ajvFloor: time(() => {
      const ajv = createFicheAjv()
      for (const schema of schemas) ajv.compile(schema)
    }),
    diff: time(() => diffTemplates(parsed, next)),
  }
}

const rows: Row[] = []
const shipped = largestShipped()
if (shipped) rows.push(measure(shipped.name, shipped.text))
else console.log(`(no template under ${relative(repo, templatesDir)}/: only the generated one is measured)`)
const generated = measure('generated 2,000 items', stringify(generateTemplate({ items: 2000 })))
rows.push(generated)

const ms = (n: number) => n.toFixed(1)
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ${platform()}`
const method = `median of ${RUNS} runs after ${WARM_UP} warm-up runs`
const table = rows.map((r) => ({
  template: r.name,
  items: r.items,
  fiches: r.fiches,
  'parse ms': ms(r.parse),
  'compile ms': ms(r.compile),
  'check ms': ms(r.check),
  'compile+check ms': ms(r.compileCheck),
  'ajv floor ms': ms(r.ajvFloor),
  'compile+check / ajv': (r.compileCheck / r.ajvFloor).toFixed(2),
  'diff ms': ms(r.diff),
}))
const verdict = (value: number, target: number) =>
  `${ms(value)} ms (target < ${target} ms) ${value < target ? 'PASS' : 'MISS'}`
const verdicts = [
  `compile+check, 2,000 items: ${verdict(generated.compileCheck, TARGETS.compileCheck)}`,
  `diff, 2,000 items:          ${verdict(generated.diff, TARGETS.diff)}`,
]

console.log(`\nDesigner benchmark — ${method}; ${machine}\n`)
console.table(table)
for (const line of verdicts) console.log(line)

writeBenchmarkSection(
  'Designer',
  [
    '## Designer',
    '',
    '`pnpm --filter @openput/designer bench` (`packages/designer/bench/designer.bench.ts`) rewrites this',
    `section. Last run ${new Date().toISOString().slice(0, 10)}: ${method}.`,
    '',
    `Machine: ${machine}.`,
    '',
    markdownTable(table),
    '',
    '- *compile+check* is what `openput compile` and publishing do: compile once, then run every check',
    '  with that output (`checkTemplate(parsed, { compiled })`); *check* is the checks alone, given it.',
    '- *ajv floor* is ajv alone compiling the output schemas with a fresh instance: the cost every',
    '  consumer of the compiled fiches pays anyway.',
    '- *parse* is YAML text to validated template with locations. About nine tenths of it is the `yaml`',
    "  library's lexer, parser and composer (kept for file:line:column); the zod validation and `toJS` are",
    '  the rest (≈ 10 and ≈ 6 ms on the generated template).',
    '',
    ...verdicts.map((line) => `- ${line.replace(/ {2,}/g, ' ')}`),
    '',
  ].join('\n'),
)

function markdownTable(records: Record<string, string | number>[]): string {
  const columns = Object.keys(records[0] ?? {})
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`
  return [
    line(columns),
    line(columns.map((_, c) => (c === 0 ? '---' : '---:'))),
    ...records.map((record) => line(columns.map((column) => record[column] ?? ''))),
  ].join('\n')
}
