/**
 * The follow-up queries on the generated national volume (bench/volume/): the establishment dashboard as
 * hospital users open it (GET /api/dashboard through the app, session included), p50/p95 over many users
 * in many establishments, and the programme's national missing-data report (every patient, every fiche),
 * total time; then the statements both ran, replayed with EXPLAIN (ANALYZE, BUFFERS) into
 * docs/query-plans.md. Targets: dashboard p50 < 50 ms, report < 2 s, on real Postgres.
 *
 * `pnpm bench` runs it at BENCH_SCALE 0.05 (1,000 patients in the main programme); `pnpm bench:scale` at
 * scale 1 (20,000 patients in 300 establishments, 49 other programmes). The volume is generated through
 * the domain the first time (tens of minutes at scale 1) and reused afterwards. Without DATABASE_URL it runs
 * a reduced version on PGlite (scale 0.01) and says that the national figures need Postgres.
 * Never asserts on time; rewrites its section of docs/benchmarks.md.
 */
import { writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { BENCHMARKS_DOC, writeBenchmarkSection } from '../../../test/bench/benchmarks-doc.ts'
import { createApp } from '../src/app.ts'
import type { Database } from '../src/db/database.ts'
import { PreparingClient } from '../src/db/prepared.ts'
import { DEFAULT_SESSION_POLICY } from '../src/domain/auth/session-policy.ts'
import { openSession } from '../src/domain/auth/sessions.ts'
import { createDeps, type Deps } from '../src/domain/deps.ts'
import { missingDataReport } from '../src/domain/follow-up/missing-data-report.ts'
import { SESSION_COOKIE_NAME } from '../src/http/session-cookie.ts'
import { MAIN_PROGRAMME, VOLUME_NOW } from './volume/generate.ts'
import { openVolumeDatabase, printProgress } from './volume/volume-database.ts'

const POSTGRES_URL = process.env.DATABASE_URL
const SCALE = Number(process.env.BENCH_SCALE ?? (POSTGRES_URL ? 0.05 : 0.01))
const SEED = Number(process.env.VOLUME_SEED ?? 20261123)
const WORKERS = Number(process.env.VOLUME_WORKERS ?? 4)
/** Users whose dashboard is measured (two prescribers per establishment, establishments spread out). */
const USERS = Number(process.env.BENCH_DASHBOARD_USERS ?? 200)
const WARMUP = 20
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 3)
/** Postgres' default is 4 (spinning disks); 1.1 is the usual value for SSDs or a database that fits in RAM. */
const TUNED_RANDOM_PAGE_COST = 1.1
const QUERY_PLANS_DOC = new URL('../../../docs/query-plans.md', import.meta.url)

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )

interface Captured {
  sql: string
  parameters: readonly unknown[]
  count: number
  totalMs: number
}

/** Every statement run while `capturing` is set, by text, with its first parameters and its total time. */
class StatementLog {
  capturing: string | undefined
  readonly byPhase = new Map<string, Map<string, Captured>>()

  record(query: CompiledQuery, ms: number) {
    if (!this.capturing) return
    let phase = this.byPhase.get(this.capturing)
    if (!phase) {
      phase = new Map()
      this.byPhase.set(this.capturing, phase)
    }
    const seen = phase.get(query.sql)
    if (seen) {
      seen.count++
      seen.totalMs += ms
    } else phase.set(query.sql, { sql: query.sql, parameters: query.parameters, count: 1, totalMs: ms })
  }
}

/** A second pool on the volume's database, logging statements (Postgres only: PGlite is one process). */
function loggingDeps(url: string, log: StatementLog, options?: string) {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    Client: PreparingClient,
    ...(options ? { options } : {}),
  })
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => log.record(event.query, event.queryDurationMillis),
  })
  return { deps: createDeps(db), db, pool }
}

