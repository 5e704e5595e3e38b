/**
 * Designer benchmark: parse, compile + check and diff times on the largest shipped template and on a
 * generated 2,000-item one, next to the floor (ajv alone compiling the output schemas). Prints, never asserts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { stringify } from 'yaml'
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
  check: number
  compileCheck: number
  ajvFloor: number
  diff: number
}

function measure(name: string, text: string): Row {
  const parsed = parse(text, name)
  const next = parse(stringify(mutateTemplate(parsed.template)), `${name} (muté)`)
  const schemas = compileTemplate(parsed.template).fiches.map((f) => f.schema)
  return {
    name,
    items: parsed.template.catalogue.reduce((n, g) => n + g.items.length, 0),
    fiches: parsed.template.fiches.length,
    parse: time(() => parse(text, name)),
    compile: time(() => compileTemplate(parsed.template)),
    check: time(() => checkTemplate(parsed)),
    compileCheck: time(() => {
      compileTemplate(parsed.template)
      checkTemplate(parsed)
    }),
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
console.log(
  `\nDesigner benchmark — median of ${RUNS} runs after ${WARM_UP} warm-up runs, Node ${process.version}\n`,
)
console.table(
  rows.map((r) => ({
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
  })),
)
const verdict = (value: number, target: number) =>
  `${ms(value)} ms (target < ${target} ms) ${value < target ? 'PASS' : 'MISS'}`
console.log(`compile+check, 2,000 items: ${verdict(generated.compileCheck, TARGETS.compileCheck)}`)
console.log(`diff, 2,000 items:          ${verdict(generated.diff, TARGETS.diff)}`)
