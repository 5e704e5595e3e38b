/**
 * Database invariants, on every backend: append-only revisions and audit, immutable published
 * templates, every foreign key indexed, every append-only table carrying its trigger.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { BACKENDS, buildWorld, openTestDatabase, type TestDatabase, type World } from './harness.ts'

const APPEND_ONLY_TABLES = [
  'access_requests',
  'audit_events',
  'fiche_revisions',
  'fiche_signatures',
  'freeze_mailings',
  'programme_freezes',
  'programme_status_history',
  'query_messages',
  'template_fiches',
  'template_migration_fiches',
  'template_migrations',
  'template_reviews',
  'template_versions',
  'transfers',
]

/**
 * Foreign keys left without an index on purpose: an index on the referencing column only speeds up the
 * checks made when a referenced row is updated or deleted.
 */
const UNINDEXED_FOREIGN_KEYS: Record<string, string> = {
  fiche_instances_head_revision_fk:
    'revisions are append-only; without the index, moving the head is a HOT update (2026-11-24-2-fiche-head-hot)',
}

describe.each(BACKENDS)('database schema on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let ficheId: string
  let revisionId: string

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    const patient = await createPatient(t.deps, {
      actor: world.prescriberA,
      establishmentId: world.establishmentA,
    })
    const enrolment = await enrolPatient(t.deps, {
      actor: world.prescriberA,
      patientId: patient.id,
      programme: world.programme,
    })
    const fiche = await createFiche(t.deps, {
      actor: world.prescriberA,
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data: { sexe: 'F' },
    })
    ficheId = fiche.id
    revisionId = fiche.head.id
  }, 60_000)
  afterAll(() => t?.close())

  const refused = async (statement: ReturnType<typeof sql>) => {
    const error = await statement.execute(t.db).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({ code: 'OP001' })
  }

  it('fiche revisions are append-only: UPDATE and DELETE are refused', async () => {
    await refused(sql`update fiche_revisions set data = '{"sexe":"M"}' where id = ${revisionId}`)
    await refused(sql`delete from fiche_revisions where id = ${revisionId}`)
    const row = await t.db
      .selectFrom('fiche_revisions')
      .select('data')
      .where('id', '=', revisionId)
      .executeTakeFirstOrThrow()
    expect(row.data).toEqual({ sexe: 'F' })
  })

  it('audit events are append-only: UPDATE and DELETE are refused', async () => {
    await refused(sql`update audit_events set action = 'fiche.erase' where subject_id = ${ficheId}`)
    await refused(sql`delete from audit_events where subject_id = ${ficheId}`)
    await refused(sql`truncate audit_events`)
  })

  it('P2: a published template version and its compiled fiches cannot be modified or deleted', async () => {
    await refused(sql`update template_versions set yaml_source = 'x' where id = ${world.templateVersionId}`)
    await refused(sql`delete from template_versions where id = ${world.templateVersionId}`)
    await refused(
      sql`update template_fiches set definition = '{}' where template_version_id = ${world.templateVersionId}`,
    )
    await refused(sql`delete from template_fiches where template_version_id = ${world.templateVersionId}`)
  })

  it('two revisions cannot share a base revision (unique key as last line of defence)', async () => {
    const error = await sql`
      insert into fiche_revisions (fiche_instance_id, seq, base_revision_id, kind, data, author_id, establishment_id, source, missing_count)
      select fiche_instance_id, seq + 1, base_revision_id, kind, data, author_id, establishment_id, source, 0
      from fiche_revisions where id = ${revisionId}`
      .execute(t.db)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    // seq 2 with a null base breaks the seq/base check; the base uniqueness is checked in the API tests.
    expect(error).toMatchObject({ code: expect.stringMatching(/^23/) })
  })

  it('every append-only table has its UPDATE/DELETE trigger', async () => {
    const rows = await sql<{ table: string }>`
      select distinct c.relname as table from pg_trigger tg
      join pg_class c on c.oid = tg.tgrelid
      join pg_proc p on p.oid = tg.tgfoid
      where p.proname = 'openput_refuse_change' and not tg.tgisinternal
      order by 1`.execute(t.db)
    expect(rows.rows.map((r) => r.table)).toEqual(APPEND_ONLY_TABLES)
  })

  it('every foreign key is covered by an index whose leading columns are the key', async () => {
    const rows = await sql<{ table: string; constraint: string; covered: boolean }>`
      select c.conrelid::regclass::text as table, c.conname as constraint,
        exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
            and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
        ) as covered
      from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      order by 1, 2`.execute(t.db)
    expect(rows.rows.length).toBeGreaterThan(10)
    expect(rows.rows.filter((r) => !r.covered && !(r.constraint in UNINDEXED_FOREIGN_KEYS))).toEqual([])
    // The exceptions are real foreign keys, and really without an index.
    for (const constraint of Object.keys(UNINDEXED_FOREIGN_KEYS)) {
      expect(rows.rows.find((r) => r.constraint === constraint)).toMatchObject({ covered: false })
    }
  })

  it('moving a fiche head is a HOT update: no index entry is written', async () => {
    const fiche = await createFiche(t.deps, {
      actor: world.prescriberA,
      enrolmentId: (
        await enrolPatient(t.deps, {
          actor: world.prescriberA,
          patientId: (
            await createPatient(t.deps, { actor: world.prescriberA, establishmentId: world.establishmentA })
          ).id,
          programme: world.programme,
        })
      ).id,
      ficheId: 'fat',
      data: { sexe: 'M' },
    })
    // Within one transaction, then rolled back: the backend's own statistics, read before and after.
    const counts = async (trx: typeof t.db) =>
      (
        await sql<{ updates: number; hot: number }>`
          select n_tup_upd::int as updates, n_tup_hot_upd::int as hot from pg_stat_xact_user_tables
          where relname = 'fiche_instances'`.execute(trx)
      ).rows[0] ?? { updates: 0, hot: 0 }
    const delta = await t.db
      .transaction()
      .execute(async (trx) => {
        const before = await counts(trx)
        await sql`update fiche_instances set head_revision_id = ${revisionId}::uuid, head_missing_count = 0
          where id = ${fiche.id}::uuid`.execute(trx)
        const after = await counts(trx)
        throw Object.assign(new Error('rollback'), {
          delta: { updates: after.updates - before.updates, hot: after.hot - before.hot },
        })
      })
      .catch((e: { delta?: unknown }) => e.delta)
    expect(delta).toEqual({ updates: 1, hot: 1 })
  })
})