interface Dashboard {
  p50: number
  p95: number
  max: number
  /** CPU of this process (server code and client) per dashboard, ms: less sensitive to a busy machine. */
  nodeCpuMs: number
  users: number
  establishments: number
  patientsPerEstablishment: { min: number; median: number; max: number }
}

/** Signs these users in and opens the main programme's dashboard as one of them, through the app; ms. */
async function dashboardOpener(deps: Deps, userIds: readonly string[]) {
  const app = createApp({ deps })
  const now = new Date()
  const cookies = await Promise.all(
    userIds.map(async (userId) => {
      const { token } = await openSession(
        deps,
        { userId, authTime: now, acr: null, idToken: null },
        DEFAULT_SESSION_POLICY,
        now,
      )
      return `${SESSION_COOKIE_NAME}=${token}`
    }),
  )
  const open = async (cookie: string) => {
    const t0 = performance.now()
    const res = await app.request(`/api/dashboard?programme=${MAIN_PROGRAMME}`, { headers: { cookie } })
    const body = await res.text()
    if (res.status !== 200) throw new Error(`dashboard ${res.status}: ${body.slice(0, 500)}`)
    return performance.now() - t0
  }
  return { cookies, open }
}

async function measureDashboards(
  deps: Deps,
  users: { id: string; establishmentId: string; patients: number }[],
) {
  const { cookies, open } = await dashboardOpener(
    deps,
    users.map((u) => u.id),
  )
  for (let i = 0; i < WARMUP; i++) {
    // biome-ignore lint/performance/noAwaitInLoops: warm-up, one request at a time
    await open(cookies[i % cookies.length]!)
  }
  const latencies: number[] = []
  const cpu0 = process.cpuUsage()
  for (const cookie of cookies) {
    // biome-ignore lint/performance/noAwaitInLoops: one user at a time: latency, not throughput
    latencies.push(await open(cookie))
  }
  const cpu = process.cpuUsage(cpu0)
  latencies.sort((a, b) => a - b)
  const sizes = users.map((u) => u.patients).sort((a, b) => a - b)
  return {
    result: {
      p50: percentile(latencies, 50),
      nodeCpuMs: (cpu.user + cpu.system) / 1000 / cookies.length,
      p95: percentile(latencies, 95),
      max: latencies.at(-1)!,
      users: users.length,
      establishments: new Set(users.map((u) => u.establishmentId)).size,
      patientsPerEstablishment: { min: sizes[0]!, median: percentile(sizes, 50), max: sizes.at(-1)! },
    } satisfies Dashboard,
    open: (i: number) => open(cookies[i % cookies.length]!),
  }
}

/**
 * The lab's dashboard: the main programme's data manager sees every record of the programme (no target in
 * the brief; measured so that its cost at national scale is known). One warm-up, then REPORT_RUNS runs.
 */
async function measureLabDashboard(deps: Deps) {
  const { id } = (
    await sql<{ id: string }>`
      select m.user_id as id from memberships m join programmes p on p.organisation_id = m.organisation_id
      where p.slug = ${MAIN_PROGRAMME} and m.role = 'data-manager' order by m.user_id limit 1`.execute(
      deps.db,
    )
  ).rows[0]!
  const { cookies, open: openAs } = await dashboardOpener(deps, [id])
  const open = async () => {
    const cpu0 = process.cpuUsage()
    const ms = await openAs(cookies[0]!)
    const cpu = process.cpuUsage(cpu0)
    return { ms, nodeCpuMs: (cpu.user + cpu.system) / 1000 }
  }
  await open()
  const runs = []
  for (let i = 0; i < REPORT_RUNS; i++) {
    // biome-ignore lint/performance/noAwaitInLoops: one request at a time: latency, not throughput
    runs.push(await open())
  }
  return { ms: median(runs.map((r) => r.ms)), nodeCpuMs: median(runs.map((r) => r.nodeCpuMs)) }
}

