/**
 * Two server processes on one Postgres database, as behind a load balancer: conflicting edits of the same
 * fiches sent through both never lose an update; each round has exactly one winner, the rest get 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiClient, type Call, openFiche, validFat } from './api-client.ts'
import { openPostgresWorld, type PostgresWorld } from './postgres-world.ts'
import { chainDefects, readChains } from './revision-chain.ts'
import { killAll, type ServerProcess, startServer } from './server-process.ts'

const FICHES = 4
const ROUNDS = 6
const CONTENDERS = 6

describe('two instances on one Postgres', () => {
  let pw: PostgresWorld
  const servers: ServerProcess[] = []

  beforeAll(async () => {
    pw = await openPostgresWorld()
    const env = { DATABASE_URL: pw.t.url, DATABASE_POOL_SIZE: '6' }
    servers.push(...(await Promise.all([startServer(env), startServer(env)])))
  }, 60_000)
  afterAll(async () => {
    await killAll(servers)
    await pw?.t.close()
  }, 30_000)

  it('conflicting edits through both instances: one winner per round, the others 409, no lost update', async () => {
    const [a, b] = servers.map((s) => apiClient(s.url, pw.cookie)) as [Call, Call]
    const { establishmentA, programme } = pw.world
    const fiches = await Promise.all(
      Array.from({ length: FICHES }, (_, i) => openFiche(i % 2 ? a : b, establishmentA, programme)),
    )

    // All fiches contend at once; within a fiche, each round starts from the previous round's winner.
    const outcomes = await Promise.all(
      fiches.map(async (fiche, f) => {
        const accepted = [{ id: fiche.head.id, data: fiche.head.data }]
        const anomalies: string[] = []
        for (let round = 0; round < ROUNDS; round++) {
          const base = accepted.at(-1)!.id
          // biome-ignore lint/performance/noAwaitInLoops: a round is based on the previous round's winner
          const replies = await Promise.all(
            Array.from({ length: CONTENDERS }, (_, i) => {
              const submit = i % 3 === 0
              const data = validFat(f * 10_000 + round * 100 + i)
              return (i % 2 ? a : b)(
                submit ? 'POST' : 'PUT',
                `/api/fiches/${fiche.id}/${submit ? 'submit' : 'draft'}`,
                {
                  baseRevisionId: base,
                  data,
                },
              ).then((reply) => ({ reply, data }))
            }),
          )
          const won = replies.filter((r) => r.reply.status === 200)
          const lost = replies.filter((r) => r.reply.status === 409 && r.reply.body.code === 'stale-revision')
          if (won.length !== 1 || lost.length !== CONTENDERS - 1) {
            anomalies.push(`fiche ${f} manche ${round} : ${replies.map((r) => r.reply.status).join(',')}`)
          }
          for (const w of won) accepted.push({ id: w.reply.body.head.id, data: w.data })
          // The loser is told which revision beat it, so it can merge and retry.
          for (const l of lost) {
            if (won.length === 1 && l.reply.body.params.currentRevisionId !== won[0]!.reply.body.head.id) {
              anomalies.push(`fiche ${f} manche ${round} : 409 sans la révision gagnante`)
            }
          }
        }
        return { fiche, accepted, anomalies }
      }),
    )
    expect(outcomes.flatMap((o) => o.anomalies)).toEqual([])

    const chains = await readChains(
      pw.t.db,
      fiches.map((f) => f.id),
    )
    const listed = await Promise.all(
      outcomes.map(({ fiche }) => b('GET', `/api/fiches/${fiche.id}/revisions`)),
    )
    outcomes.forEach(({ fiche, accepted }, i) => {
      // The stored chain is exactly the acknowledged writes, in order, with the data that was sent.
      expect(chains.get(fiche.id)!.map((r) => ({ id: r.id, data: r.data }))).toEqual(accepted)
      expect(listed[i]!.body.map((r: { id: string }) => r.id)).toEqual(accepted.map((r) => r.id))
    })
    expect(await chainDefects(pw.t.db)).toEqual([])
  }, 60_000)
})
