/**
 * The streamed exports (P3) of the main programme of the generated volume (bench/volume/), at two sizes
 * side by side in one run: throughput, and peak memory (rss and heap, sampled every 10 ms while the
 * response is read) against the level before, to show memory stays flat whatever the size.
 *
 * Sizes are volume scales (BENCH_EXPORT_SCALES, default "0.002,0.01" on Postgres: 40 and 200 patients in
 * the main programme; "0.001,0.002" on PGlite); `pnpm bench:export-scale` uses "0.01,1" (1 = 20,000
 * patients). On Postgres when DATABASE_URL is set (volumes generated once and reused), on PGlite otherwise
 * (generated in memory through the domain, one size after the other: slow, and small). Never asserts on time; rewrites its section of
 * docs/benchmarks.md.
 */
import { availableParallelism, cpus } from 'node:os'
import { sql } from 'kysely'
import { writeBenchmarkSection } from '../../../test/bench/benchmarks-doc.ts'
import { createApp } from '../src/app.ts'
import { DEFAULT_SESSION_POLICY } from '../src/domain/auth/session-policy.ts'
import { openSession } from '../src/domain/auth/sessions.ts'
import type { Deps } from '../src/domain/deps.ts'
import { SESSION_COOKIE_NAME } from '../src/http/session-cookie.ts'
import { MAIN_PROGRAMME } from './volume/generate.ts'
import { openVolumeDatabase, printProgress } from './volume/volume-database.ts'

const POSTGRES_URL = process.env.DATABASE_URL
// PGlite generates each size in memory through the domain (minutes): smaller sizes there.
const SCALES = (process.env.BENCH_EXPORT_SCALES ?? (POSTGRES_URL ? '0.002,0.01' : '0.001,0.002'))
  .split(',')
  .map(Number)
const SEED = Number(process.env.VOLUME_SEED ?? 20261123)
const WORKERS = Number(process.env.VOLUME_WORKERS ?? 4)
const PERIOD = 'from=2000-01-01&to=2099-12-31'
const MB = 1024 * 1024

interface Measure {
  scale: number
  format: string
  fiches: number
  bytes: number
  seconds: number
  rssBefore: number
  rssPeak: number
  heapBefore: number
  heapPeak: number
  /** Heap in use right after a full GC, at most: what the export holds on to, garbage excluded. */
  liveBefore: number
  livePeak: number
}

/** Reads a response to the end without keeping it, sampling memory meanwhile. */
async function consume(response: Response, sample: () => void): Promise<number> {
  const reader = response.body!.getReader()
  let bytes = 0
  for (;;) {
    // biome-ignore lint/performance/noAwaitInLoops: a stream is read one chunk after the other
    const { done, value } = await reader.read()
    if (done) return bytes
    bytes += value.byteLength
    sample()
  }
}

