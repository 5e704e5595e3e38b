/**
 * Follow-up over HTTP (C7.1, C7.2, C7.3, C10.4): the patient list with each patient's state, a patient's
 * timeline against the planned visits, the user's dashboard, and who sees what. Fixtures are built through
 * the domain commands, with dates relative to today (every state has days of margin either side).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MembershipRole } from '../src/db/database.ts'
import { listAuditEvents } from '../src/db/queries/audit.ts'
import { listScopedRecords } from '../src/db/queries/follow-up.ts'
import { authorizeOnRecord } from '../src/domain/access/authorize.ts'
import { grantDispensingAccess } from '../src/domain/access/dispensing-grants.ts'
import { transferRecord } from '../src/domain/access/transfers.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { moveQuery, raiseQuery } from '../src/domain/data-queries/query-commands.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { saveFiche } from '../src/domain/fiches/save-fiche.ts'
import { establishmentTotals, missingDataReport } from '../src/domain/follow-up/missing-data-report.ts'
import { addDuration, parseDuration } from '../src/domain/follow-up/planned-visits.ts'
import { findProgrammeOrThrow } from '../src/domain/follow-up/programme-scope.ts'
import {
  loadProgrammeFacts,
  summariseForDashboard,
  summariseInBatches,
  summariseRecord,
  summariseRecords,
} from '../src/domain/follow-up/records.ts'
import { setReminderSettings } from '../src/domain/follow-up/reminder-settings.ts'
import { tickOverdueDigests } from '../src/domain/follow-up/reminders.ts'
import { createMailRenderer } from '../src/domain/mail/render.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { signFiche } from '../src/domain/signatures/sign-fiche.ts'
import { isProblem } from '../src/errors.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  type TestDatabase,
  testClient,
  type World,
} from './harness.ts'

const VALID_FAT = {
  sexe: 'M',
  poids_kg: 72.5,
  ucd: '9000001',
  traitements_anterieurs: [{ traitement_nom: 'R-CHOP', traitement_debut: '2024-03' }],
}

const day = (d: Date) => d.toISOString().slice(0, 10)
const TODAY = day(new Date())
const daysAgo = (n: number) => addDuration(TODAY, parseDuration(`P${n}D`), -1)
const plus = (from: string, duration: string) => addDuration(from, parseDuration(duration))

describe.each(BACKENDS)('follow-up on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>
  let pharmacistA: Actor
  let templateAuthor: Actor
  let n = 0
  const records: Record<string, { patientId: string; enrolmentId: string }> = {}
  const fiches: Record<string, { id: string; headId: string; missingCount: number }> = {}
  let itemCounts: Record<string, number>
  let queryId: string

  const user = async (role: MembershipRole, where: { establishmentId?: string; organisationId?: string }) => {
    const created = await createUser(t.deps, {
      email: `follow-${++n}-${world.programme}@test.openput.fr`,
      displayName: `${role} ${n}`,
      memberships: [{ role, ...where }],
    })
    return (await findActor(t.deps.db, created.id))!
  }

  const call = async (actor: Actor | undefined, method: string, path: string, body?: unknown) => {
    const res = await client.request(actor, method, path, body)
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }

  const record = async (name: string, actor: Actor, establishmentId: string) => {
    const patient = await createPatient(t.deps, { actor, establishmentId })
    const enrolment = await enrolPatient(t.deps, { actor, patientId: patient.id, programme: world.programme })
    records[name] = { patientId: patient.id, enrolmentId: enrolment.id }
    return records[name]!
  }

  /** Opens a fiche with its data and, unless `draft`, submits it. */
  const fiche = async (
    name: string,
    actor: Actor,
    enrolmentId: string,
    ficheId: string,
    data: Record<string, unknown>,
    options: { draft?: boolean; plannedVisitId?: string } = {},
  ) => {
    const created = await createFiche(t.deps, {
      actor,
      enrolmentId,
      ficheId,
      data,
      plannedVisitId: options.plannedVisitId,
    })
    const view = options.draft
      ? created
      : await saveFiche(t.deps, {
          actor,
          ficheInstanceId: created.id,
          baseRevisionId: created.head.id,
          mode: 'submit',
        })
    fiches[name] = { id: view.id, headId: view.head.id, missingCount: view.head.missingCount }
    return view
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
    pharmacistA = await user('pharmacist', { establishmentId: world.establishmentA })
    templateAuthor = await user('template-author', { organisationId: world.organisationId })
    const { prescriberA, prescriberB, lab } = world

    // P1 (centre A): FAT signed by both, initiated 60 days ago, M1 done on its date, a follow-up draft.
    const p1 = await record('p1', prescriberA, world.establishmentA)
    const fat = await fiche('p1-fat', prescriberA, p1.enrolmentId, 'fat', VALID_FAT)
    const now = new Date()
    await Promise.all(
      (
        [
          [prescriberA, 'prescriber'],
          [pharmacistA, 'pharmacist'],
        ] as const
      ).map(([actor, role]) =>
        signFiche(t.deps, {
          actor,
          session: { authTime: now },
          ficheInstanceId: fat.id,
          revisionId: fat.head.id,
          role,
          method: 'electronic',
          now,
        }),
      ),
    )
    const init1 = daysAgo(60)
    await fiche('p1-fit', prescriberA, p1.enrolmentId, 'fit', { date_initiation: init1 })
    await fiche('p1-m1', prescriberA, p1.enrolmentId, 'suivi', {
      date_visite: plus(init1, 'P1M'),
      poursuite: true,
    })
    await fiche(
      'p1-extra',
      prescriberA,
      p1.enrolmentId,
      'suivi',
      { date_visite: daysAgo(2) },
      { draft: true },
    )

    // P2 (centre A): a FAT draft only, not initiated.
    const p2 = await record('p2', prescriberA, world.establishmentA)
    await fiche('p2-fat', prescriberA, p2.enrolmentId, 'fat', { sexe: 'F' }, { draft: true })

    // P3 (centre A, then transferred to B 10 days ago): initiated 60 days ago, M1 never filled.
    const p3 = await record('p3', prescriberA, world.establishmentA)
    await fiche('p3-fat', prescriberA, p3.enrolmentId, 'fat', VALID_FAT)
    await fiche('p3-fit', prescriberA, p3.enrolmentId, 'fit', { date_initiation: daysAgo(60) })

    // P4 (centre A): initiated 400 days ago, stopped 100 days later; M1 never filled.
    const p4 = await record('p4', prescriberA, world.establishmentA)
    await fiche('p4-fat', prescriberA, p4.enrolmentId, 'fat', VALID_FAT)
    const init4 = daysAgo(400)
    await fiche('p4-fit', prescriberA, p4.enrolmentId, 'fit', { date_initiation: init4 })
    await fiche('p4-stop', prescriberA, p4.enrolmentId, 'arret', {
      date_arret: plus(init4, 'P100D'),
      motif_arret: 'toxicite',
    })

    // P5 (centre B): prescriber B's own patient (their FAT is their access request, C5.2).
    const p5 = await record('p5', prescriberB, world.establishmentB)
    await fiche('p5-fat', prescriberB, p5.enrolmentId, 'fat', VALID_FAT)

    // The lab asks about P1's initiation date.
    const query = await raiseQuery(t.deps, {
      actor: lab,
      ficheInstanceId: fiches['p1-fit']!.id,
      itemPath: '/date_initiation',
      text: 'Merci de confirmer la date de la première administration.',
    })
    queryId = query.id

    await transferRecord(t.deps, {
      actor: lab,
      enrolmentId: p3.enrolmentId,
      toEstablishmentId: world.establishmentB,
      effectiveDate: daysAgo(10),
    })

    const counted = await Promise.all(
      ['fat', 'fit', 'suivi', 'arret'].map(async (ficheId) => {
        const compiled = await call(
          world.prescriberA,
          'GET',
          `/api/template-versions/${world.templateVersionId}/fiches/${ficheId}`,
        )
        return [ficheId, compiled.body.itemIds.length as number] as const
      }),
    )
    itemCounts = Object.fromEntries(counted)
  }, 120_000)
  afterAll(() => t?.close())

  const patients = (actor: Actor, query = '') =>
    call(actor, 'GET', `/api/patients?programme=${world.programme}${query}`)

  it("C7.1: the establishment's patient list gives each patient's FAT, initiation, treatment, next visit, overdue visits and open queries", async () => {
    const res = await patients(world.prescriberA, `&establishment=${world.establishmentA}`)
    expect(res.status).toBe(200)
    expect(res.body.asOf).toBe(TODAY)
    const byEnrolment = new Map(
      (res.body.items as { enrolmentId: string }[]).map((i) => [i.enrolmentId, i as Record<string, unknown>]),
    )
    const init1 = daysAgo(60)
    expect(byEnrolment.get(records.p1!.enrolmentId)).toMatchObject({
      patientId: records.p1!.patientId,
      establishmentId: world.establishmentA,
      fat: { ficheInstanceId: fiches['p1-fat']!.id, state: 'signed' },
      initiationDate: init1,
      treatment: 'on-treatment',
      stopDate: null,
      nextVisit: { key: 'tous_6_mois-1', dueDate: plus(init1, 'P6M'), state: 'upcoming' },
      overdueCount: 0,
      openQueriesCount: 1,
    })
    expect(byEnrolment.get(records.p2!.enrolmentId)).toMatchObject({
      fat: { state: 'draft' },
      initiationDate: null,
      treatment: 'not-initiated',
      nextVisit: null,
      overdueCount: 0,
    })
    // Transferred to B: still in A's list (A reads it, C10.2), shown as held by B.
    expect(byEnrolment.get(records.p3!.enrolmentId)).toMatchObject({
      establishmentId: world.establishmentB,
      fat: { state: 'submitted' },
      overdueCount: 1,
      nextVisit: { key: 'tous_6_mois-1', state: 'upcoming' },
    })
    expect(byEnrolment.get(records.p4!.enrolmentId)).toMatchObject({
      treatment: 'stopped',
      stopDate: plus(daysAgo(400), 'P100D'),
      overdueCount: 1,
      nextVisit: null,
    })
    expect(byEnrolment.has(records.p5!.enrolmentId)).toBe(false)
  })

  it('C7.1: the patient list pages with a keyset cursor, without losing or repeating a patient', async () => {
    const all = await patients(pharmacistA)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      type Page = { status: number; body: { items: { enrolmentId: string }[]; nextCursor: string | null } }
      // biome-ignore lint/performance/noAwaitInLoops: each page's cursor comes from the previous page
      const res: Page = await patients(pharmacistA, `&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      expect(res.body.items.length).toBeLessThanOrEqual(2)
      seen.push(...res.body.items.map((i) => i.enrolmentId))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.body.items.map((i: { enrolmentId: string }) => i.enrolmentId))
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.length).toBe(5) // the world's first patient and P1–P4
    const bad = await patients(pharmacistA, '&cursor=bm90LWEtY3Vyc29y')
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid-cursor'])
  })

  it('C7.1, C7.2: the timeline puts the fiches against the planned visits, with the missing items of each fiche', async () => {
    const res = await call(world.prescriberA, 'GET', `/api/enrolments/${records.p1!.enrolmentId}/timeline`)
    expect(res.status).toBe(200)
    const init1 = daysAgo(60)
    expect(res.body).toMatchObject({
      enrolmentId: records.p1!.enrolmentId,
      initiationDate: init1,
      treatment: 'on-treatment',
      missingFiches: 0,
    })
    expect(res.body.visits.map((v: { key: string; state: string }) => [v.key, v.state])).toEqual([
      ['m1', 'done'],
      ['tous_6_mois-1', 'upcoming'],
    ])
    expect(res.body.visits[0]).toMatchObject({
      dueDate: plus(init1, 'P1M'),
      windowStart: addDuration(plus(init1, 'P1M'), parseDuration('P7D'), -1),
      windowEnd: plus(plus(init1, 'P1M'), 'P14D'),
      fiche: { id: fiches['p1-m1']!.id, status: 'submitted', late: false },
    })
    const byId = new Map(res.body.fiches.map((f: { id: string }) => [f.id, f]))
    // C7.2: count = the head's stored missing count, total = the compiled fiche's PUT items.
    for (const [name, ficheId] of [
      ['p1-fat', 'fat'],
      ['p1-fit', 'fit'],
      ['p1-m1', 'suivi'],
      ['p1-extra', 'suivi'],
    ] as const) {
      const f = fiches[name]!
      const total = itemCounts[ficheId]!
      expect(byId.get(f.id)).toMatchObject({
        ficheId,
        missing: { count: f.missingCount, total, rate: Math.round((f.missingCount / total) * 1000) / 1000 },
      })
    }
    expect(byId.get(fiches['p1-extra']!.id)).toMatchObject({
      status: 'draft',
      plannedVisitKey: null,
      missing: { count: 1, total: 2, rate: 0.5 },
    })
    expect(byId.get(fiches['p1-m1']!.id)).toMatchObject({ plannedVisitKey: 'm1', missing: { count: 0 } })
    expect(byId.get(fiches['p1-fit']!.id)).toMatchObject({ openQueries: 1 })
  })

  it('C7.1: a stopped patient has no visit planned after the stop; the missed one before it is a missing fiche', async () => {
    const res = await call(world.prescriberA, 'GET', `/api/enrolments/${records.p4!.enrolmentId}/timeline`)
    expect(res.body.visits.map((v: { key: string; state: string }) => [v.key, v.state])).toEqual([
      ['m1', 'overdue'],
    ])
    expect(res.body).toMatchObject({ treatment: 'stopped', missingFiches: 1 })
  })

  it('C7.1, C7.3: the dashboard counts and lists the overdue visits, fiches with missing data and open queries of the records the user holds, with its notice', async () => {
    const res = await call(world.prescriberA, 'GET', `/api/dashboard?programme=${world.programme}`)
    expect(res.status).toBe(200)
    expect(res.body.notice).toMatch(/ne mesurent pas l'exhaustivité/)
    expect(res.body.notice).toMatch(/ne remplacent pas le rapport périodique/)
    // Held by A today: the world's first patient, P1, P2, P4 (P3 went to B).
    const withMissing = Object.entries(fiches).filter(
      ([name, f]) => f.missingCount > 0 && !name.startsWith('p3') && !name.startsWith('p5'),
    )
    // The world's first FAT (opened empty) has missing items too.
    expect(res.body.counts).toEqual({
      patients: 4,
      overdueVisits: 1,
      dueVisits: 0,
      fichesWithMissingData: withMissing.length + 1,
      openQueries: 1,
    })
    expect(res.body.overdueVisits.items).toEqual([
      expect.objectContaining({
        enrolmentId: records.p4!.enrolmentId,
        visit: expect.objectContaining({ key: 'm1' }),
      }),
    ])
    expect(res.body.overdueVisits.items[0].daysOverdue).toBeGreaterThan(300)
    expect(res.body.openQueries.items).toEqual([
      expect.objectContaining({
        queryId,
        ficheInstanceId: fiches['p1-fit']!.id,
        itemPath: '/date_initiation',
      }),
    ])
    const counts = res.body.fichesWithMissingData.items.map(
      (i: { missing: { count: number } }) => i.missing.count,
    )
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
  })

  it('C7.1: each dashboard list pages on its own', async () => {
    const first = await call(
      world.prescriberA,
      'GET',
      `/api/dashboard?programme=${world.programme}&list=fichesWithMissingData&limit=1`,
    )
    expect(first.body.overdueVisits).toBeUndefined()
    expect(first.body.fichesWithMissingData.items).toHaveLength(1)
    const all = (
      await call(world.prescriberA, 'GET', `/api/dashboard?programme=${world.programme}&limit=200`)
    ).body
    const ids: string[] = []
    let cursor: string | null = first.body.fichesWithMissingData.nextCursor
    ids.push(first.body.fichesWithMissingData.items[0].ficheInstanceId)
    while (cursor) {
      // biome-ignore lint/performance/noAwaitInLoops: each page's cursor comes from the previous page
      const next = await call(
        world.prescriberA,
        'GET',
        `/api/dashboard?programme=${world.programme}&list=fichesWithMissingData&limit=1&cursor=${cursor}`,
      )
      ids.push(
        ...next.body.fichesWithMissingData.items.map((i: { ficheInstanceId: string }) => i.ficheInstanceId),
      )
      cursor = next.body.fichesWithMissingData.nextCursor
    }
    expect(ids).toEqual(
      all.fichesWithMissingData.items.map((i: { ficheInstanceId: string }) => i.ficheInstanceId),
    )
  })

  it('C7.1: the lab sees answered queries awaiting it; the hospital no longer sees them as open', async () => {
    await moveQuery(t.deps, { actor: world.prescriberA, queryId, move: 'answer', text: 'Date confirmée.' })
    const lab = await call(world.lab, 'GET', `/api/dashboard?programme=${world.programme}`)
    expect(lab.status).toBe(200)
    expect(lab.body.counts.patients).toBe(6)
    expect(lab.body.openQueries.items.map((q: { queryId: string }) => q.queryId)).toEqual([queryId])
    const hospital = await call(world.prescriberA, 'GET', `/api/dashboard?programme=${world.programme}`)
    expect(hospital.body.counts.openQueries).toBe(0)
    await moveQuery(t.deps, { actor: world.lab, queryId, move: 'close' })
  })

  it('C10.4: after a transfer, centre B gets the overdue visit and enters it; the timeline tells which centre and who entered each fiche and revision', async () => {
    const before = await call(world.prescriberB, 'GET', `/api/dashboard?programme=${world.programme}`)
    expect(before.body.counts).toMatchObject({ patients: 2, overdueVisits: 1 })
    expect(before.body.overdueVisits.items[0]).toMatchObject({
      enrolmentId: records.p3!.enrolmentId,
      establishmentId: world.establishmentB,
      visit: { key: 'm1' },
    })
    // B fills M1 now, after the window: done, late.
    await fiche('p3-m1', world.prescriberB, records.p3!.enrolmentId, 'suivi', {
      date_visite: TODAY,
      poursuite: true,
    })
    const res = await call(world.prescriberB, 'GET', `/api/enrolments/${records.p3!.enrolmentId}/timeline`)
    expect(res.status).toBe(200)
    expect(res.body.custody).toEqual([
      expect.objectContaining({ establishmentId: world.establishmentA, from: null, to: daysAgo(10) }),
      expect.objectContaining({ establishmentId: world.establishmentB, from: daysAgo(10), to: null }),
    ])
    expect(res.body.visits[0]).toMatchObject({ key: 'm1', state: 'done', fiche: { late: true } })
    const byId = new Map(res.body.fiches.map((f: { id: string }) => [f.id, f]))
    expect(byId.get(fiches['p3-fit']!.id)).toMatchObject({
      enteredBy: { establishmentId: world.establishmentA, authorId: world.prescriberA.id, source: 'direct' },
    })
    const m1 = byId.get(fiches['p3-m1']!.id) as { enteredBy: unknown; revisions: unknown[] }
    expect(m1.enteredBy).toMatchObject({
      establishmentId: world.establishmentB,
      authorId: world.prescriberB.id,
      authorName: world.prescriberB.displayName,
    })
    expect(m1.revisions).toEqual([
      expect.objectContaining({ seq: 1, kind: 'draft', establishmentId: world.establishmentB }),
      expect.objectContaining({ seq: 2, kind: 'submission', establishmentId: world.establishmentB }),
    ])
    const after = await call(world.prescriberB, 'GET', `/api/dashboard?programme=${world.programme}`)
    expect(after.body.counts.overdueVisits).toBe(0)
    // Centre A no longer counts P3 on its dashboard (it left), but still reads its timeline (C10.2).
    const a = await call(world.prescriberA, 'GET', `/api/enrolments/${records.p3!.enrolmentId}/timeline`)
    expect(a.status).toBe(200)
  })

  it('C7.1: a user of another establishment sees none of these patients, and neither their timeline nor their list', async () => {
    const listB = await patients(world.prescriberB)
    expect(listB.body.items.map((i: { enrolmentId: string }) => i.enrolmentId).sort()).toEqual(
      [records.p3!.enrolmentId, records.p5!.enrolmentId].sort(),
    )
    const otherList = await patients(world.prescriberB, `&establishment=${world.establishmentA}`)
    expect([otherList.status, otherList.body.params.reasonCode]).toEqual([403, 'other-establishment'])
    const timeline = await call(
      world.prescriberB,
      'GET',
      `/api/enrolments/${records.p1!.enrolmentId}/timeline`,
    )
    expect([timeline.status, timeline.body.params.reasonCode]).toEqual([403, 'other-establishment'])
    const listA = await patients(world.prescriberA)
    expect(listA.body.items.map((i: { enrolmentId: string }) => i.enrolmentId)).not.toContain(
      records.p5!.enrolmentId,
    )
    // A lab role without patient data, and someone with no role at all.
    const author = await call(templateAuthor, 'GET', `/api/dashboard?programme=${world.programme}`)
    expect([author.status, author.body.params.reasonCode]).toEqual([403, 'no-patient-data'])
    const outsider = await patients(world.outsider)
    expect(outsider.status).toBe(403)
    const unknown = await call(world.prescriberA, 'GET', '/api/dashboard?programme=no-such-programme')
    expect(unknown.status).toBe(404)
  })

  it('C5.4: a designated PNM sees the establishment’s patients; the list follows the access rules', async () => {
    const pnm = await patients(world.pnmA, `&establishment=${world.establishmentA}`)
    const pharmacist = await patients(pharmacistA, `&establishment=${world.establishmentA}`)
    expect(pnm.status).toBe(200)
    expect(pnm.body.items.map((i: { enrolmentId: string }) => i.enrolmentId)).toEqual(
      pharmacist.body.items.map((i: { enrolmentId: string }) => i.enrolmentId),
    )
    const undesignated = await user('pnm', { establishmentId: world.establishmentA })
    const none = await patients(undesignated)
    expect([none.status, none.body.items]).toEqual([200, []])
  })

  it('C5.2, C5.3, C5.4, C9.2, C10.2: every list shows exactly the records can() lets each user read', async () => {
    const pharmacistB = await user('pharmacist', { establishmentId: world.establishmentB })
    const monitor = await user('monitor', { organisationId: world.organisationId })
    const undesignated = await user('pnm', { establishmentId: world.establishmentA })
    // C9.2: P1's prescriber opens it, read-only, to the dispensing pharmacist of B.
    await grantDispensingAccess(t.deps, {
      actor: world.prescriberA,
      enrolmentId: records.p1!.enrolmentId,
      pharmacistId: pharmacistB.id,
      establishmentId: world.establishmentB,
    })
    const enrolments = (await t.db.selectFrom('enrolments').select('id').execute()).map((e) => e.id)
    const actors = [
      world.prescriberA,
      world.pnmA,
      pharmacistA,
      world.prescriberB,
      pharmacistB,
      world.lab,
      monitor,
      undesignated,
    ]
    const mayRead = async (actor: Actor, enrolmentId: string) => {
      try {
        await authorizeOnRecord(t.db, actor, 'read', { enrolmentId })
        return true
      } catch (error) {
        if (!isProblem(error) || error.code !== 'forbidden') throw error
        return false
      }
    }
    const outcomes = await Promise.all(
      actors.map(async (actor) => {
        const allowed = await Promise.all(enrolments.map((id) => mayRead(actor, id)))
        const listed = (await patients(actor, '&limit=500')).body.items.map(
          (i: { enrolmentId: string }) => i.enrolmentId,
        )
        return {
          actor: actor.displayName,
          listed: [...listed].sort(),
          readable: enrolments.filter((_, i) => allowed[i]).sort(),
        }
      }),
    )
    for (const o of outcomes)
      expect({ actor: o.actor, listed: o.listed }).toEqual({ actor: o.actor, listed: o.readable })
    expect(outcomes.some((o) => o.readable.length === 0)).toBe(true)
    expect(outcomes.some((o) => o.readable.length === enrolments.length)).toBe(true)
    const granted = (await patients(pharmacistB)).body.items.map(
      (i: { enrolmentId: string }) => i.enrolmentId,
    )
    expect(granted).toContain(records.p1!.enrolmentId)
  })

  it('reminder settings: the programme manager sets them, audited; others may not', async () => {
    const path = `/api/programmes/${world.programme}/reminder-settings`
    expect((await call(world.lab, 'GET', path)).body).toEqual({
      enabled: false,
      cadence: 'weekly',
      dayOfWeek: 1,
    })
    const set = await call(world.lab, 'PUT', path, { enabled: true, cadence: 'weekly', dayOfWeek: 3 })
    expect([set.status, set.body]).toEqual([200, { enabled: true, cadence: 'weekly', dayOfWeek: 3 }])
    const refused = await call(world.prescriberA, 'PUT', path, {
      enabled: false,
      cadence: 'daily',
      dayOfWeek: 1,
    })
    expect(refused.status).toBe(403)
    const invalid = await call(world.lab, 'PUT', path, { enabled: true, cadence: 'monthly', dayOfWeek: 9 })
    expect(invalid.status).toBe(400)
    const programmeId = (await call(world.lab, 'GET', `/api/dashboard?programme=${world.programme}`)).body
      .programme.id
    const audit = await listAuditEvents(t.db, programmeId)
    expect(audit.filter((e) => e.action === 'reminder-settings.update')).toHaveLength(1)
  })

  const programmeId = async () =>
    (
      await t.db
        .selectFrom('programmes')
        .select('id')
        .where('slug', '=', world.programme)
        .executeTakeFirstOrThrow()
    ).id

  const collect = async <R>(rows: AsyncIterable<R>) => {
    const out: R[] = []
    for await (const row of rows) out.push(row)
    return out
  }

  it("C7.1: summarising records a batch at a time gives the summaries of one read, and the dashboard's is their part it shows", async () => {
    const programme = await findProgrammeOrThrow(t.db, { slug: world.programme })
    const facts = await loadProgrammeFacts(t.db, programme)
    const records = await listScopedRecords(t.db, {
      programmeId: programme.id,
      scope: { all: true, establishments: [], grantEstablishmentIds: [] },
      actorId: world.lab.id,
    })
    expect(records.length).toBeGreaterThan(2)
    const whole = await summariseRecords(t.db, facts, records, TODAY)
    const batches = await collect(summariseInBatches(t.db, facts, records, TODAY, summariseRecord, 2))
    expect(batches.map((b) => b.length)).toEqual(
      Array.from({ length: Math.ceil(records.length / 2) }, (_, i) => Math.min(2, records.length - 2 * i)),
    )
    expect(batches.flat()).toEqual(whole)
    expect(whole.some((s) => s.visits.some((v) => v.state === 'overdue'))).toBe(true)
    expect(whole.some((s) => s.fiches.some((f) => f.missing.count > 0))).toBe(true)
    // The dashboard's summary is the part of the whole one it shows, by the same rules.
    const dashboard = (
      await collect(summariseInBatches(t.db, facts, records, TODAY, summariseForDashboard, 2))
    ).flat()
    expect(dashboard).toEqual(
      whole.map((s) => ({
        enrolmentId: s.enrolmentId,
        patientId: s.patientId,
        registrationNumber: s.registrationNumber,
        holderEstablishmentId: s.holderEstablishmentId,
        openVisits: s.visits.filter((v) => v.state === 'due' || v.state === 'overdue'),
        fichesWithMissingData: s.fiches
          .filter((f) => f.missing.count > 0)
          .map(({ id, ficheId, title, status, missing, updatedAt }) => ({
            id,
            ficheId,
            title,
            status,
            missing,
            updatedAt,
          })),
      })),
    )
  })

  it('C7.2, C12.2: the missing-data report gives, per patient and per establishment, the missing items and the missing fiches', async () => {
    const id = await programmeId()
    const rows = await collect(missingDataReport(t.db, { programmeId: id }))
    expect(rows).toHaveLength(6)
    const p4 = rows.find((r) => r.enrolmentId === records.p4!.enrolmentId)!
    expect(p4).toMatchObject({
      establishment: { id: world.establishmentA },
      treatment: 'stopped',
      missingFiches: [expect.objectContaining({ key: 'm1', ficheId: 'suivi', draftFicheInstanceId: null })],
    })
    const p1 = rows.find((r) => r.enrolmentId === records.p1!.enrolmentId)!
    expect(p1.missingFiches).toEqual([])
    expect(p1.missingItems).toBe(
      ['p1-fat', 'p1-fit', 'p1-m1', 'p1-extra'].reduce((n, name) => n + fiches[name]!.missingCount, 0),
    )
    expect(p1.fiches.find((f) => f.ficheInstanceId === fiches['p1-extra']!.id)?.missing).toEqual({
      count: 1,
      total: 2,
      rate: 0.5,
    })
    // Ordered by establishment; the totals add the rows up.
    const order = rows.map((r) => r.establishment.name)
    expect(order).toEqual([...order].sort((a, b) => a.localeCompare(b, 'fr')))
    const totals = establishmentTotals()
    for (const r of rows) totals.add(r)
    const a = totals.result().find((x) => x.establishment.id === world.establishmentA)!
    const rowsA = rows.filter((r) => r.establishment.id === world.establishmentA)
    expect(a).toMatchObject({
      patients: rowsA.length,
      missingItems: rowsA.reduce((n, r) => n + r.missingItems, 0),
      missingFiches: 1,
    })
    // Batches change nothing but memory.
    const small = await collect(missingDataReport(t.db, { programmeId: id, batchSize: 2 }))
    expect(small).toEqual(rows)
    // One establishment: the records it holds today (P3 is now B's).
    const onlyB = await collect(
      missingDataReport(t.db, { programmeId: id, establishmentId: world.establishmentB }),
    )
    expect(onlyB.map((r) => r.enrolmentId).sort()).toEqual(
      [records.p3!.enrolmentId, records.p5!.enrolmentId].sort(),
    )
    // With an actor, only what they may read.
    const asB = await collect(missingDataReport(t.db, { programmeId: id, actor: world.prescriberB }))
    expect(asB.map((r) => r.enrolmentId).sort()).toEqual(
      [records.p3!.enrolmentId, records.p5!.enrolmentId].sort(),
    )
  })

  it('C7.1: the overdue-visit digest mails each user their own overdue visits once per period, only of patients they may see', async () => {
    const id = await programmeId()
    const noon = new Date(`${TODAY}T12:00:00Z`)
    const digests = () =>
      t.db
        .selectFrom('outbox_mails')
        .select(['recipient', 'data', 'dedupe_key'])
        .where('template', '=', 'overdue-visits-digest')
        .orderBy('recipient')
        .execute()
    await setReminderSettings(t.deps, {
      actor: world.lab,
      programme: world.programme,
      settings: { enabled: false, cadence: 'daily', dayOfWeek: 1 },
    })
    expect((await tickOverdueDigests(t.deps, noon)).sent).toEqual([])
    await setReminderSettings(t.deps, {
      actor: world.lab,
      programme: world.programme,
      settings: { enabled: true, cadence: 'daily', dayOfWeek: 1 },
    })
    // Before the sending hour, nothing; then one sending, whichever instance ticks (two at once here).
    expect((await tickOverdueDigests(t.deps, new Date(`${TODAY}T05:00:00Z`))).sent).toEqual([])
    const [first, second] = await Promise.all([
      tickOverdueDigests(t.deps, noon),
      tickOverdueDigests(t.deps, noon),
    ])
    expect([...first!.sent, ...second!.sent]).toHaveLength(1)
    const mails = await digests()
    const emailOf = async (actor: Actor) =>
      (await t.db.selectFrom('users').select('email').where('id', '=', actor.id).executeTakeFirstOrThrow())
        .email
    // Centre A's designated staff see P4's missed M1; centre B has nothing overdue; the undesignated PNM sees nothing.
    expect(mails.map((m) => m.recipient).sort()).toEqual(
      (await Promise.all([world.prescriberA, world.pnmA, pharmacistA].map(emailOf))).sort(),
    )
    for (const mail of mails) {
      const data = mail.data as { overdueCount: number; visits: { recordPath: string; visit: string }[] }
      expect(data.overdueCount).toBe(1)
      expect(data.visits).toEqual([
        expect.objectContaining({ recordPath: `/dossiers/${records.p4!.enrolmentId}`, visit: 'M1' }),
      ])
      expect(mail.dedupe_key).toMatch(new RegExp(`^overdue-visits-digest:${id}:[0-9a-f-]{36}:day:${TODAY}$`))
    }
    // The same period again: nothing more; the next day: a new digest.
    expect((await tickOverdueDigests(t.deps, noon)).sent).toEqual([])
    expect(await digests()).toHaveLength(mails.length)
    const tomorrow = new Date(noon.getTime() + 86_400_000)
    expect((await tickOverdueDigests(t.deps, tomorrow)).sent).toEqual([
      expect.objectContaining({ programmeId: id, recipients: 3 }),
    ])
    expect(await digests()).toHaveLength(mails.length * 2)
    const audit = (await listAuditEvents(t.db, id)).filter((e) => e.action === 'overdue-digest.send')
    expect(audit).toHaveLength(2)
    // The mail renders (strict templates): the registration-number-free line and the links on the origin.
    const rendered = createMailRenderer({ publicOrigin: 'https://openput.example.fr' }).render(
      'overdue-visits-digest',
      mails[0]!.data,
    )
    expect(rendered.subject).toMatch(/1 visite\(s\) de suivi en retard/)
    expect(rendered.text).toContain(`https://openput.example.fr/dossiers/${records.p4!.enrolmentId}`)
    expect(rendered.text).toContain("ne mesurent pas l'exhaustivité")
  })
})
