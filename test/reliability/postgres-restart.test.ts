/**
 * Postgres stopped and restarted under load, twice (a clean `fast` shutdown, then an `immediate` one that
 * kills every backend and makes Postgres replay its WAL): while it is down, every request gets a clear 503
 * (RFC 9457 problem in French, `Retry-After`), never a 500 or a hang, and the server process stays up;
 * once it is back, the same server serves and writes again without a restart, and every write a client
 * saw acknowledged is stored, chains and audit trail whole. The cluster is a private one started for this
 * test (private-postgres.ts), never the machine's shared Postgres.
 */
import { isDeepStrictEqual } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildWorld,
  openPostgresTestDatabase,
  openTestSession,
  type TestDatabase,
  type World,
} from '../../packages/server/test/harness.ts'
import { apiClient, openFiche, validFat } from './api-client.ts'
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.ts'
import { chainDefects, readChains } from './revision-chain.ts'
import { killAll, type ServerProcess, startServer } from './server-process.ts'

const WRITERS = 4
/** Acknowledged writes to see before each outage and after each recovery: "under load", bounded. */
const ACKS_PER_PHASE = 25
/** 503s to collect during each outage (every writer and the reader keep trying). */
const UNAVAILABLE_PER_OUTAGE = 12
const PHASE_TIMEOUT_MS = 30_000
const REQUEST_TIMEOUT_MS = 15_000

interface Ack {
  ficheId: string
  revisionId: string
  seq: number
  data: Record<string, unknown>
}