async function measureScale(scale: number): Promise<Measure[]> {
  const volume = await openVolumeDatabase(POSTGRES_URL, {
    scale,
    seed: SEED,
    workers: WORKERS,
    onProgress: printProgress,
  })
  try {
    const deps: Deps = volume.deps
    const { rows: versions } = await sql<{ id: string; version: string; fiches: number }>`
      select v.id, v.version, count(fi.id)::int as fiches from template_versions v
      join programmes p on p.id = v.programme_id
      join fiche_instances fi on fi.template_version_id = v.id
      where p.slug = ${MAIN_PROGRAMME} and fi.status = 'submitted'
      group by v.id, v.version order by count(fi.id) desc limit 1`.execute(deps.db)
    const version = versions[0]!
    const { rows: managers } = await sql<{ user_id: string }>`
      select m.user_id from memberships m
      join programmes p on p.organisation_id = m.organisation_id
      where p.slug = ${MAIN_PROGRAMME} and m.role in ('data-manager', 'programme-manager')
      order by m.user_id limit 1`.execute(deps.db)
    const now = new Date()
    const { token } = await openSession(
      deps,
      { userId: managers[0]!.user_id, authTime: now, acr: 'eidas1', idToken: null },
      DEFAULT_SESSION_POLICY,
      now,
    )
    const app = createApp({ deps })
    const headers = { cookie: `${SESSION_COOKIE_NAME}=${token}` }
    const index = await (
      await app.request(`/api/template-versions/${version.id}/exports`, { headers })
    ).json()
    const files: [string, string[]][] = [
      ['ODM XML', ['odm.xml']],
      ['CSV, every table', (index.tables as string[]).map((t) => `csv/${t}`)],
    ]
    const results: Measure[] = []
    for (const [format, paths] of files) {
      ;(globalThis as { gc?: () => void }).gc?.()
      const before = process.memoryUsage()
      let rssPeak = before.rss
      let heapPeak = before.heapUsed
      const sample = () => {
        const m = process.memoryUsage()
        rssPeak = Math.max(rssPeak, m.rss)
        heapPeak = Math.max(heapPeak, m.heapUsed)
      }
      const gc = (globalThis as { gc?: () => void }).gc
      gc?.()
      const liveBefore = gc ? process.memoryUsage().heapUsed : before.heapUsed
      let livePeak = liveBefore
      const timer = setInterval(sample, 10)
      // Every 250 ms a full GC, then the heap still in use: a leak would make it grow with the export.
      const liveTimer = setInterval(() => {
        if (!gc) return
        gc()
        livePeak = Math.max(livePeak, process.memoryUsage().heapUsed)
      }, 250)
      const started = performance.now()
      let bytes = 0
      for (const path of paths) {
        // biome-ignore lint/performance/noAwaitInLoops: one file after the other, as a user downloads them
        const res = await app.request(`/api/template-versions/${version.id}/exports/${path}?${PERIOD}`, {
          headers,
        })
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
        bytes += await consume(res, sample)
      }
      const seconds = (performance.now() - started) / 1000
      clearInterval(timer)
      clearInterval(liveTimer)
      sample()
      results.push({
        scale,
        format,
        fiches: version.fiches,
        bytes,
        seconds,
        rssBefore: before.rss,
        rssPeak,
        heapBefore: before.heapUsed,
        heapPeak,
        liveBefore,
        livePeak,
      })
    }
    return results
  } finally {
    await volume.close()
  }
}

async function main() {
  const backend = POSTGRES_URL ? 'Postgres' : 'PGlite (in memory, generated each run)'
  const results: Measure[] = []
  for (const scale of SCALES) {
    // biome-ignore lint/performance/noAwaitInLoops: one size after the other, so they do not share memory
    results.push(...(await measureScale(scale)))
  }
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`
  const row = (m: Measure) =>
    `| ${m.format} | ${m.scale} | ${m.fiches} | ${(m.bytes / MB).toFixed(1)} | ${m.seconds.toFixed(2)} | ` +
    `${Math.round(m.fiches / m.seconds)} | ${(m.bytes / MB / m.seconds).toFixed(1)} | ` +
    `${(m.rssPeak / MB).toFixed(0)} (+${((m.rssPeak - m.rssBefore) / MB).toFixed(0)}) | ` +
    `${(m.heapPeak / MB).toFixed(0)} (+${((m.heapPeak - m.heapBefore) / MB).toFixed(0)}) | ` +
    `${(m.livePeak / MB).toFixed(0)} (+${((m.livePeak - m.liveBefore) / MB).toFixed(0)}) |`
  const lines = [
    '## Streamed export',
    '',
    `Written by \`packages/server/bench/export.bench.ts\` on ${new Date().toISOString().slice(0, 10)}; ${backend}; ${machine}.`,
    '',
    `The main programme (\`${MAIN_PROGRAMME}\`) of the generated volume at each scale, every submitted fiche of its`,
    'busiest template version, exported through the HTTP app (session, access rule, audit row) and read to the end',
    'by the client without being kept. Memory is the process’s own (the server code, and PGlite when it is the',
    'database), sampled every 10 ms while the response is read: peak, and in brackets the rise over the level',
    'before the export; "live heap" is the heap still in use right after a full GC (forced every 250 ms),',
    'i.e. what the export holds on to, without the garbage V8 has not collected yet. Both sizes run in the',
    'same process, one after the other.',
    '',
    '| format | scale | fiches | MB | s | fiches/s | MB/s | peak rss MB (rise) | peak heap MB (rise) | peak live heap MB (rise) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(row),
    '',
    'The export reads 500 fiches per statement (keyset on enrolment and fiche) and hands the client one page',
    'at a time, pulling the next page only when the previous one was taken (ReadableStream `pull`): the rise',
    'in memory is bounded by a page, not by the export. `pnpm bench:export-scale` runs it at 20,000 patients.',
    '',
  ]
  console.log(lines.join('\n'))
  writeBenchmarkSection('Streamed export', lines.join('\n'))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
