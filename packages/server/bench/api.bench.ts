/**
 * Submitting a 200-field fiche through the HTTP API on real Postgres, against a bare pg INSERT of the same
 * JSONB payload into a table of the same shape, in the same run: same number of writes, same concurrency,
 * same pool size, both warmed up. Prints throughput, p50/p99, CPU per write and the ratio (target ≥ 0.5),
 * and rewrites the "Server" section of docs/benchmarks.md; never asserts on time.
 * `pnpm --filter @openput/server bench` (DATABASE_URL optional; BENCH_SUBMISSIONS, BENCH_CONCURRENCY,
 * BENCH_CPU_PROFILE).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { Agent, createServer, request, type Server } from 'node:http'
import { Session } from 'node:inspector'
import type { AddressInfo } from 'node:net'
import { availableParallelism, cpus, platform } from 'node:os'
import { serve } from '@hono/node-server'
import pg from 'pg'
// Benchmarks share the doc writer of the cross-package bench folder (dev tooling, not product code).
import { writeBenchmarkSection } from '../../../test/bench/benchmarks-doc.ts'
import { createApp } from '../src/app.ts'
import { DEFAULT_SESSION_POLICY } from '../src/domain/auth/session-policy.ts'
import { openSession } from '../src/domain/auth/sessions.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import { SESSION_COOKIE_NAME } from '../src/http/session-cookie.ts'
import { buildWorld, enrolNewPatient, MINIMAL_TEMPLATE, openPostgresTestDatabase } from '../test/harness.ts'

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 400)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
/** Unmeasured writes on each side first: JIT, prepared statements, pool connections. */
const WARMUP = Math.min(100, SUBMISSIONS)
const SECTIONS = 10
const PER_SECTION = 20

const itemId = (s: number, i: number) => `b${s}_${i}`
const KINDS = ['text', 'integer', 'decimal', 'date', 'yes-no', 'single-choice'] as const

function itemYaml(s: number, i: number) {
  const id = itemId(s, i)
  const kind = KINDS[(s * PER_SECTION + i) % KINDS.length]
  const base = `{ id: ${id}, label: Champ ${s}.${i}, type: ${kind}`
  if (kind === 'text') return `${base}, maxLength: 200 }`
  if (kind === 'integer') return `${base}, min: 0, max: 1000 }`
  if (kind === 'decimal') return `${base}, min: 0, max: 1000, decimals: 2 }`
  if (kind === 'single-choice') return `${base}, options: [{ code: a, label: A }, { code: b, label: B }] }`
  return `${base} }`
}

function valueFor(s: number, i: number) {
  const kind = KINDS[(s * PER_SECTION + i) % KINDS.length]
  return {
    text: 'valeur saisie',
    integer: 42,
    decimal: 12.5,
    date: '2026-03-01',
    'yes-no': true,
    'single-choice': 'a',
  }[kind!]
}

/** The minimal template plus a 200-item catalogue group and the fiche that collects it. */
function benchTemplate(programme: string) {
  const group = [
    '  - id: annexe_bench',
    '    title: Fiche longue',
    '    items:',
    ...Array.from({ length: SECTIONS }, (_, s) =>
      Array.from({ length: PER_SECTION }, (_, i) => `      - ${itemYaml(s, i)}`),
    ).flat(),
  ].join('\n')
  const fiche = [
    '  - id: bench',
    '    kind: autre',
    '    title: Fiche longue',
    '    sections:',
    ...Array.from({ length: SECTIONS }, (_, s) => [
      `      - id: section_${s}`,
      `        title: Section ${s}`,
      `        elements: [${Array.from({ length: PER_SECTION }, (_, i) => `{ item: ${itemId(s, i)} }`).join(', ')}]`,
    ]).flat(),
  ].join('\n')
  return MINIMAL_TEMPLATE.replace(/^programme: .*$/m, `programme: ${programme}`)
    .replace(/^catalogue:\n/m, `catalogue:\n${group}\n`)
    .replace(/^fiches:\n/m, `fiches:\n${fiche}\n`)
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

/** Busy and total CPU time of the whole machine (ms), from /proc/stat; undefined off Linux. */
function machineCpu() {
  if (platform() !== 'linux') return undefined
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number) as number[]
  const tick = 10 // USER_HZ is 100 on Linux
  return { busy: (user! + nice! + system! + irq! + softirq! + steal!) * tick, idle: (idle! + iowait!) * tick }
}

interface Run {
  perSecond: number
  p50: number
  p99: number
  /** CPU of this Node process (client + server, or the pg client) per write, µs. */
  nodeCpuUs: number
  /** CPU of the whole machine per write, µs (Postgres is most of the rest); undefined off Linux. */
  machineCpuUs: number | undefined
}

async function runPool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = []
  let next = 0
  const machine0 = machineCpu()
  const cpu0 = process.cpuUsage()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++
        const t0 = performance.now()
        // biome-ignore lint/performance/noAwaitInLoops: each worker runs its requests one after the other
        await task(i)
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpu0)
  const machine1 = machineCpu()
  latencies.sort((a, b) => a - b)
  return {
    perSecond: count / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    nodeCpuUs: (cpu.user + cpu.system) / count,
    machineCpuUs: machine0 && machine1 ? ((machine1.busy - machine0.busy) * 1000) / count : undefined,
  }
}

