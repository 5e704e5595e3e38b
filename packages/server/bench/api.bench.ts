/**
 * Submitting a 200-field fiche through the HTTP API on real Postgres, against a bare pg INSERT of the same
 * JSONB payload into a table of the same shape, in the same run. Prints throughput, p50/p99 and the ratio
 * (target ≥ 0.5); never asserts on time. `pnpm --filter @openput/server bench` (DATABASE_URL optional).
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import pg from 'pg'
import { createApp } from '../src/app.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import { buildWorld, MINIMAL_TEMPLATE, openPostgresTestDatabase } from '../test/harness.ts'

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 400)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
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

async function runPool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = []
  let next = 0
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
  latencies.sort((a, b) => a - b)
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

async function main() {
  const t = await openPostgresTestDatabase(BASE_URL, CONCURRENCY + 2)
  const bare = new pg.Pool({ connectionString: t.url!, max: CONCURRENCY })
  try {
    const world = await buildWorld(t.deps)
    const programme = `bench-${world.programme}`
    await publishTemplate(t.deps, { actor: world.lab, yaml: benchTemplate(programme) })
    const data = Object.fromEntries(
      Array.from({ length: SECTIONS }, (_, s) =>
        Array.from({ length: PER_SECTION }, (_, i) => [itemId(s, i), valueFor(s, i)]),
      ).flat(),
    )
    const patient = await createPatient(t.deps, {
      actor: world.prescriberA,
      establishmentId: world.establishmentA,
    })
    const enrolment = await enrolPatient(t.deps, {
      actor: world.prescriberA,
      patientId: patient.id,
      programme,
    })
    // Setup, not measured: one draft fiche per submission (bench is repeatable: a new fiche each time).
    const fiches = await Promise.all(
      Array.from({ length: SUBMISSIONS }, () =>
        createFiche(t.deps, {
          actor: world.prescriberA,
          enrolmentId: enrolment.id,
          ficheId: 'bench',
          data: {},
        }),
      ),
    )
    const app = createApp({ deps: t.deps })
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const body = (i: number) => JSON.stringify({ baseRevisionId: fiches[i]!.head.id, data })

    const api = await runPool(SUBMISSIONS, CONCURRENCY, async (i) => {
      const res = await fetch(`${origin}/api/fiches/${fiches[i]!.id}/submit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-openput-user': world.prescriberA.id },
        body: body(i),
      })
      if (res.status !== 200) throw new Error(`submit ${res.status}: ${await res.text()}`)
      await res.arrayBuffer()
    })
    server.close()

    await bare.query('create table bench_bare (like fiche_revisions including defaults)')
    const payload = JSON.stringify(data)
    const raw = await runPool(SUBMISSIONS, CONCURRENCY, async (i) => {
      await bare.query(
        `insert into bench_bare (fiche_instance_id, seq, kind, data, author_id, establishment_id, source, missing_count)
         values ($1, 2, 'submission', $2, $3, $4, 'direct', 0)`,
        [fiches[i]!.id, payload, world.prescriberA.id, world.establishmentA],
      )
    })

    const fmt = (r: typeof api) =>
      `${r.perSecond.toFixed(0).padStart(6)} /s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms`
    console.log(
      `Submitting a ${SECTIONS * PER_SECTION}-field fiche, ${SUBMISSIONS} times, ${CONCURRENCY} concurrent clients, Postgres`,
    )
    console.log(`  HTTP API submit   ${fmt(api)}`)
    console.log(`  bare pg INSERT    ${fmt(raw)}`)
    console.log(`  ratio API / bare  ${(api.perSecond / raw.perSecond).toFixed(2)} (target ≥ 0.5)`)
  } finally {
    await bare.end()
    await t.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
