/**
 * Crash safety: the real server under concurrent writes is killed with SIGKILL, restarted on the same
 * Postgres database, and every write a client saw acknowledged is there, chains and audit trail intact.
 */
import { isDeepStrictEqual } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiClient, type Call, openFiche, validFat } from './api-client.ts'
import { openPostgresWorld, type PostgresWorld } from './postgres-world.ts'
import { chainDefects, readChains } from './revision-chain.ts'
import { killAll, type ServerProcess, startServer } from './server-process.ts'

const WRITERS = 6
const CREATORS = 2
/** Acknowledged writes to wait for before the kill: enough to be "under load", bounded in time. */
const ACKS_BEFORE_KILL = 60
const LOAD_TIMEOUT_MS = 20_000

interface Ack {
  ficheId: string
  revisionId: string
  seq: number
  data: Record<string, unknown>
}

describe('crash: SIGKILL under load, then restart on the same Postgres', () => {
  let pw: PostgresWorld
  const servers: (ServerProcess | undefined)[] = []

  beforeAll(async () => {
    pw = await openPostgresWorld()
  }, 60_000)
  afterAll(async () => {
    await killAll(servers)
    await pw?.t.close()
  }, 30_000)

  const env = () => ({ DATABASE_URL: pw.t.url, DATABASE_POOL_SIZE: '8' })

  it('every acknowledged write survives, no chain is broken, the audit trail is complete', async () => {
    const first = await startServer(env())
    servers.push(first)
    const call = apiClient(first.url, pw.cookie)
    const { establishmentA, programme } = pw.world
    const fiches = await Promise.all(
      Array.from({ length: WRITERS }, () => openFiche(call, establishmentA, programme)),
    )

    const acks: Ack[] = []
    let inDoubt = 0
    let killed = false
    // A writer saves drafts (and every fifth time submits) on its own fiche, each on the last one it saw.
    const writer = async (fiche: (typeof fiches)[number], w: number) => {
      let head = fiche.head.id
      for (let n = 0; !killed && n < 10_000; n++) {
        const data = validFat(w * 1000 + n)
        const submit = n % 5 === 4
        let reply: Awaited<ReturnType<Call>>
        try {
          // biome-ignore lint/performance/noAwaitInLoops: each write is based on the previous one
          reply = await call(
            submit ? 'POST' : 'PUT',
            `/api/fiches/${fiche.id}/${submit ? 'submit' : 'draft'}`,
            { baseRevisionId: head, data },
          )
        } catch {
          inDoubt++ // the server died with the request in flight: it may or may not have landed
          return
        }
        if (reply.status !== 200)
          throw new Error(`écriture refusée : ${reply.status} ${JSON.stringify(reply.body)}`)
        acks.push({ ficheId: fiche.id, revisionId: reply.body.head.id, seq: reply.body.head.seq, data })
        head = reply.body.head.id
      }
    }
    // A creator opens new fiches: patient, enrolment and fiche, each an acknowledged write of its own.
    const creator = async () => {
      for (let n = 0; !killed && n < 1000; n++) {
        try {
          // biome-ignore lint/performance/noAwaitInLoops: one patient after another
          const fiche = await openFiche(call, establishmentA, programme, { sexe: 'F' })
          acks.push({ ficheId: fiche.id, revisionId: fiche.head.id, seq: 1, data: { sexe: 'F' } })
        } catch (error) {
          if (killed) return inDoubt++
          throw error
        }
      }
    }
    const load = Promise.all([...fiches.map(writer), ...Array.from({ length: CREATORS }, creator)])

    const deadline = Date.now() + LOAD_TIMEOUT_MS
    while (acks.length < ACKS_BEFORE_KILL && Date.now() < deadline) {
      // biome-ignore lint/performance/noAwaitInLoops: waiting for the load to build up
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(acks.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL)
    killed = true
    expect(await first.stop('SIGKILL')).toBe('SIGKILL')
    await load
    const acknowledged = [...acks]

    const second = await startServer(env())
    servers.push(second)
    const after = apiClient(second.url, pw.cookie)

    // Every acknowledged write is stored, at its place in its chain, with the data that was sent.
    const chains = await readChains(pw.t.db, [...new Set(acknowledged.map((a) => a.ficheId))])
    const lost = acknowledged.filter((a) => {
      const stored = chains.get(a.ficheId)?.find((r) => r.id === a.revisionId)
      return !stored || stored.seq !== a.seq || !isDeepStrictEqual(stored.data, a.data)
    })
    expect(lost).toEqual([])
    expect(await chainDefects(pw.t.db)).toEqual([])

    // The restarted server serves the same chains and accepts new writes on top of them.
    const resumed = await Promise.all(
      fiches.map(async (fiche) => {
        const revisions = await after('GET', `/api/fiches/${fiche.id}/revisions`)
        expect(revisions.status).toBe(200)
        const stored = chains.get(fiche.id)!
        expect(revisions.body.map((r: { id: string }) => r.id)).toEqual(stored.map((r) => r.id))
        return after('PUT', `/api/fiches/${fiche.id}/draft`, {
          baseRevisionId: stored.at(-1)!.id,
          data: validFat(7),
        })
      }),
    )
    expect(resumed.map((r) => r.status)).toEqual(fiches.map(() => 200))
    expect(await chainDefects(pw.t.db)).toEqual([])
    // The kill hit requests in flight (it happened under load): at most one per client, landed or not.
    expect(inDoubt).toBeGreaterThan(0)
    expect(inDoubt).toBeLessThanOrEqual(WRITERS + CREATORS)
  }, 90_000)
})