async function runReport(db: Deps['db'], programmeId: string) {
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  let rows = 0
  let fiches = 0
  let missingFiches = 0
  for await (const row of missingDataReport(db, { programmeId, asOf: new Date(`${VOLUME_NOW}T12:00:00Z`) })) {
    rows++
    fiches += row.fiches.length
    missingFiches += row.missingFiches.length
  }
  const cpu = process.cpuUsage(cpu0)
  return {
    ms: performance.now() - t0,
    nodeCpuMs: (cpu.user + cpu.system) / 1000,
    rows,
    fiches,
    missingFiches,
  }
}

/** Hospital prescribers spread over the establishments of the main programme, biggest and smallest alike. */
async function sampleUsers(db: Deps['db']) {
  const rows = await sql<{ id: string; establishment_id: string; patients: string }>`
    select m.user_id as id, m.establishment_id, count(distinct e.id) as patients
    from memberships m
    join patients p on p.establishment_id = m.establishment_id
    join enrolments e on e.patient_id = p.id
    join programmes pr on pr.id = e.programme_id and pr.slug = ${MAIN_PROGRAMME}
    where m.role = 'prescriber'
    group by m.user_id, m.establishment_id
    order by m.establishment_id, m.user_id`.execute(db)
  const all = rows.rows.map((r) => ({
    id: r.id,
    establishmentId: r.establishment_id,
    patients: Number(r.patients),
  }))
  const step = Math.max(1, all.length / USERS)
  return Array.from({ length: Math.min(USERS, all.length) }, (_, i) => all[Math.floor(i * step)]!)
}

async function explain(db: Deps['db'], c: Captured) {
  const plan = await db.executeQuery<{ 'QUERY PLAN': string }>({
    sql: `explain (analyze, buffers) ${c.sql}`,
    parameters: c.parameters,
    query: { kind: 'RawNode' },
  } as unknown as CompiledQuery<{ 'QUERY PLAN': string }>)
  // Long id lists (`= ANY ('{…}')`) would drown the plan: cut each line at 240 characters.
  const cut = (line: string) => (line.length > 240 ? `${line.slice(0, 240)}…` : line)
  return plan.rows.map((r) => cut(r['QUERY PLAN'])).join('\n')
}