/**
 * With BENCH_CPU_PROFILE=<file>, writes a V8 CPU profile of the measured API phase only (not the setup nor
 * the bare side), for `chrome://inspect` or any .cpuprofile viewer.
 */
async function profiled<T>(run: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_CPU_PROFILE
  if (!file) return run()
  const session = new Session()
  session.connect()
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    )
  await post('Profiler.enable')
  await post('Profiler.setSamplingInterval', { interval: 200 })
  await post('Profiler.start')
  try {
    return await run()
  } finally {
    const { profile } = (await post('Profiler.stop')) as { profile: object }
    writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
    console.log(`  CPU profile of the API phase: ${file}`)
  }
}

const fmtRun = (r: Run) =>
  `${r.perSecond.toFixed(0).padStart(6)} /s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   ` +
  `CPU/write: node ${r.nodeCpuUs.toFixed(0).padStart(5)} µs, machine ${r.machineCpuUs?.toFixed(0).padStart(5) ?? '    ?'} µs`

async function main() {
  const t = await openPostgresTestDatabase(BASE_URL, CONCURRENCY)
  // The same pool size on both sides: CONCURRENCY connections for CONCURRENCY clients.
  const bare = new pg.Pool({ connectionString: t.url!, max: CONCURRENCY })
  let server: ReturnType<typeof serve> | undefined
  let agent: Agent | undefined
  let thin: Server | undefined
  try {
    const world = await buildWorld(t.deps)
    const programme = `bench-${world.programme}`
    await publishTemplate(t.deps, { actor: world.lab, yaml: benchTemplate(programme) })
    const data = Object.fromEntries(
      Array.from({ length: SECTIONS }, (_, s) =>
        Array.from({ length: PER_SECTION }, (_, i) => [itemId(s, i), valueFor(s, i)]),
      ).flat(),
    )
    const enrolment = await enrolNewPatient(t.deps, world.prescriberA, world.establishmentA, programme)
    // The patient's FAT is the prescriber's treatment-access request (C5.2): without it, no other fiche.
    await createFiche(t.deps, {
      actor: world.prescriberA,
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data: {},
    })
    // Setup, not measured: one draft fiche per submission (bench is repeatable: a new fiche each time).
    // At most CONCURRENCY at a time: hundreds queued on the pool would outwait its connection timeout on
    // a busy machine.
    const fiches: Awaited<ReturnType<typeof createFiche>>[] = []
    await runPool(WARMUP + SUBMISSIONS, CONCURRENCY, async (i) => {
      fiches[i] = await createFiche(t.deps, {
        actor: world.prescriberA,
        enrolmentId: enrolment.id,
        ficheId: 'bench',
        data: {},
      })
    })
    // Signed in as the prescriber: every request carries the session cookie, as a browser's would.
    const { token } = await openSession(
      t.deps,
      { userId: world.prescriberA.id, authTime: new Date(), acr: null, idToken: null },
      DEFAULT_SESSION_POLICY,
      new Date(),
    )
    const app = createApp({ deps: t.deps })
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server!.once('listening', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // node:http with keep-alive, one socket per client: a load generator much lighter than fetch (undici
    // and web streams cost ~0.6 ms a request), since it shares the CPU with the server and Postgres.
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
    const post = (to: string, path: string, payload: string) =>
      new Promise<void>((resolve, reject) => {
        const req = request(`${to}${path}`, {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            cookie: `${SESSION_COOKIE_NAME}=${token}`,
          },
        })
        req.on('error', reject)
        req.on('response', (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => {
            if (res.statusCode === 200) resolve()
            else reject(new Error(`submit ${res.statusCode}: ${Buffer.concat(chunks).toString()}`))
          })
        })
        req.end(payload)
      })
    const submit = (i: number) =>
      post(
        origin,
        `/api/fiches/${fiches[i]!.id}/submit`,
        JSON.stringify({ baseRevisionId: fiches[i]!.head.id, data }),
      )

    await runPool(WARMUP, CONCURRENCY, (i) => submit(SUBMISSIONS + i))
    const api = await profiled(() => runPool(SUBMISSIONS, CONCURRENCY, submit))
    agent.destroy()
    server.close()
    server = undefined

    // The same shape as fiche_revisions: its columns, defaults, checks, primary and unique keys, indexes
    // (LIKE … INCLUDING ALL) and its foreign keys (LIKE copies none); inserting the same payload as the
    // submit's revision, on top of the same base. No trigger fires on INSERT in either table. One such
    // table for the bare side, one for the thinnest HTTP endpoint (a base takes one revision per table).
    for (const table of ['bench_bare', 'bench_thin']) {
      for (const statement of [
        `create table ${table} (like fiche_revisions including all)`,
        `alter table ${table}
          add foreign key (fiche_instance_id) references fiche_instances (id),
          add foreign key (base_revision_id) references fiche_revisions (id),
          add foreign key (author_id) references users (id),
          add foreign key (establishment_id) references establishments (id)`,
      ]) {
        // biome-ignore lint/performance/noAwaitInLoops: DDL in order
        await bare.query(statement)
      }
    }
    const insertRow = (table: 'bench_bare' | 'bench_thin', i: number) =>
      bare
        .query(
          `insert into ${table} (fiche_instance_id, seq, base_revision_id, kind, data, author_id, establishment_id,
             source, missing_count)
           values ($1, 2, $2, 'submission', $3, $4, $5, 'direct', 0)`,
          [
            fiches[i]!.id,
            fiches[i]!.head.id,
            JSON.stringify(data),
            world.prescriberA.id,
            world.establishmentA,
          ],
        )
        .then(() => {})

    // The floor of any HTTP API on this machine: node:http, JSON.parse of the same body, the bare side's
    // insert (into its own table), the data sent back. No framework, session,
    // validation, access rule, audit nor head: what HTTP and JSON alone cost on top of the insert.
    thin = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const i = Number(req.url!.split('/')[2])
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { data: unknown }
        insertRow('bench_thin', i).then(
          () => {
            const out = JSON.stringify({ id: fiches[i]!.id, data: body.data })
            res.writeHead(200, {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(out),
            })
            res.end(out)
          },
          (error: unknown) => {
            res.writeHead(500)
            res.end(String(error))
          },
        )
      })
    })
    await new Promise<void>((resolve) => thin!.listen(0, '127.0.0.1', resolve))
    const thinOrigin = `http://127.0.0.1:${(thin.address() as AddressInfo).port}`
    agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
    const thinPost = (i: number) =>
      post(thinOrigin, `/thin/${i}`, JSON.stringify({ baseRevisionId: fiches[i]!.head.id, data }))
    await runPool(WARMUP, CONCURRENCY, (i) => thinPost(SUBMISSIONS + i))
    const floor = await runPool(SUBMISSIONS, CONCURRENCY, thinPost)
    agent.destroy()
    thin.close()
    thin = undefined

    const insert = (i: number) => insertRow('bench_bare', i)
    await runPool(WARMUP, CONCURRENCY, (i) => insert(SUBMISSIONS + i))
    const raw = await runPool(SUBMISSIONS, CONCURRENCY, insert)

    const ratio = api.perSecond / raw.perSecond
    const floorRatio = floor.perSecond / raw.perSecond
    const postgres = (await bare.query<{ v: string }>('select version() as v')).rows[0]!.v
    const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ${postgres.split(' on ')[0]}`
    const title = `Submitting a ${SECTIONS * PER_SECTION}-field fiche, ${SUBMISSIONS} times, ${CONCURRENCY} concurrent clients, Postgres`
    console.log(title)
    console.log(`  ${machine}`)
    console.log(`  HTTP API submit   ${fmtRun(api)}`)
    console.log(`  thinnest HTTP     ${fmtRun(floor)}`)
    console.log(`  bare pg INSERT    ${fmtRun(raw)}`)
    console.log(`  ratio API / bare  ${ratio.toFixed(2)} (target ≥ 0.5)`)
    console.log(`  ratio thinnest HTTP / bare  ${floorRatio.toFixed(2)} (the ceiling of any HTTP API here)`)

    const row = (name: string, r: Run) =>
      `| ${name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.nodeCpuUs.toFixed(0)} | ${r.machineCpuUs?.toFixed(0) ?? '?'} |`
    writeBenchmarkSection(
      'Server',
      [
        '## Server: submitting a fiche through the HTTP API',
        '',
        `Last run ${new Date().toISOString().slice(0, 10)} by \`pnpm --filter @openput/server bench\` (this section is rewritten by`,
        'each run; the analysis in the next section is not).',
        '',
        `Machine: ${machine}. Client, server and Postgres share these cores.`,
        '',
        `${title}; ${WARMUP} unmeasured warm-up writes per side; pool of ${CONCURRENCY} connections per side.`,
        'The bare side inserts into a table of the same shape as `fiche_revisions` (`LIKE … INCLUDING ALL`:',
        'columns, defaults, checks, keys, indexes; plus its four foreign keys), on top of the same base revision.',
        '',
        '| | writes/s | p50 ms | p99 ms | Node CPU µs/write | machine CPU µs/write |',
        '|---|---:|---:|---:|---:|---:|',
        row('HTTP API submit', api),
        row('thinnest HTTP endpoint (floor)', floor),
        row('bare pg INSERT', raw),
        '',
        `Ratio API / bare: **${ratio.toFixed(2)}** (target ≥ 0.5). Ratio thinnest HTTP endpoint / bare: **${floorRatio.toFixed(2)}**,`,
        'the ceiling of any HTTP API on this machine: `node:http`, `JSON.parse` of the same body, the same insert,',
        'the data sent back, and nothing else (no framework, session, validation, access rule, audit or head move).',
        '',
      ].join('\n'),
    )
  } finally {
    // Also on failure: an open server or socket would keep the process alive.
    agent?.destroy()
    server?.close()
    thin?.close()
    await bare.end()
    await t.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
