/**
 * P2: moving a programme's fiches to a new template version over HTTP — the dry run writes nothing, the
 * run moves one establishment at a time, keeps the old revisions, raises queries, and is safe to re-run
 * and to run twice at once.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MembershipRole } from '../src/db/database.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { migrateFiches } from '../src/domain/template-migration/migrate-fiches.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import {
  BACKENDS,
  buildWorld,
  countRows,
  headFactsDrift,
  openTestDatabase,
  type TestDatabase,
  testClient,
  type World,
} from './harness.ts'
import { patientWithFiches, versionTwo } from './template-migration-fixtures.ts'

describe.each(BACKENDS)('template version migration on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>
  let v2: string
  let heavy: Awaited<ReturnType<typeof patientWithFiches>>
  let light: Awaited<ReturnType<typeof patientWithFiches>>
  let monitor: Actor
  let n = 0

  const user = async (role: MembershipRole, where: { establishmentId?: string; organisationId?: string }) => {
    const created = await createUser(t.deps, {
      email: `migration-${++n}-${world.programme}@test.openput.fr`,
      displayName: `${role} ${n}`,
      memberships: [{ role, ...where }],
    })
    return (await findActor(t.deps.db, created.id))!
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
    heavy = await patientWithFiches(t.deps, world.prescriberA, world, world.establishmentA, {
      weight: 250,
      motif: 'toxicite',
    })
    light = await patientWithFiches(t.deps, world.prescriberB, world, world.establishmentB, {
      weight: 60,
      motif: 'progression',
    })
    v2 = (await publishTemplate(t.deps, { actor: world.lab, yaml: versionTwo(world.programme) })).id
    monitor = await user('monitor', { organisationId: world.organisationId })
  }, 90_000)
  afterAll(() => t?.close())

  const call = async (actor: Actor | undefined, method: string, path: string, body?: unknown) => {
    const res = await client.request(actor, method, path, body)
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }
  const versionOf = async (ficheInstanceId: string) =>
    (
      await t.db
        .selectFrom('fiche_instances')
        .select('template_version_id')
        .where('id', '=', ficheInstanceId)
        .executeTakeFirstOrThrow()
    ).template_version_id
  const revisions = (ficheInstanceId: string) =>
    t.db
      .selectFrom('fiche_revisions')
      .selectAll()
      .where('fiche_instance_id', '=', ficheInstanceId)
      .orderBy('seq')
      .execute()

  it('P2: only the lab’s programme and data managers migrate; a monitor or a prescriber is refused', async () => {
    const body = { fromVersionId: world.templateVersionId }
    const refused = await Promise.all(
      [monitor, world.prescriberA].map((a) =>
        call(a, 'POST', `/api/template-versions/${v2}/migrations/dry-run`, body),
      ),
    )
    for (const res of refused) {
      expect(res.status).toBe(403)
      expect(res.body.params.reasonCode).toBe('data-management-only')
    }
    const same = await call(world.lab, 'POST', `/api/template-versions/${v2}/migrations`, {
      fromVersionId: v2,
    })
    expect(same.status).toBe(422)
    expect(same.body.code).toBe('invalid-migration')
  })

  it('P2: the dry run reports what carries over, no longer fits or must be re-entered, and writes nothing', async () => {
    const before = await countRows(t.db)
    const res = await call(world.lab, 'POST', `/api/template-versions/${v2}/migrations/dry-run`, {
      fromVersionId: world.templateVersionId,
      establishmentId: world.establishmentA,
    })
    expect(res.status).toBe(200)
    expect(await countRows(t.db)).toEqual(before)
    // establishment A: buildWorld's empty FAT draft and the heavy patient's three fiches
    expect(res.body.totals).toEqual({
      fiches: 4,
      signed: 0,
      'carries-over': 0,
      'no-longer-fits': 1,
      'must-be-re-entered': 3,
      'fiche-removed': 0,
    })
    const fat = res.body.fiches.find((f: { ficheInstanceId: string }) => f.ficheInstanceId === heavy.fat.id)
    expect(fat.unfit).toEqual([expect.objectContaining({ path: '/poids_kg', value: 250 })])
    const narrowed = res.body.changes.find(
      (c: { change: { kind: string } }) => c.change.kind === 'item-bounds-narrowed',
    )
    expect(narrowed).toMatchObject({ noLongerFits: 1, mustBeReEntered: 1 })
  })

  it('P2: migrating one establishment moves its fiches only, keeps the history and raises queries', async () => {
    const res = await call(world.lab, 'POST', `/api/template-versions/${v2}/migrations`, {
      fromVersionId: world.templateVersionId,
      establishmentId: world.establishmentA,
    })
    expect(res.status).toBe(200)
    // the empty draft: the height; the heavy FAT: weight and height; the stop: its reason
    expect(res.body.totals).toMatchObject({ moved: 4, skipped: 0, queriesRaised: 4 })
    expect(await Promise.all([heavy.fat.id, heavy.suivi.id, heavy.arret.id].map(versionOf))).toEqual([
      v2,
      v2,
      v2,
    ])
    expect(await Promise.all([light.fat.id, light.suivi.id, light.arret.id].map(versionOf))).toEqual(
      Array(3).fill(world.templateVersionId),
    )

    // History kept: the submitted 250 kg stays in revision 2; revision 3 is the migration's, without it.
    const fatRevisions = await revisions(heavy.fat.id)
    expect(fatRevisions.map((r) => [r.seq, r.source])).toEqual([
      [1, 'direct'],
      [2, 'direct'],
      [3, 'migration'],
    ])
    expect(fatRevisions[1]!.data).toMatchObject({ poids_kg: 250 })
    expect(fatRevisions[2]!.data).not.toHaveProperty('poids_kg')
    expect(fatRevisions[2]!.data).toMatchObject({ sexe: 'F', ucd: '9000001' })
    expect(fatRevisions[2]!.base_revision_id).toBe(fatRevisions[1]!.id)

    // What must be re-entered is asked as open queries on the new revision, in French.
    const queries = await call(world.prescriberA, 'GET', `/api/fiches/${heavy.fat.id}/queries`)
    expect(queries.status).toBe(200)
    const byPath = Object.fromEntries(
      queries.body.map((q: { itemPath: string }) => [q.itemPath, q]),
    ) as Record<string, { status: string; messages: { text: string }[] }>
    expect(Object.keys(byPath).sort()).toEqual(['/poids_kg', '/taille_cm'])
    expect(byPath['/poids_kg']!.status).toBe('open')
    expect(byPath['/poids_kg']!.messages[0]!.text).toContain('(250)')
    expect(byPath['/poids_kg']!.messages[0]!.text).toContain('révision n° 2')
    expect(byPath['/taille_cm']!.messages[0]!.text).toContain('« Taille » est désormais demandé')

    // Audited per fiche.
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', heavy.fat.id)
      .where('action', '=', 'fiche.migrate')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.details).toMatchObject({ fromVersionId: world.templateVersionId, toVersionId: v2 })

    // The fiche lives on the new version: the prescriber answers with the new items and submits.
    const fiche = await call(world.prescriberA, 'GET', `/api/fiches/${heavy.fat.id}`)
    expect(fiche.body.templateVersionId).toBe(v2)
    const saved = await call(world.prescriberA, 'POST', `/api/fiches/${heavy.fat.id}/submit`, {
      baseRevisionId: fatRevisions[2]!.id,
      data: { ...fatRevisions[2]!.data, poids_kg: 150, taille_cm: 180 },
    })
    expect(saved.status).toBe(200)
    expect(saved.body.head.missingCount).toBe(0)
  })

  it('P2: re-running moves nothing twice; the rest of the programme then moves', async () => {
    const again = await call(world.lab, 'POST', `/api/template-versions/${v2}/migrations`, {
      fromVersionId: world.templateVersionId,
      establishmentId: world.establishmentA,
    })
    expect(again.body.totals).toMatchObject({ moved: 0, queriesRaised: 0 })
    const all = await call(world.lab, 'POST', `/api/template-versions/${v2}/migrations`, {
      fromVersionId: world.templateVersionId,
    })
    expect(all.body.totals).toMatchObject({
      moved: 3,
      'carries-over': 1,
      'no-longer-fits': 1,
      'must-be-re-entered': 1,
    })
    expect(await versionOf(light.suivi.id)).toBe(v2)
    // The removed item's value stays in the old revision and is listed in the migration's record.
    const [record] = await t.db
      .selectFrom('template_migration_fiches')
      .selectAll()
      .where('fiche_instance_id', '=', light.suivi.id)
      .execute()
    expect(record!.unfit).toEqual([expect.objectContaining({ itemId: 'poursuite', value: true })])
    expect((await revisions(light.suivi.id))[1]!.data).toMatchObject({ poursuite: true })
    // Moved fiches carry their new head's missing count and own date (what follow-up reads).
    expect(await headFactsDrift(t.db)).toEqual([])
  })

  it('P2: two runs at the same time never migrate a fiche twice', async () => {
    const other = await buildWorld(t.deps, 'concurrent-aap')
    const patients = await Promise.all(
      [0, 1, 2].map((i) =>
        patientWithFiches(t.deps, other.prescriberA, other, other.establishmentA, {
          weight: 60 + i,
          motif: 'progression',
        }),
      ),
    )
    const target = (await publishTemplate(t.deps, { actor: other.lab, yaml: versionTwo(other.programme) })).id
    const input = { actor: other.lab, toVersionId: target, fromVersionId: other.templateVersionId }
    const runs = await Promise.all([migrateFiches(t.deps, input), migrateFiches(t.deps, input)])
    const fiches = 1 + patients.length * 3
    expect(runs[0].totals.moved + runs[1].totals.moved).toBe(fiches)
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from fiche_revisions r
      join fiche_instances fi on fi.id = r.fiche_instance_id
      join enrolments e on e.id = fi.enrolment_id
      join programmes p on p.id = e.programme_id
      where r.source = 'migration' and p.slug = ${other.programme}`.execute(t.db)
    expect(rows[0]!.n).toBe(fiches)
  })
})