async function main() {
  if (!POSTGRES_URL) {
    console.log(
      'DATABASE_URL is not set: the national-scale figures need Postgres (pnpm bench:scale with DATABASE_URL).',
    )
    console.log(`Running a reduced version on PGlite (scale ${SCALE}) instead.`)
  }
  const volume = await openVolumeDatabase(POSTGRES_URL, {
    scale: SCALE,
    seed: SEED,
    workers: POSTGRES_URL ? WORKERS : 1,
    onProgress: printProgress,
  })
  const log = new StatementLog()
  const logging = volume.url ? loggingDeps(volume.url, log) : undefined
  try {
    const deps = logging?.deps ?? volume.deps
    const counts = (
      await sql<{
        patients: string
        fiches: string
        revisions: string
        programmes: string
        establishments: string
      }>`
        select (select count(*) from enrolments) as patients, (select count(*) from fiche_instances) as fiches,
               (select count(*) from fiche_revisions) as revisions, (select count(*) from programmes) as programmes,
               (select count(*) from establishments) as establishments`.execute(deps.db)
    ).rows[0]!
    const main = (
      await sql<{ id: string; patients: string; fiches: string }>`
        select p.id, count(distinct e.id) as patients, count(f.id) as fiches
        from programmes p join enrolments e on e.programme_id = p.id
        left join fiche_instances f on f.enrolment_id = e.id
        where p.slug = ${MAIN_PROGRAMME} group by p.id`.execute(deps.db)
    ).rows[0]!
    const users = await sampleUsers(deps.db)
    const loadStart = loadavg()[0]!.toFixed(1)

    // Statements of the measured dashboards are timed too (as the pg client sees them: queueing on the
    // shared cores included), to tell the database's share of a dashboard from the server code's.
    log.capturing = 'all dashboards'
    const dashboards = await measureDashboards(deps, users)
    log.capturing = undefined
    const sqlPerDashboard =
      [...(log.byPhase.get('all dashboards')?.values() ?? [])].reduce((n, c) => n + c.totalMs, 0) /
      (users.length + WARMUP)
    log.byPhase.delete('all dashboards')
    const lab = await measureLabDashboard(deps)
    const reports = []
    for (let i = 0; i < REPORT_RUNS; i++) {
      // biome-ignore lint/performance/noAwaitInLoops: one report at a time
      reports.push(await runReport(deps.db, main.id))
    }
    const reportMs = reports.map((r) => r.ms)

    // The same measures with the planner told that random reads cost little (SSD, data in RAM), a setting
    // of the deployment rather than of the schema: side by side, to show what it changes.
    const tuned = volume.url
      ? loggingDeps(volume.url, new StatementLog(), `-c random_page_cost=${TUNED_RANDOM_PAGE_COST}`)
      : undefined
    let tunedResult: { dashboard: Dashboard; labMs: number; reportMs: number } | undefined
    if (tuned) {
      try {
        const tunedDashboards = await measureDashboards(tuned.deps, users)
        const tunedLab = await measureLabDashboard(tuned.deps)
        const tunedReports = []
        for (let i = 0; i < REPORT_RUNS; i++) {
          // biome-ignore lint/performance/noAwaitInLoops: one report at a time
          tunedReports.push((await runReport(tuned.deps.db, main.id)).ms)
        }
        tunedResult = {
          dashboard: tunedDashboards.result,
          labMs: tunedLab.ms,
          reportMs: median(tunedReports),
        }
      } finally {
        await tuned.db.destroy()
      }
    }

    // Plans: one more dashboard (the biggest establishment's user) and one more report, statements logged.
    const plans: { phase: string; captured: Captured; plan: string }[] = []
    const postgresMs = new Map<string, { ms: number; statements: number }>()
    if (logging) {
      const biggest = users.reduce((a, b) => (b.patients > a.patients ? b : a))
      log.capturing = 'dashboard'
      await dashboards.open(users.indexOf(biggest))
      log.capturing = 'report'
      await runReport(deps.db, main.id)
      log.capturing = undefined
      for (const [phase, statements] of log.byPhase) {
        const sorted = [...statements.values()].sort((a, b) => b.totalMs - a.totalMs)
        let inPostgres = 0
        for (const [i, captured] of sorted.entries()) {
          // biome-ignore lint/performance/noAwaitInLoops: plans one at a time
          const plan = await explain(deps.db, captured)
          // What Postgres itself spent (planning + execution), without the round trips and the queueing of
          // a busy machine; a statement run several times (report batches) counts its first run's time each time.
          const time = (label: string) =>
            Number(new RegExp(`${label} Time: ([0-9.]+) ms`).exec(plan)?.[1] ?? 0)
          inPostgres += (time('Planning') + time('Execution')) * captured.count
          if (i < 4) plans.push({ phase, captured, plan })
        }
        postgresMs.set(phase, { ms: inPostgres, statements: sorted.reduce((n, c) => n + c.count, 0) })
      }
    }

    const postgres = (await sql<{ v: string }>`select version() as v`.execute(deps.db)).rows[0]!.v
    const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, ${
      volume.backend === 'postgres' ? postgres.split(' on ')[0] : 'PGlite (in memory)'
    }`
    const d = dashboards.result
    const report = reports[0]!
    console.log(`Follow-up queries at scale ${SCALE} on ${volume.name}`)
    console.log(`  ${machine}`)
    console.log(
      `  volume: ${counts.patients} patients, ${counts.fiches} fiches, ${counts.revisions} revisions, ${counts.programmes} programmes, ${counts.establishments} establishments`,
    )
    console.log(
      `  dashboard (${d.users} users, ${d.establishments} establishments): p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, max ${d.max.toFixed(1)} ms (target p50 < 50 ms), Node CPU ${d.nodeCpuMs.toFixed(1)} ms/request${logging ? `; SQL ${sqlPerDashboard.toFixed(1)} ms per dashboard on average` : ''}`,
    )
    console.log(
      `  lab dashboard (the data manager, all ${main.patients} patients): median of ${REPORT_RUNS} ${lab.ms.toFixed(0)} ms, Node CPU ${lab.nodeCpuMs.toFixed(0)} ms`,
    )
    console.log(
      `  missing-data report (${report.rows} patients, ${report.fiches} fiches): median of ${REPORT_RUNS} ${median(reportMs).toFixed(0)} ms (target < 2000 ms), Node CPU ${median(reports.map((r) => r.nodeCpuMs)).toFixed(0)} ms`,
    )
    for (const [phase, p] of postgresMs) {
      console.log(
        `  ${phase}: ${p.statements} statements, Postgres planning + execution ≈ ${p.ms.toFixed(1)} ms`,
      )
    }
    if (tunedResult) {
      const t = tunedResult
      console.log(
        `  with random_page_cost ${TUNED_RANDOM_PAGE_COST}: dashboard p50 ${t.dashboard.p50.toFixed(1)} ms, p95 ${t.dashboard.p95.toFixed(1)} ms; lab dashboard ${t.labMs.toFixed(0)} ms; report ${t.reportMs.toFixed(0)} ms`,
      )
    }
    if (volume.summary) {
      const s = volume.summary
      console.log(
        `  generation: ${s.commands} domain commands in ${s.seconds.toFixed(0)} s (${(s.commands / s.seconds).toFixed(0)} commands/s, ${WORKERS} workers)`,
      )
    }

    const national = SCALE >= 1 && volume.backend === 'postgres'
    const sectionName = national ? 'National scale' : 'Reduced scale'
    const targets = (ok: boolean) => (ok ? 'met' : '**missed**')
    const ms = (x: number) => `${x < 100 ? x.toFixed(1) : x.toFixed(0)} ms`
    const row = (name: string, value: number, tunedValue?: number, target = '', limit?: number) =>
      `| ${name} | ${ms(value)}${tunedResult ? ` | ${tunedValue === undefined ? '' : ms(tunedValue)}` : ''} | ${target} | ${
        limit === undefined ? '' : targets(value < limit)
      } |`
    const lines = [
      `## ${sectionName}: establishment dashboard and missing-data report`,
      '',
      `Last run ${new Date().toISOString().slice(0, 10)} by \`${national ? 'pnpm bench:scale' : 'pnpm bench'}\` (\`packages/server/bench/scale.bench.ts\`; this section is rewritten by each run at this scale).`,
      '',
      `Machine: ${machine}. The load generator, the server code and Postgres share these cores.`,
      '',
      `Volume (generated through the domain commands by \`packages/server/bench/generate-volume.ts\`, scale ${SCALE}, seed ${SEED}, "now" = ${VOLUME_NOW}): ` +
        `${counts.patients} patients in ${counts.programmes} programmes and ${counts.establishments} establishments, ` +
        `${counts.fiches} fiches, ${counts.revisions} revisions; main programme \`${MAIN_PROGRAMME}\`: ${main.patients} patients, ${main.fiches} fiches.`,
      ...(volume.summary
        ? [
            '',
            `Generation (this run): ${volume.summary.commands} domain commands in ${volume.summary.seconds.toFixed(0)} s, ` +
              `**${(volume.summary.commands / volume.summary.seconds).toFixed(0)} commands/s** with ${WORKERS} concurrent workers.`,
          ]
        : []),
      '',
      tunedResult
        ? `| | default planner costs | random_page_cost ${TUNED_RANDOM_PAGE_COST} | target | |`
        : '| | measured | target | |',
      tunedResult ? '|---|---:|---:|---:|---|' : '|---|---:|---:|---|',
      row(
        `dashboard p50 (\`GET /api/dashboard\`, ${d.users} prescribers in ${d.establishments} establishments of ${d.patientsPerEstablishment.min}–${d.patientsPerEstablishment.max} patients, median ${d.patientsPerEstablishment.median})`,
        d.p50,
        tunedResult?.dashboard.p50,
        '< 50 ms',
        50,
      ),
      row('dashboard p95', d.p95, tunedResult?.dashboard.p95),
      row('dashboard max', d.max, tunedResult?.dashboard.max),
      row(
        'dashboard: Node CPU per request (server code + in-process client)',
        d.nodeCpuMs,
        tunedResult?.dashboard.nodeCpuMs,
      ),
      row(
        `lab dashboard (the programme's data manager: every one of its ${main.patients} patients), median of ${REPORT_RUNS}`,
        lab.ms,
        tunedResult?.labMs,
      ),
      row('lab dashboard: Node CPU per request', lab.nodeCpuMs),
      row(
        `national missing-data report (\`missingDataReport\`, ${report.rows} patients, ${report.fiches} fiches, ${report.missingFiches} missing fiches), median of ${REPORT_RUNS}`,
        median(reportMs),
        tunedResult?.reportMs,
        '< 2000 ms',
        2000,
      ),
      row('report: Node CPU per run', median(reports.map((r) => r.nodeCpuMs))),
      '',
      ...(logging
        ? [
            `Time in SQL statements (as the pg client sees them, queueing included) per dashboard, on average: ${ms(sqlPerDashboard)}; the rest is the server code (session, access scope, planning the visits, JSON).`,
            '',
            ...[...postgresMs].map(
              ([phase, p]) =>
                `Postgres' own planning + execution time (EXPLAIN ANALYZE of each statement) for one ${phase === 'dashboard' ? "dashboard of the biggest establishment's user" : 'report'}: ${p.statements} statements, ≈ ${ms(p.ms)}.`,
            ),
            '',
          ]
        : []),
      `Load average of the machine (1 min) at the start and end of the measures: ${loadStart} → ${loadavg()[0]!.toFixed(1)} (other work shared the cores).`,
      '',
      volume.backend === 'postgres'
        ? national
          ? 'Query plans of the statements that took the most time: [docs/query-plans.md](query-plans.md).'
          : 'Query plans are written by the national run only ([docs/query-plans.md](query-plans.md)).'
        : 'PGlite: reduced volume, no query plans (run with DATABASE_URL for the national-scale figures).',
      '',
    ]
    writeBenchmarkSection(sectionName, lines.join('\n'), BENCHMARKS_DOC)
    // The plans document belongs to the national run: a reduced run would replace them with toy plans.
    if (plans.length > 0 && national) {
      writeFileSync(
        QUERY_PLANS_DOC,
        [
          '# Query plans of the follow-up queries',
          '',
          `Written by \`packages/server/bench/scale.bench.ts\` on ${new Date().toISOString().slice(0, 10)}, scale ${SCALE} (${counts.patients} patients, ${counts.fiches} fiches), ${machine}.`,
          'For each phase, the statements that took the most time, replayed with `EXPLAIN (ANALYZE, BUFFERS)`',
          'with the parameters of their first run. Figures in [benchmarks.md](benchmarks.md).',
          '',
          ...plans.flatMap(({ phase, captured, plan }) => [
            `## ${phase}: ${captured.count} run(s), ${captured.totalMs.toFixed(1)} ms in all`,
            '',
            '```sql',
            captured.sql.replace('/* openput:prepare */ ', ''),
            '```',
            '',
            '```',
            plan,
            '```',
            '',
          ]),
        ].join('\n'),
      )
    }
  } finally {
    await logging?.db.destroy()
    await volume.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
