/**
 * The fiche form in Chromium: a generated 300-field fiche rendered with OpenPUT's renderers and with stock
 * JSON Forms vanilla renderers, side by side in one run, same schema, same ajv settings, same page.
 * Measures time until interactive (mount, schema compile, first layout) and the cost of one keystroke in
 * a field in the middle of the form (input event → render → layout), plus the cost of committing the
 * typed value to the form's data. Prints the figures and rewrites the "Runtime" section of
 * docs/benchmarks.md; never asserts on time. `pnpm --filter @openput/runtime bench` (BENCH_RUNS, BENCH_KEYS).
 */
import { readFile } from 'node:fs/promises'
import { cpus, platform } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { build } from 'vite'
// The browser helpers and the doc writer live with the cross-package tests (dev tooling, not product code).
import { writeBenchmarkSection } from '../../../test/bench/benchmarks-doc.ts'
import { launchChromium } from '../../../test/browser/chromium.ts'
import { FIELD_COUNT, fieldId, fieldLabel, PER_SECTION } from './generated-fiche.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const KEYS = Number(process.env.BENCH_KEYS ?? 40)
const PAGE_ROOT = fileURLToPath(new URL('./form-page/', import.meta.url))
const OUT_DIR = fileURLToPath(new URL('../node_modules/.bench-form-page/', import.meta.url))
const ORIGIN = 'http://bench.openput.test'

type RendererSet = 'openput' | 'vanilla'
type Layout = 'groups' | 'categories'

interface Bench {
  mount(set: RendererSet, layout: Layout): Promise<{ ms: number; controls: number }>
  type(label: string, text: string): Promise<{ perKey: number[]; shown: string }>
  commit(label: string, field: string, expected: string): Promise<{ ms: number; committed: boolean }>
}
declare const bench: Bench

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!
}
const ms = (x: number) => x.toFixed(1)

async function buildPage() {
  await build({
    configFile: false,
    root: PAGE_ROOT,
    base: '/',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: OUT_DIR, emptyOutDir: true, sourcemap: false },
  })
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
}

interface Measure {
  mount: number[]
  controls: number
  keys: number[]
  commit: number[]
  committed: boolean
}

async function main() {
  await buildPage()
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    // The built page is served from memory through request interception: no server, no port.
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname
      const file = join(OUT_DIR, path === '/' ? 'index.html' : path)
      const ext = file.slice(file.lastIndexOf('.'))
      await route.fulfill({
        body: await readFile(file),
        contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      })
    })
    await page.goto(`${ORIGIN}/`)
    await page.waitForFunction(() => 'bench' in window)

    // A text field (n % 8 === 0) in the middle of the form (groups), or in the first section (categories).
    const target = (layout: Layout) => (layout === 'groups' ? 152 : 8)
    const results = new Map<string, Measure>()
    const text = 'Traitement concomitant : paracétamol 1 g x 3 par jour'.padEnd(KEYS, ' abc').slice(0, KEYS)
    for (const layout of ['groups', 'categories'] as const) {
      for (const set of ['vanilla', 'openput'] as const) {
        const m: Measure = { mount: [], controls: 0, keys: [], commit: [], committed: true }
        // Alternate runs would share the JIT the same way: warm up each side once, unmeasured.
        for (let run = 0; run <= RUNS; run++) {
          // biome-ignore lint/performance/noAwaitInLoops: runs are sequential by design (one page, one CPU budget)
          const mounted = await page.evaluate(([s, l]) => bench.mount(s, l), [set, layout] as const)
          const n = target(layout)
          const typed = await page.evaluate(([label, t]) => bench.type(label, t), [
            fieldLabel(n),
            text,
          ] as const)
          const committed = await page.evaluate(
            ([label, field, expected]) => bench.commit(label, field, expected),
            [fieldLabel(n), fieldId(n), text] as const,
          )
          if (typed.shown !== text)
            throw new Error(`${set}/${layout}: the field shows ${JSON.stringify(typed.shown)}`)
          if (run === 0) continue
          m.mount.push(mounted.ms)
          m.controls = mounted.controls
          m.keys.push(...typed.perKey)
          m.commit.push(committed.ms)
          m.committed &&= committed.committed
        }
        results.set(`${set}/${layout}`, m)
      }
    }
    report(results, text.length)
  } finally {
    await browser.close()
  }
}

function report(results: Map<string, Measure>, keys: number) {
  const rows: string[] = []
  const lines: string[] = []
  for (const layout of ['groups', 'categories'] as const) {
    const stock = results.get(`vanilla/${layout}`)!
    const ours = results.get(`openput/${layout}`)!
    const keyRatio = median(stock.keys) / median(ours.keys)
    const layoutName =
      layout === 'groups'
        ? `all ${FIELD_COUNT} fields on one page`
        : `one section of ${PER_SECTION} at a time`
    for (const [name, m] of [
      ['stock vanilla', stock],
      ['OpenPUT', ours],
    ] as const) {
      rows.push(
        `| ${layoutName} | ${name} | ${m.controls} | ${ms(median(m.mount))} | ${ms(median(m.keys))} | ${ms(p95(m.keys))} | ${ms(median(m.commit))} | ${m.committed ? 'yes' : '**no**'} |`,
      )
    }
    lines.push(
      `${layoutName}: interactive in ${ms(median(ours.mount))} ms (stock ${ms(median(stock.mount))} ms); keystroke ${ms(median(ours.keys))} ms vs ${ms(median(stock.keys))} ms stock = ${keyRatio.toFixed(1)}× faster (target ≥ 3×)`,
    )
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${platform()}, Chromium (Debian) headless`
  const table = [
    '| layout | renderers | inputs on screen | interactive ms (median) | keystroke ms (median) | keystroke ms (p95) | commit ms (median) | value committed |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ]
  console.log(`Formulaire de ${FIELD_COUNT} champs, ${RUNS} ouvertures et ${RUNS} × ${keys} frappes par cas`)
  for (const line of table) console.log(line)
  for (const line of lines) console.log(line)
  writeBenchmarkSection(
    'Runtime',
    [
      '## Runtime: entering a 300-field fiche in the browser',
      '',
      `Last run ${new Date().toISOString().slice(0, 10)} by \`pnpm --filter @openput/runtime bench\` (this section is rewritten by each run).`,
      '',
      `Machine: ${machine}.`,
      '',
      `A generated fiche of ${FIELD_COUNT} fields (text, long text, integer, decimal, date, yes/no, single choice as radio`,
      'buttons and as a list box; 15 sections of 20), the same schema, uischema, i18n and ajv settings for both renderer',
      `sets, in one page. Per case: ${RUNS} measured openings after one unmeasured, each followed by ${keys} keystrokes typed`,
      'into a text field in the middle of the form and a blur.',
      '',
      '- **interactive**: from `root.render` (JSON Forms init, ajv compile of the schema) to the first layout done;',
      '- **keystroke**: from the `input` event to the end of the re-render, effects and layout it causes;',
      '- **commit**: from leaving the field to the form data (`onChange`, which JSON Forms emits on a 10 ms debounce)',
      '  holding the typed value. Stock vanilla commits on every keystroke (its keystroke time *is* its commit time,',
      '  paid per character); OpenPUT keeps the text in the input and commits once, after a 250 ms pause or on blur,',
      '  so a commit is paid per pause, not per character.',
      '',
      ...table,
      '',
      ...lines.map((l) => `- ${l}`),
      '',
    ].join('\n'),
  )
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
