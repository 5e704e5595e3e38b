/**
 * C7.2, C12.2 at national scale: each fiche row keeps its head's missing count and own date, so the
 * follow-up queries read no revision JSON. Every write keeps them with the head, the database refuses a
 * head without them, and the migration that introduced them backfills exactly what the writes store.
 */
import { sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../src/db/migrate.ts'
import { MIGRATIONS } from '../src/db/migrations/index.ts'
import { designate } from '../src/domain/access/designations.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { saveFiche } from '../src/domain/fiches/save-fiche.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import { isProblem } from '../src/errors.ts'
import {
  BACKENDS,
  buildWorld,
  enrolNewPatient,
  headFactsDrift,
  openTestDatabase,
  type TestDatabase,
  templateVariant,
  type World,
} from './harness.ts'
import { FAT_DATA } from './template-migration-fixtures.ts'

const HEAD_FACTS_MIGRATION = '2026-11-24-1-fiche-head-facts'

describe.each(BACKENDS)('fiche head facts on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let enrolmentId: string

  const headOf = (id: string) =>
    t.db
      .selectFrom('fiche_instances')
      .select(['head_missing_count', 'head_date'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  const open = (ficheId: string, data: Record<string, unknown>) =>
    createFiche(t.deps, { actor: world.prescriberA, enrolmentId, ficheId, data })

  const save = (
    id: string,
    baseRevisionId: string,
    data: Record<string, unknown>,
    mode: 'draft' | 'submit',
  ) => saveFiche(t.deps, { actor: world.prescriberA, ficheInstanceId: id, baseRevisionId, data, mode })

  /** A new patient of centre A, enrolled in `programme`; the enrolment's id. */
  const enrol = async (programme: string) =>
    (await enrolNewPatient(t.deps, world.prescriberA, world.establishmentA, programme)).id

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    enrolmentId = await enrol(world.programme)
  }, 60_000)
  afterAll(() => t?.close())

  it('publishing stores each fiche’s date item: the schedule anchor’s, else its first date item', async () => {
    const rows = await t.db
      .selectFrom('template_fiches')
      .select(['fiche_id', 'date_item'])
      .where('template_version_id', '=', world.templateVersionId)
      .orderBy('position')
      .execute()
    expect(Object.fromEntries(rows.map((r) => [r.fiche_id, r.date_item]))).toEqual({
      fat: null,
      fit: 'date_initiation',
      suivi: 'date_visite',
      arret: 'date_arret',
    })
  })

  it('every write moves the head facts with the head: first revision, draft, submission, correction', async () => {
    const fat = await open('fat', FAT_DATA)
    expect(await headOf(fat.id)).toEqual({ head_missing_count: fat.head.missingCount, head_date: null })

    // A draft without its date: no own date; one that is not a calendar day is not a date either.
    const suivi = await open('suivi', {})
    expect(await headOf(suivi.id)).toEqual({ head_missing_count: suivi.head.missingCount, head_date: null })
    expect(suivi.head.missingCount).toBeGreaterThan(0)
    const vague = await save(suivi.id, suivi.head.id, { date_visite: 'mars 2026' }, 'draft')
    expect(await headOf(suivi.id)).toEqual({ head_missing_count: vague.head.missingCount, head_date: null })

    const dated = await save(suivi.id, vague.head.id, { date_visite: '2026-03-01' }, 'draft')
    expect(await headOf(suivi.id)).toEqual({
      head_missing_count: dated.head.missingCount,
      head_date: '2026-03-01',
    })

    const submitted = await save(
      suivi.id,
      dated.head.id,
      { date_visite: '2026-03-02', poursuite: true },
      'submit',
    )
    expect(submitted.head.missingCount).toBe(0)
    expect(await headOf(suivi.id)).toEqual({ head_missing_count: 0, head_date: '2026-03-02' })

    const corrected = await save(
      suivi.id,
      submitted.head.id,
      { date_visite: '2026-03-04', poursuite: true },
      'submit',
    )
    expect(corrected.head.seq).toBe(5)
    expect(await headOf(suivi.id)).toEqual({ head_missing_count: 0, head_date: '2026-03-04' })

    // A stale write changes nothing, the head facts included.
    await expect(
      save(suivi.id, submitted.head.id, { date_visite: '2026-01-01', poursuite: true }, 'submit'),
    ).rejects.toThrow()
    expect(await headOf(suivi.id)).toEqual({ head_missing_count: 0, head_date: '2026-03-04' })
    expect(await headFactsDrift(t.db)).toEqual([])
  })

  it('the database refuses a head without its facts', async () => {
    const fiche = await open('arret', { date_arret: '2026-06-01' })
    const error = await sql`update fiche_instances set head_missing_count = null where id = ${fiche.id}::uuid`
      .execute(t.db)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(String(error)).toMatch(/fiche_instances_head_facts_check/)
    expect(await headOf(fiche.id)).toEqual({
      head_missing_count: fiche.head.missingCount,
      head_date: '2026-06-01',
    })
  })

  it('publishing stores each fiche’s own access levels, and every write to the fiche is decided on them', async () => {
    const slug = `${world.programme}-pnm-read`
    const yaml = templateVariant(slug).replace(
      /(- \{ id: visite, title: Visite, elements: .*\n)/,
      '$1    access: { pnm: read }\n',
    )
    expect(yaml).toContain('access: { pnm: read }')
    const version = await publishTemplate(t.deps, { actor: world.lab, yaml })
    const rows = await t.db
      .selectFrom('template_fiches')
      .select(['fiche_id', 'access'])
      .where('template_version_id', '=', version.id)
      .execute()
    expect(Object.fromEntries(rows.map((r) => [r.fiche_id, r.access]))).toEqual({
      fat: null,
      fit: null,
      suivi: { pnm: 'read' },
      arret: null,
    })
    const slugEnrolment = await enrol(slug)
    await createFiche(t.deps, {
      actor: world.prescriberA,
      enrolmentId: slugEnrolment,
      ficheId: 'fat',
      data: FAT_DATA,
    })
    const suivi = await createFiche(t.deps, {
      actor: world.prescriberA,
      enrolmentId: slugEnrolment,
      ficheId: 'suivi',
      data: {},
    })
    const data = { date_visite: '2026-03-01' }
    await designate(t.deps, {
      actor: world.prescriberA,
      establishmentId: world.establishmentA,
      programme: slug,
      designeeId: world.pnmA.id,
      designeeRole: 'pnm',
    })
    // The designated PNM enters follow-up fiches by default (C5.5), but this template makes them read-only.
    const refused = await saveFiche(t.deps, {
      actor: world.pnmA,
      ficheInstanceId: suivi.id,
      baseRevisionId: suivi.head.id,
      data,
      mode: 'draft',
    }).catch((e: unknown) => e)
    expect(isProblem(refused) && [refused.status, refused.params.reasonCode]).toEqual([
      403,
      'fiche-read-only',
    ])
    const usual = await open('suivi', {})
    const entered = await saveFiche(t.deps, {
      actor: world.pnmA,
      ficheInstanceId: usual.id,
      baseRevisionId: usual.head.id,
      data,
      mode: 'draft',
    })
    expect(entered.head.seq).toBe(2)
  })

  it('the migration backfills what the writes store, from the published models and the head revisions', async () => {
    const snapshot = async () => ({
      fiches: await t.db
        .selectFrom('fiche_instances')
        .select(['id', 'head_revision_id', 'head_missing_count', 'head_date'])
        .orderBy('id')
        .execute(),
      dateItems: await t.db
        .selectFrom('template_fiches')
        .select(['id', 'date_item', 'access'])
        .orderBy('id')
        .execute(),
    })
    const before = await snapshot()
    expect(before.fiches.filter((f) => f.head_date !== null).length).toBeGreaterThanOrEqual(2)
    expect(before.dateItems.filter((f) => f.access !== null)).toHaveLength(1)

    // Back to the schema just before the head facts (undoing any later migration too), then forward again.
    const names = Object.keys(MIGRATIONS).sort()
    const previous = names[names.indexOf(HEAD_FACTS_MIGRATION) - 1]!
    const undone = names.slice(names.indexOf(HEAD_FACTS_MIGRATION))
    const down = await new Migrator({
      db: t.db,
      provider: { getMigrations: async () => MIGRATIONS },
    }).migrateTo(previous)
    expect(down.error).toBeUndefined()
    expect(down.results?.map((r) => r.migrationName).sort()).toEqual(undone)
    const { rows: columns } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_name in ('fiche_instances', 'template_fiches')
        and column_name in ('head_missing_count', 'head_date', 'date_item')`.execute(t.db)
    expect(columns).toEqual([])

    expect((await migrateToLatest(t.db)).applied).toEqual(undone)
    expect(await snapshot()).toEqual(before)
    // Published fiches are append-only again once the backfill is done.
    await expect(sql`update template_fiches set date_item = null`.execute(t.db)).rejects.toThrow()
  })
})