interface Answer {
  status: number
  type: string
  retryAfter: string | null
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field below
  body: any
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('Postgres stopped and restarted under load', () => {
  let pg: PrivatePostgres
  let t: TestDatabase & { url: string }
  let world: World
  let cookie: string
  const servers: (ServerProcess | undefined)[] = []

  beforeAll(async () => {
    pg = await startPrivatePostgres()
    t = (await openPostgresTestDatabase(pg.url, 4)) as TestDatabase & { url: string }
    world = await buildWorld(t.deps)
    cookie = (await openTestSession(t.deps, world.prescriberA)).cookie
  }, 90_000)
  afterAll(async () => {
    await killAll(servers)
    await t?.close().catch(() => {})
    await pg?.destroy()
  }, 60_000)

  it('answers 503 problems while it is down, recovers by itself, loses nothing acknowledged', async () => {
    const server = await startServer({ DATABASE_URL: t.url, DATABASE_POOL_SIZE: '6' })
    servers.push(server)
    const setupCall = apiClient(server.url, cookie)
    const fiches = await Promise.all(
      Array.from({ length: WRITERS }, () => openFiche(setupCall, world.establishmentA, world.programme)),
    )

    const request = async (method: string, path: string, body?: unknown): Promise<Answer> => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      const text = await res.text()
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        retryAfter: res.headers.get('retry-after'),
        body: text ? JSON.parse(text) : undefined,
      }
    }

    const acks: Ack[] = []
    const unavailable: Answer[] = []
    /** Anything else than 200, a well-formed 503 or a 409 after an in-doubt write: must stay empty. */
    const unexpected: string[] = []
    let inDoubt = 0
    let stopped = false

    const check503 = (a: Answer, what: string) => {
      const ok =
        a.type.startsWith('application/problem+json') &&
        a.body?.status === 503 &&
        a.body?.code === 'database-unavailable' &&
        a.body?.title === 'Base de données indisponible' &&
        typeof a.body?.detail === 'string' &&
        /réessayez/.test(a.body.detail) &&
        a.retryAfter !== null &&
        Number(a.retryAfter) > 0
      if (ok) unavailable.push(a)
      else unexpected.push(`${what}: 503 mal formé ${a.type} ${a.retryAfter} ${JSON.stringify(a.body)}`)
    }

    // Each writer saves drafts on its own fiche (every fourth write a submission), each on the head it
    // last saw; on a 503 it waits and retries the same write, as a client following Retry-After would.
    const writer = async (fiche: (typeof fiches)[number], w: number) => {
      let head = fiche.head.id
      for (let n = 0; !stopped && n < 100_000; ) {
        const data = validFat(w * 100_000 + n)
        const submit = n % 4 === 3
        let a: Answer
        try {
          // biome-ignore lint/performance/noAwaitInLoops: each write is based on the previous one
          a = await request(
            submit ? 'POST' : 'PUT',
            `/api/fiches/${fiche.id}/${submit ? 'submit' : 'draft'}`,
            {
              baseRevisionId: head,
              data,
            },
          )
        } catch (error) {
          unexpected.push(`écriture ${w}.${n} : pas de réponse (${String(error)})`)
          return
        }
        if (a.status === 200) {
          acks.push({ ficheId: fiche.id, revisionId: a.body.head.id, seq: a.body.head.seq, data })
          head = a.body.head.id
          n++
        } else if (a.status === 503) {
          check503(a, `écriture ${w}.${n}`)
          await sleep(50)
        } else if (a.status === 409 && a.body?.code === 'stale-revision') {
          // The previous attempt was answered 503 but committed (Postgres died between the commit and
          // the answer): the write is in the chain, the client simply did not get the acknowledgement.
          inDoubt++
          head = a.body.params.currentRevisionId
        } else {
          unexpected.push(`écriture ${w}.${n} : ${a.status} ${JSON.stringify(a.body)}`)
          return
        }
      }
    }
    // A reader keeps opening the fiches (session lookup + fiche read): reads get the same 503s.
    const reader = async () => {
      for (let n = 0; !stopped; n++) {
        try {
          // biome-ignore lint/performance/noAwaitInLoops: one read after another
          const a = await request('GET', `/api/fiches/${fiches[n % WRITERS]!.id}`)
          if (a.status === 503) check503(a, `lecture ${n}`)
          else if (a.status !== 200) unexpected.push(`lecture ${n} : ${a.status} ${JSON.stringify(a.body)}`)
        } catch (error) {
          unexpected.push(`lecture ${n} : pas de réponse (${String(error)})`)
          return
        }
        await sleep(20)
      }
    }
    const load = Promise.all([...fiches.map(writer), reader()])

    const waitFor = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + PHASE_TIMEOUT_MS
      while (!done() && unexpected.length === 0 && Date.now() < deadline) {
        // biome-ignore lint/performance/noAwaitInLoops: polling the load
        await sleep(20)
      }
      expect(unexpected, what).toEqual([])
      expect(done(), `${what} (en ${PHASE_TIMEOUT_MS} ms)`).toBe(true)
    }

    try {
      await waitFor('charge établie', () => acks.length >= ACKS_PER_PHASE)
      for (const mode of ['fast', 'immediate'] as const) {
        // biome-ignore lint/performance/noAwaitInLoops: one outage after the other
        await pg.stop(mode)
        const before503 = unavailable.length
        await waitFor(
          `503 pendant l'arrêt ${mode}`,
          () => unavailable.length >= before503 + UNAVAILABLE_PER_OUTAGE,
        )
        expect(server.child.exitCode, server.output()).toBeNull()
        await pg.start()
        const beforeAcks = acks.length
        await waitFor(`reprise après l'arrêt ${mode}`, () => acks.length >= beforeAcks + ACKS_PER_PHASE)
      }
    } finally {
      stopped = true
      await load
    }
    expect(unexpected).toEqual([])
    // The server never went down with Postgres: the same process served before, during and after.
    expect(server.child.exitCode, server.output()).toBeNull()
    expect(server.child.signalCode).toBeNull()

    // Every acknowledged write is stored at its place with the data sent, and nothing is broken.
    const chains = await readChains(
      t.db,
      fiches.map((f) => f.id),
    )
    const lost = acks.filter((a) => {
      const stored = chains.get(a.ficheId)?.find((r) => r.id === a.revisionId)
      return !stored || stored.seq !== a.seq || !isDeepStrictEqual(stored.data, a.data)
    })
    expect(lost).toEqual([])
    expect(await chainDefects(t.db)).toEqual([])
    // Nothing else either: the chains hold the first revisions, the acknowledged writes, and exactly one
    // revision per write answered 503 that had in fact committed (each revealed by the 409 that followed).
    const stored = [...chains.values()].reduce((n, c) => n + c.length, 0)
    expect(stored).toBe(WRITERS + acks.length + inDoubt)
  }, 180_000)
})
