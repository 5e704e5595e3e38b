/**
 * Concurrency on real Postgres only (PGlite runs one connection and hides races). Uses DATABASE_URL, or
 * the local Postgres at 127.0.0.1:5432; if neither is reachable the suite fails, it is never skipped.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { saveFiche } from '../src/domain/fiches/save-fiche.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { isProblem } from '../src/errors.ts'
import { buildWorld, openPostgresTestDatabase, type TestDatabase, testClient, type World } from './harness.ts'

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const CLIENTS = 12
const ROUNDS = 5

async function assertReachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(
      `Les tests de concurrence exigent un vrai PostgreSQL (${url}) : injoignable (${(error as Error).message}). ` +
        'Démarrez PostgreSQL ou définissez DATABASE_URL.',
    )
  } finally {
    await client.end().catch(() => {})
  }
}

describe('concurrent writers on real Postgres', () => {
  let t: TestDatabase
  let world: World

  beforeAll(async () => {
    await assertReachable(BASE_URL)
    t = await openPostgresTestDatabase(BASE_URL, CLIENTS)
    world = await buildWorld(t.deps)
  }, 60_000)
  afterAll(() => t?.close())

  const newFiche = async () => {
    const patient = await createPatient(t.deps, {
      actor: world.prescriberA,
      establishmentId: world.establishmentA,
    })
    const enrolment = await enrolPatient(t.deps, {
      actor: world.prescriberA,
      patientId: patient.id,
      programme: world.programme,
    })
    return createFiche(t.deps, {
      actor: world.prescriberA,
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data: {},
    })
  }

  it('many clients saving from the same base: exactly one wins each round, the others get stale-revision, no revision is lost', async () => {
    const fiche = await newFiche()
    let base = fiche.head.id
    const winners: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      // biome-ignore lint/performance/noAwaitInLoops: each round starts from the previous round's winner
      const outcomes = await Promise.allSettled(
        Array.from({ length: CLIENTS }, (_, i) =>
          saveFiche(t.deps, {
            actor: i % 2 ? world.prescriberA : world.pnmA,
            ficheInstanceId: fiche.id,
            baseRevisionId: base,
            data: { sexe: i % 2 ? 'F' : 'M', poids_kg: 50 + round * CLIENTS + i },
            mode: 'draft',
          }),
        ),
      )
      const won = outcomes.filter((o) => o.status === 'fulfilled')
      const lost = outcomes.filter((o) => o.status === 'rejected')
      expect(won).toHaveLength(1)
      expect(lost.map((o) => isProblem(o.reason) && o.reason.code)).toEqual(
        Array(CLIENTS - 1).fill('stale-revision'),
      )
      const head = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof saveFiche>>>).value.head
      winners.push(head.id)
      base = head.id
    }
    const revisions = await t.db
      .selectFrom('fiche_revisions')
      .select(['id', 'seq', 'base_revision_id'])
      .where('fiche_instance_id', '=', fiche.id)
      .orderBy('seq')
      .execute()
    expect(revisions.map((r) => r.seq)).toEqual(Array.from({ length: ROUNDS + 1 }, (_, i) => i + 1))
    expect(revisions.slice(1).map((r) => r.id)).toEqual(winners)
    // an unbroken chain: each revision's base is the one before it
    expect(revisions.slice(1).map((r) => r.base_revision_id)).toEqual(revisions.slice(0, -1).map((r) => r.id))
    // losers leave no trace: one audit row per revision actually written (the first one included)
    const audited = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('subject_id', '=', fiche.id)
      .where('action', '=', 'fiche.save')
      .execute()
    expect(audited.map((a) => a.details.revisionId).sort()).toEqual(revisions.map((r) => r.id).sort())
  }, 60_000)

  it('the same race through the HTTP API: one 200, the rest 409 problem documents', async () => {
    const { request } = testClient(t.deps)
    const fiche = await newFiche()
    const responses = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        request(world.prescriberA, 'PUT', `/api/fiches/${fiche.id}/draft`, {
          baseRevisionId: fiche.head.id,
          data: { poids_kg: 60 + i },
        }),
      ),
    )
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses).toEqual([200, ...Array(CLIENTS - 1).fill(409)])
  }, 60_000)

  it('the same idempotency key sent concurrently creates one patient', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: CLIENTS }, () =>
        createPatient(t.deps, {
          actor: world.prescriberA,
          establishmentId: world.establishmentA,
          idempotencyKey: 'race-1',
        }),
      ),
    )
    const ids = new Set(
      outcomes.map((o) => (o.status === 'fulfilled' ? o.value.id : `error:${String(o.reason)}`)),
    )
    expect([...ids]).toHaveLength(1)
    expect([...ids][0]).not.toMatch(/^error/)
  }, 60_000)
})
