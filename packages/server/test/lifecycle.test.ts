/**
 * Lifecycle workflows over HTTP, on every backend: status changes (C8.2, C8.3), prefilling the AAP's FAT
 * from the AAC (C8.1), the order check (C11), the database freeze with its mails and read-only end (C12),
 * and the term of an AAC access (P4). Fixtures go through the domain and the API.
 */
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import type { MembershipRole } from '../src/db/database.ts'
import { listAuditEvents } from '../src/db/queries/audit.ts'
import { findProgrammeBySlug } from '../src/db/queries/programmes.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { accessEnd } from '../src/domain/lifecycle/access-term.ts'
import { addMonths, earliestFreezeDay, scheduleFreeze } from '../src/domain/lifecycle/freeze.ts'
import { tickFreezeReminders } from '../src/domain/lifecycle/freeze-reminders.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import { createChromiumPdfRenderer } from '../src/external/pdf.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  openTestSession,
  type TestDatabase,
  templateVariant,
  testClient,
  type World,
} from './harness.ts'

const FAT_SIGNATURES = '    signatures: { required: [prescriber, pharmacist] }\n'

/** The minimal template as an AAC (PUT-SP, ANSM, six months of treatment per decision). */
const aacTemplate = (slug: string) => {
  const yaml = templateVariant(slug)
    .replace('framework: aap-pre-amm', 'framework: aac')
    .replace('putKind: PUT-RD', 'putKind: PUT-SP')
    .replace(
      '- { authority: HAS, reference: "Décision n° 2026.0001/DC/SEM", date: 2026-01-10 }',
      `- { authority: ANSM, reference: "AAC n° 2025-0042", date: 2025-12-01 }`,
    )
    .replace(/(- \{ code: "9000002".*\n)/, '$1  authorisationDuration: P6M\n')
  expect(yaml).toContain('authorisationDuration: P6M')
  return yaml
}

/** Version 2.0 of the AAP whose FAT declares item equivalences with the AAC's FAT (C8.1). */
const aapWithPrefill = (slug: string, aacSlug: string) =>
  templateVariant(slug, '2.0').replace(
    FAT_SIGNATURES,
    `${FAT_SIGNATURES}    prefill:
      - from: { programme: ${aacSlug}, fiche: fat }
        items: { sexe: sexe, poids_kg: poids_kg, traitements_anterieurs: traitements_anterieurs }
`,
  )

const COMPLETE_FAT = { sexe: 'M', poids_kg: 72.5, ucd: '9000001' }

describe.each(BACKENDS)('lifecycle on %s', (backend) => {
  let t: TestDatabase
  let client: ReturnType<typeof testClient>
  let n = 0

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    client = testClient(t.deps)
  }, 60_000)
  afterAll(() => t?.close())

  const call = async (actor: Actor | undefined, method: string, path: string, body?: unknown) => {
    const res = await client.request(actor, method, path, body)
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }
  const user = async (role: MembershipRole, where: { establishmentId?: string; organisationId?: string }) => {
    const created = await createUser(t.deps, {
      email: `lifecycle-${++n}-${backend}@test.openput.fr`,
      displayName: `${role} ${n}`,
      memberships: [{ role, ...where }],
    })
    return (await findActor(t.deps.db, created.id))!
  }
  const programmeId = async (slug: string) => (await findProgrammeBySlug(t.db, slug))!.id
  /** A patient of `establishmentId` enrolled in `programme`, with a FAT draft opened by `actor`. */
  const recordWithFat = async (
    actor: Actor,
    establishmentId: string,
    programme: string,
    data: Record<string, unknown> = {},
    registrationNumber?: string,
  ) => {
    const patient = await call(actor, 'POST', '/api/patients', { establishmentId })
    const enrolment = await call(actor, 'POST', '/api/enrolments', {
      patientId: patient.body.id,
      programme,
      ...(registrationNumber ? { registrationNumber } : {}),
    })
    expect(enrolment.status).toBe(201)
    const fat = await call(actor, 'POST', '/api/fiches', {
      enrolmentId: enrolment.body.id,
      ficheId: 'fat',
      data,
    })
    expect(fat.status).toBe(201)
    return { patient: patient.body, enrolment: enrolment.body, fat: fat.body }
  }

  describe('status changes', () => {
    let world: World
    let id: string
    let record: Awaited<ReturnType<typeof recordWithFat>>

    beforeAll(async () => {
      world = await buildWorld(t.deps)
      id = await programmeId(world.programme)
      record = await recordWithFat(
        world.prescriberA,
        world.establishmentA,
        world.programme,
        { sexe: 'M' },
        'EXA-0001',
      )
    }, 60_000)

    it('C8.2: the programme manager moves the programme to post-AMM; audited, history kept; numbers, fiches and collection unchanged', async () => {
      const before = await call(world.prescriberA, 'GET', `/api/patients/${record.patient.id}`)
      const refused = await call(world.prescriberA, 'POST', `/api/programmes/${id}/status-changes`, {
        framework: 'aap-post-amm',
      })
      expect([refused.status, refused.body.params.reasonCode]).toEqual([403, 'programme-manager-only'])

      const changed = await call(world.lab, 'POST', `/api/programmes/${id}/status-changes`, {
        framework: 'aap-post-amm',
        note: 'AMM obtenue le 2026-10-01',
      })
      expect(changed.status).toBe(201)
      expect(changed.body).toMatchObject({ framework: 'aap-post-amm', changedBy: world.lab.id })
      const history = await call(world.outsider, 'GET', `/api/programmes/${id}/status-history`)
      expect(history.body.map((h: { framework: string }) => h.framework)).toEqual([
        'aap-pre-amm',
        'aap-post-amm',
      ])
      expect((await listAuditEvents(t.db, id)).map((e) => e.action)).toContain('programme.status-change')

      // The same patient, the same number, the same fiche and head.
      const after = await call(world.prescriberA, 'GET', `/api/patients/${record.patient.id}`)
      expect(after.body).toEqual(before.body)
      expect(after.body.enrolments[0].registrationNumber).toBe('EXA-0001')
      const fat = await call(world.prescriberA, 'GET', `/api/fiches/${record.fat.id}`)
      expect(fat.body.head.id).toBe(record.fat.head.id)
      // Collection goes on identically: the same FAT is completed and submitted, new fiches are opened.
      const saved = await call(world.prescriberA, 'POST', `/api/fiches/${record.fat.id}/submit`, {
        baseRevisionId: record.fat.head.id,
        data: COMPLETE_FAT,
      })
      expect([saved.status, saved.body.status]).toEqual([200, 'submitted'])
      const fit = await call(world.prescriberA, 'POST', '/api/fiches', {
        enrolmentId: record.enrolment.id,
        ficheId: 'fit',
        data: { date_initiation: '2026-10-02' },
      })
      expect([fit.status, fit.body.templateVersionId]).toEqual([201, world.templateVersionId])
    })

    it('C8.3: then the temporary coverage after early access; numbers unchanged; moves outside the charter are refused', async () => {
      const coverage = await call(world.lab, 'POST', `/api/programmes/${id}/status-changes`, {
        framework: 'post-aap-coverage',
      })
      expect(coverage.status).toBe(201)
      const back = await call(world.lab, 'POST', `/api/programmes/${id}/status-changes`, {
        framework: 'aap-pre-amm',
      })
      expect([back.status, back.body.code]).toEqual([422, 'invalid-status-change'])
      expect(back.body.detail).toContain('prise en charge transitoire')
      const history = await call(world.prescriberA, 'GET', `/api/programmes/${id}/status-history`)
      expect(history.body.map((h: { framework: string }) => h.framework)).toEqual([
        'aap-pre-amm',
        'aap-post-amm',
        'post-aap-coverage',
      ])
      const patient = await call(world.prescriberA, 'GET', `/api/patients/${record.patient.id}`)
      expect(patient.body.enrolments[0].registrationNumber).toBe('EXA-0001')
      const suivi = await call(world.prescriberA, 'POST', '/api/fiches', {
        enrolmentId: record.enrolment.id,
        ficheId: 'suivi',
        data: { date_visite: '2026-11-02', poursuite: true },
      })
      expect(suivi.status).toBe(201)
      // A new patient still gets a number of the same series.
      const another = await recordWithFat(
        world.prescriberA,
        world.establishmentA,
        world.programme,
        {},
        'EXA-0002',
      )
      expect(another.enrolment.registrationNumber).toBe('EXA-0002')
    })
  })

  describe('AAC then AAP (C8.1)', () => {
    let world: World
    let aac: string

    beforeAll(async () => {
      world = await buildWorld(t.deps)
      aac = `${world.programme}-aac`.replace('-aap-', '-')
      await publishTemplate(t.deps, { actor: world.lab, yaml: aacTemplate(aac) })
      await publishTemplate(t.deps, { actor: world.lab, yaml: aapWithPrefill(world.programme, aac) })
    }, 60_000)

    /** A patient treated under the AAC (FAT entered), then enrolled in the AAP. */
    const continuingPatient = async () => {
      const underAac = await recordWithFat(world.prescriberA, world.establishmentA, aac, {
        sexe: 'M',
        poids_kg: 80,
        ucd: '9000002',
        traitements_anterieurs: [{ traitement_nom: 'R-CHOP', traitement_debut: '2024-01' }],
      })
      const aapEnrolment = await call(world.prescriberA, 'POST', '/api/enrolments', {
        patientId: underAac.patient.id,
        programme: world.programme,
      })
      return { underAac, aapEnrolmentId: aapEnrolment.body.id as string }
    }

    it('C8.1: the AAP FAT is prefilled from the AAC FAT through the declared equivalences, each value marked with its source', async () => {
      const { underAac, aapEnrolmentId } = await continuingPatient()
      const proposal = await call(world.prescriberA, 'GET', `/api/enrolments/${aapEnrolmentId}/prefill`)
      expect(proposal.status).toBe(200)
      // ucd is not declared equivalent: the AAP asks it again.
      expect(proposal.body.data).toEqual({
        sexe: 'M',
        poids_kg: 80,
        traitements_anterieurs: [{ traitement_nom: 'R-CHOP', traitement_debut: '2024-01' }],
      })
      const mark = { fromFicheRevisionId: underAac.fat.head.id }
      expect(proposal.body.prefilled).toEqual({
        sexe: { ...mark, sourceItem: 'sexe' },
        poids_kg: { ...mark, sourceItem: 'poids_kg' },
        traitements_anterieurs: { ...mark, sourceItem: 'traitements_anterieurs' },
      })
      expect(proposal.body.source).toMatchObject({ enrolmentId: underAac.enrolment.id, programme: aac })

      const fat = await call(
        world.prescriberA,
        'POST',
        `/api/enrolments/${aapEnrolmentId}/prefilled-fiches`,
        {},
      )
      expect(fat.status).toBe(201)
      expect(fat.body.head.data).toEqual(proposal.body.data)
      expect(
        fat.body.prefilled.map((m: { item: string; confirmed: boolean }) => [m.item, m.confirmed]),
      ).toEqual([
        ['poids_kg', false],
        ['sexe', false],
        ['traitements_anterieurs', false],
      ])
      const marks = await call(world.prescriberA, 'GET', `/api/fiches/${fat.body.id}/prefill`)
      expect(marks.body).toEqual(fat.body.prefilled)
      expect((await listAuditEvents(t.db, fat.body.id)).map((e) => e.action)).toContain('fiche.prefill')
    })

    it('C8.1: submitting waits for the user to confirm each prefilled value; a value the user changed is their own', async () => {
      const { aapEnrolmentId } = await continuingPatient()
      const fat = (
        await call(world.prescriberA, 'POST', `/api/enrolments/${aapEnrolmentId}/prefilled-fiches`, {})
      ).body
      const refused = await call(world.prescriberA, 'POST', `/api/fiches/${fat.id}/submit`, {
        baseRevisionId: fat.head.id,
        data: { ...fat.head.data, ucd: '9000001' },
      })
      expect([refused.status, refused.body.code]).toEqual([422, 'prefill-unconfirmed'])
      expect(refused.body.params.items).toEqual(['poids_kg', 'sexe', 'traitements_anterieurs'])

      // The weight has changed since the AAC: the user enters the new one.
      const saved = await call(world.prescriberA, 'PUT', `/api/fiches/${fat.id}/draft`, {
        baseRevisionId: fat.head.id,
        data: { ...fat.head.data, poids_kg: 78.5, ucd: '9000001' },
      })
      expect(saved.status).toBe(200)
      const stillRefused = await call(world.prescriberA, 'POST', `/api/fiches/${fat.id}/submit`, {
        baseRevisionId: saved.body.head.id,
      })
      expect(stillRefused.body.params.items).toEqual(['sexe', 'traitements_anterieurs'])
      const unknown = await call(world.prescriberA, 'POST', `/api/fiches/${fat.id}/prefill/confirmations`, {
        items: ['ucd'],
      })
      expect([unknown.status, unknown.body.code]).toEqual([422, 'unknown-item'])
      const confirmed = await call(world.pnmA, 'POST', `/api/fiches/${fat.id}/prefill/confirmations`, {
        items: ['sexe', 'traitements_anterieurs'],
      })
      expect(confirmed.status).toBe(200)
      expect(
        confirmed.body
          .filter((m: { confirmed: boolean }) => m.confirmed)
          .map((m: { item: string }) => m.item),
      ).toEqual(['sexe', 'traitements_anterieurs'])
      expect(confirmed.body.find((m: { item: string }) => m.item === 'sexe').confirmedBy).toBe(world.pnmA.id)
      const submitted = await call(world.prescriberA, 'POST', `/api/fiches/${fat.id}/submit`, {
        baseRevisionId: saved.body.head.id,
      })
      expect([submitted.status, submitted.body.status]).toEqual([200, 'submitted'])
      expect((await listAuditEvents(t.db, fat.id)).map((e) => e.action)).toContain('fiche.prefill-confirm')
    })

    it('C8.1: without identity data the user names the AAC enrolment they can read; one they cannot read is refused', async () => {
      // The AAC record was registered as another (pseudonymous) patient entry of establishment A…
      const underAac = await recordWithFat(world.prescriberA, world.establishmentA, aac, { sexe: 'F' })
      // …and one of establishment B, which prescriber A cannot read.
      const elsewhere = await recordWithFat(world.prescriberB, world.establishmentB, aac, { sexe: 'M' })
      const aap = await call(world.prescriberA, 'POST', '/api/patients', {
        establishmentId: world.establishmentA,
      })
      const enrolment = await call(world.prescriberA, 'POST', '/api/enrolments', {
        patientId: aap.body.id,
        programme: world.programme,
      })
      const none = await call(world.prescriberA, 'GET', `/api/enrolments/${enrolment.body.id}/prefill`)
      expect([none.status, none.body.code]).toEqual([422, 'prefill-source-missing'])
      const hidden = await call(
        world.prescriberA,
        'GET',
        `/api/enrolments/${enrolment.body.id}/prefill?sourceEnrolmentId=${elsewhere.enrolment.id}`,
      )
      expect([hidden.status, hidden.body.params.reasonCode]).toEqual([403, 'other-establishment'])
      const named = await call(
        world.prescriberA,
        'GET',
        `/api/enrolments/${enrolment.body.id}/prefill?sourceEnrolmentId=${underAac.enrolment.id}`,
      )
      expect([named.status, named.body.data]).toEqual([200, { sexe: 'F' }])
      // An enrolment of a programme the template does not name is no source.
      const unrelated = await call(
        world.prescriberA,
        'GET',
        `/api/enrolments/${enrolment.body.id}/prefill?sourceEnrolmentId=${enrolment.body.id}`,
      )
      expect(unrelated.body.code).toBe('prefill-source-missing')
    })

    it('C8.1: publishing checks each equivalence against the programme it reads from; one that cannot carry a value is a warning', async () => {
      const yaml = aapWithPrefill(world.programme, aac)
        .replace('version: "2.0"', 'version: "3.0"')
        .replace('poids_kg: poids_kg,', 'poids_kg: sexe,')
      const published = await call(world.lab, 'POST', '/api/template-versions', { yaml })
      expect(published.status).toBe(201)
      const prefill = published.body.warnings.filter((w: { rule: string }) => w.rule === 'prefill-source')
      expect(prefill).toHaveLength(1)
      expect(prefill[0].message).toContain('« poids_kg » ← « sexe »')
      expect(prefill[0].message).toContain('pas de même nature')
      expect(prefill[0].message).toContain(`programme « ${aac} » (version 1.0)`)
    })
  })

  describe('order check (C11)', () => {
    let world: World
    let pharmacistA: Actor
    let pharmacistB: Actor

    beforeAll(async () => {
      world = await buildWorld(t.deps)
      pharmacistA = await user('pharmacist', { establishmentId: world.establishmentA })
      pharmacistB = await user('pharmacist', { establishmentId: world.establishmentB })
    }, 60_000)

    const check = (actor: Actor, number: string) => call(actor, 'GET', `/api/order-check/${number}`)

    /** A patient whose FAT is complete and signed by the prescriber and the pharmacist. */
    const signedRecord = async (number: string) => {
      const record = await recordWithFat(
        world.prescriberA,
        world.establishmentA,
        world.programme,
        COMPLETE_FAT,
        number,
      )
      const submitted = await call(world.prescriberA, 'POST', `/api/fiches/${record.fat.id}/submit`, {
        baseRevisionId: record.fat.head.id,
      })
      for (const [actor, role] of [
        [world.prescriberA, 'prescriber'],
        [pharmacistA, 'pharmacist'],
      ] as const) {
        // biome-ignore lint/performance/noAwaitInLoops: the two signatures of one revision, in order
        const signed = await call(actor, 'POST', `/api/fiches/${record.fat.id}/signatures`, {
          revisionId: submitted.body.head.id,
          role,
        })
        expect(signed.status).toBe(201)
      }
      return { ...record, head: submitted.body.head }
    }

    it('C11.1: the order check answers only whether the FAT is complete and signed, nothing else about the patient', async () => {
      const number = `ORD-${backend}-1`
      const draft = await recordWithFat(
        world.prescriberA,
        world.establishmentA,
        world.programme,
        { sexe: 'M' },
        number,
      )
      const answer = await check(pharmacistA, number)
      expect([answer.status, answer.body]).toEqual([
        200,
        { registrationNumber: number, fatCompleteAndSigned: false },
      ])
      const submitted = await call(world.prescriberA, 'POST', `/api/fiches/${draft.fat.id}/submit`, {
        baseRevisionId: draft.fat.head.id,
        data: COMPLETE_FAT,
      })
      expect(submitted.status).toBe(200)
      // complete but not signed yet
      expect((await check(pharmacistA, number)).body.fatCompleteAndSigned).toBe(false)
      const signedNumber = `ORD-${backend}-2`
      await signedRecord(signedNumber)
      const yes = await check(pharmacistA, signedNumber)
      expect(Object.keys(yes.body).sort()).toEqual(['fatCompleteAndSigned', 'registrationNumber'])
      expect(yes.body.fatCompleteAndSigned).toBe(true)
      // the lab that honours orders may check too; a prescriber orders nothing; another centre sees nothing
      expect((await check(world.lab, signedNumber)).body.fatCompleteAndSigned).toBe(true)
      const prescriber = await check(world.prescriberA, signedNumber)
      expect([prescriber.status, prescriber.body.params.reasonCode]).toEqual([403, 'pharmacist-only'])
      const other = await check(pharmacistB, signedNumber)
      expect([other.status, other.body.params.reasonCode]).toEqual([403, 'other-establishment'])
      expect((await check(pharmacistA, 'NO-SUCH-NUMBER')).status).toBe(404)
    })

    it('C11.2: missing or overdue follow-up data does not change the answer; a dispensing pharmacist may check', async () => {
      const number = `ORD-${backend}-3`
      const record = await signedRecord(number)
      const before = (await check(pharmacistA, number)).body
      // Treatment started a year ago: every follow-up visit is overdue, and the one opened is left empty.
      await call(world.prescriberA, 'POST', '/api/fiches', {
        enrolmentId: record.enrolment.id,
        ficheId: 'fit',
        data: { date_initiation: addMonths(new Date().toISOString().slice(0, 10), -12) },
      })
      await call(world.prescriberA, 'POST', '/api/fiches', {
        enrolmentId: record.enrolment.id,
        ficheId: 'suivi',
        data: {},
      })
      expect((await check(pharmacistA, number)).body).toEqual(before)
      expect(before.fatCompleteAndSigned).toBe(true)
      // C9.2: centre B's pharmacist dispenses for this patient with centre A's authorisation.
      const grant = await call(world.prescriberA, 'POST', '/api/dispensing-grants', {
        enrolmentId: record.enrolment.id,
        pharmacistId: pharmacistB.id,
        establishmentId: world.establishmentB,
      })
      expect(grant.status).toBe(201)
      expect((await check(pharmacistB, number)).body).toEqual(before)
    })

    it('C11.3: only the FAT holds an order: a correction that voids its signatures turns the answer false until signed again', async () => {
      const number = `ORD-${backend}-4`
      const record = await signedRecord(number)
      expect((await check(pharmacistA, number)).body.fatCompleteAndSigned).toBe(true)
      const corrected = await call(world.prescriberA, 'PUT', `/api/fiches/${record.fat.id}/draft`, {
        baseRevisionId: record.head.id,
        data: { ...COMPLETE_FAT, poids_kg: 73 },
      })
      expect(corrected.status).toBe(200)
      expect((await check(pharmacistA, number)).body.fatCompleteAndSigned).toBe(false)
    })
  })

  describe('closure (C12)', () => {
    let world: World
    let id: string
    let pharmacistA: Actor
    let monitor: Actor
    let freezeOn: string
    let freezeId: string

    beforeAll(async () => {
      world = await buildWorld(t.deps)
      id = await programmeId(world.programme)
      pharmacistA = await user('pharmacist', { establishmentId: world.establishmentA })
      monitor = await user('monitor', { organisationId: world.organisationId })
      await user('pharmacist', { establishmentId: world.establishmentB })
      freezeOn = earliestFreezeDay(new Date())
    }, 60_000)

    const mails = (template: string) =>
      t.db
        .selectFrom('outbox_mails')
        .select(['recipient', 'data', 'dedupe_key'])
        .where('template', '=', template)
        .where('dedupe_key', 'like', `freeze:${freezeId}:%`)
        .orderBy('recipient')
        .execute()

    it('C12.1: a freeze less than two months ahead is refused; one two months ahead is announced by mail to everyone with access', async () => {
      const tooSoon = addMonths(freezeOn, -1)
      const refused = await call(world.lab, 'POST', `/api/programmes/${id}/freezes`, { freezeOn: tooSoon })
      expect([refused.status, refused.body.code, refused.body.params.earliest]).toEqual([
        422,
        'freeze-too-soon',
        freezeOn,
      ])
      const byPrescriber = await call(world.prescriberA, 'POST', `/api/programmes/${id}/freezes`, {
        freezeOn,
      })
      expect(byPrescriber.status).toBe(403)
      const scheduled = await call(world.lab, 'POST', `/api/programmes/${id}/freezes`, {
        freezeOn,
        note: 'Complétez les fiches d’arrêt de tous les patients avant le gel.',
      })
      expect(scheduled.status).toBe(201)
      freezeId = scheduled.body.id
      // The lab's reading roles, the prescriber who requested access, the designated PNM, the pharmacist of
      // the establishment holding records; not centre B (no record there) nor a user without a role.
      const recipients = (await mails('closure-scheduled')).map((m) => m.recipient)
      const expected = await t.db
        .selectFrom('users')
        .select('email')
        .where(
          'id',
          'in',
          [world.lab, world.prescriberA, world.pnmA, pharmacistA, monitor].map((a) => a.id),
        )
        .orderBy('email')
        .execute()
      expect(recipients).toEqual(expected.map((u) => u.email))
      expect(scheduled.body.notified).toBe(5)
      const mail = (await mails('closure-scheduled'))[0]!
      expect(mail.data).toMatchObject({ freezeOn, programmePath: `/programmes/${id}` })
      const state = await call(world.prescriberA, 'GET', `/api/programmes/${id}/freezes`)
      expect(state.body).toMatchObject({ freezeOn, frozen: false })
      expect(state.body.mailings).toEqual([expect.objectContaining({ kind: 'scheduled', recipients: 5 })])
    })

    it('C12.1: reminders go out 30, 7 and 1 days before the freeze, once each, however many instances tick', async () => {
      const at = (daysBefore: number) =>
        new Date(Date.parse(`${freezeOn}T09:00:00Z`) - daysBefore * 86_400_000)
      expect((await tickFreezeReminders(t.deps, at(45))).sent.filter((s) => s.freezeId === freezeId)).toEqual(
        [],
      )
      const ticks = await Promise.all([
        tickFreezeReminders(t.deps, at(30)),
        tickFreezeReminders(t.deps, at(30)),
      ])
      const sent30 = ticks.flatMap((r) => r.sent).filter((s) => s.freezeId === freezeId)
      expect(sent30).toEqual([{ freezeId, kind: 'reminder-30', recipients: 5 }])
      for (const days of [20, 7, 7, 3, 1, 1]) {
        // biome-ignore lint/performance/noAwaitInLoops: ticks follow each other in time
        await tickFreezeReminders(t.deps, at(days))
      }
      const reminders = await mails('closure-reminder')
      expect(reminders).toHaveLength(15)
      expect(new Set(reminders.map((m) => (m.data as { daysLeft: number }).daysLeft))).toEqual(
        new Set([30, 7, 1]),
      )
    })

    it('C12: from the freeze day on the programme is read-only: every write refused with programme-frozen, reads go on', async () => {
      const frozen = await buildWorld(t.deps)
      const frozenId = await programmeId(frozen.programme)
      const pharmacist = await user('pharmacist', { establishmentId: frozen.establishmentA })
      const record = await recordWithFat(
        frozen.prescriberA,
        frozen.establishmentA,
        frozen.programme,
        COMPLETE_FAT,
        `FRZ-${backend}`,
      )
      const submitted = await call(frozen.prescriberA, 'POST', `/api/fiches/${record.fat.id}/submit`, {
        baseRevisionId: record.fat.head.id,
      })
      const patient = await call(frozen.prescriberA, 'POST', '/api/patients', {
        establishmentId: frozen.establishmentA,
      })
      // Announced three months ago for a month ago (C12.1 held then).
      const announced = new Date(Date.now() - 92 * 86_400_000)
      await scheduleFreeze(t.deps, {
        actor: frozen.lab,
        programmeId: frozenId,
        freezeOn: earliestFreezeDay(announced),
        now: announced,
      })
      const writes: [Actor, string, string, unknown][] = [
        [
          frozen.prescriberA,
          'PUT',
          `/api/fiches/${record.fat.id}/draft`,
          { baseRevisionId: submitted.body.head.id, data: COMPLETE_FAT },
        ],
        [
          frozen.prescriberA,
          'POST',
          '/api/fiches',
          { enrolmentId: record.enrolment.id, ficheId: 'suivi', data: {} },
        ],
        [
          frozen.prescriberA,
          'POST',
          `/api/fiches/${record.fat.id}/signatures`,
          { revisionId: submitted.body.head.id, role: 'prescriber' },
        ],
        [
          frozen.lab,
          'POST',
          `/api/fiches/${record.fat.id}/queries`,
          { itemPath: '/sexe', text: 'À vérifier.' },
        ],
        [
          frozen.prescriberA,
          'POST',
          '/api/enrolments',
          { patientId: patient.body.id, programme: frozen.programme },
        ],
        [
          frozen.prescriberA,
          'POST',
          '/api/designations',
          {
            establishmentId: frozen.establishmentA,
            programme: frozen.programme,
            designeeId: frozen.pnmA.id,
            designeeRole: 'pnm',
          },
        ],
        [frozen.lab, 'POST', `/api/programmes/${frozenId}/status-changes`, { framework: 'aap-post-amm' }],
        [frozen.lab, 'POST', `/api/programmes/${frozenId}/freezes`, { freezeOn: addMonths(freezeOn, 6) }],
        [frozen.lab, 'POST', '/api/template-versions', { yaml: templateVariant(frozen.programme, '9.0') }],
      ]
      const refusals = await Promise.all(
        writes.map(async ([actor, method, path, body]) => {
          const res = await call(actor, method, path, body)
          return [method, path, res.status, res.body?.code]
        }),
      )
      expect(refusals.filter(([, , status, code]) => status !== 409 || code !== 'programme-frozen')).toEqual(
        [],
      )
      expect(refusals).toHaveLength(writes.length)
      // Reads go on.
      const read = await call(frozen.prescriberA, 'GET', `/api/fiches/${record.fat.id}`)
      expect([read.status, read.body.editable]).toEqual([200, false])
      expect(read.body.readOnlyReason).toContain('gelée')
      expect((await call(frozen.prescriberA, 'GET', `/api/patients/${record.patient.id}`)).status).toBe(200)
      expect((await call(pharmacist, 'GET', `/api/order-check/FRZ-${backend}`)).status).toBe(200)
      expect((await call(frozen.prescriberA, 'GET', `/api/programmes/${frozenId}/freezes`)).body.frozen).toBe(
        true,
      )
    })

    it('C12.2: the report of missing data and missing fiches per patient and per establishment, in CSV', async () => {
      const today = new Date().toISOString().slice(0, 10)
      const inA = await recordWithFat(
        world.prescriberA,
        world.establishmentA,
        world.programme,
        { sexe: 'M' },
        `CLO-${backend}-1`,
      )
      // Treatment started a year ago and no follow-up entered: its visits are missing fiches.
      await call(world.prescriberA, 'POST', '/api/fiches', {
        enrolmentId: inA.enrolment.id,
        ficheId: 'fit',
        data: { date_initiation: addMonths(today, -12) },
      })
      await recordWithFat(world.prescriberB, world.establishmentB, world.programme, {}, `CLO-${backend}-2`)
      const csv = async (actor: Actor, query = '') => {
        const res = await client.request(actor, 'GET', `/api/programmes/${id}/closure-report.csv${query}`)
        const bytes = new Uint8Array(await res.arrayBuffer())
        const text = new TextDecoder().decode(bytes)
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          // UTF-8 with a byte-order mark, so that spreadsheets read the accents
          bom: Buffer.from(bytes.subarray(0, 3)).toString('hex') === 'efbbbf',
          text,
          lines: text.trim().split('\r\n'),
        }
      }
      const all = await csv(world.lab)
      expect([all.status, all.type, all.bom]).toEqual([200, 'text/csv; charset=utf-8', true])
      expect(all.lines[0]).toBe(
        "Établissement;FINESS;Numéro d'enregistrement;Identifiant patient;Traitement;Données manquantes;Fiches incomplètes;Fiches manquantes",
      )
      expect(all.lines).toHaveLength(1 + 3)
      const line = all.lines.find((l) => l.includes(`CLO-${backend}-1`))!.split(';')
      expect(line[3]).toBe(inA.patient.id)
      expect(line[4]).toBe('en cours')
      expect(Number(line[5])).toBeGreaterThan(0)
      expect(line[6]).toMatch(/^"?Fiche d'accès au traitement \(\d+\/\d+\)/)
      expect(line[7]).toContain('M1 (prévue le ')
      // C12.2 "à la demande de l'établissement": its pharmacist gets its own patients only.
      const mine = await csv(pharmacistA, `?establishmentId=${world.establishmentA}`)
      expect(mine.status).toBe(200)
      expect(mine.lines).toHaveLength(1 + 2)
      expect(mine.text).not.toContain(`CLO-${backend}-2`)
      expect((await csv(pharmacistA)).status).toBe(403)
      const prescriber = await call(
        world.prescriberA,
        'GET',
        `/api/programmes/${id}/closure-report.csv?establishmentId=${world.establishmentA}`,
      )
      expect([prescriber.status, prescriber.body.params.reasonCode]).toEqual([403, 'pharmacist-only'])
    })

    it('C12.2: the same report as a PDF, per establishment with its totals', async () => {
      const pdf = createChromiumPdfRenderer({ concurrency: 1 })
      try {
        const app = createApp({ deps: t.deps, pdf })
        const { cookie } = await openTestSession(t.deps, world.lab)
        const res = await app.request(`/api/programmes/${id}/closure-report.pdf`, { headers: { cookie } })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('application/pdf')
        const bytes = new Uint8Array(await res.arrayBuffer())
        expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-')
        const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], {
          input: bytes,
        }).toString()
        expect(text).toContain('Rapport de clôture')
        expect(text).toContain(`CLO-${backend}-1`)
        expect(text).toContain(`gel de la base le ${freezeOn}`)
        expect(text).toMatch(/3 patient\(s\)|2 patient\(s\)/)
      } finally {
        await pdf.close()
      }
    }, 60_000)

    it('C12.3: the delay between announcement and freeze is at least two months, counted in calendar months', () => {
      expect(earliestFreezeDay(new Date('2026-11-23T10:00:00Z'))).toBe('2027-01-23')
      expect(earliestFreezeDay(new Date('2026-12-31T10:00:00Z'))).toBe('2027-02-28')
      expect(addMonths('2027-01-23', -2)).toBe('2026-11-23')
    })
  })

  describe('AAC access term (P4)', () => {
    let world: World
    let aac: string

    beforeAll(async () => {
      world = await buildWorld(t.deps)
      aac = `${world.programme}-term`
      await publishTemplate(t.deps, { actor: world.lab, yaml: aacTemplate(aac) })
    }, 60_000)

    it('P4: an AAC enrolment expires after the duration its template states; a renewal decision grants it again', async () => {
      const today = new Date().toISOString().slice(0, 10)
      const record = await recordWithFat(world.prescriberA, world.establishmentA, aac, { sexe: 'F' })
      expect(record.enrolment.accessEndsOn).toBe(addMonths(today, 6))
      const term = await call(world.prescriberA, 'GET', `/api/enrolments/${record.enrolment.id}/access-term`)
      expect(term.body).toMatchObject({
        framework: 'aac',
        authorisationDuration: 'P6M',
        renewalNeeded: false,
      })
      const future = await call(
        world.prescriberA,
        'POST',
        `/api/enrolments/${record.enrolment.id}/access-renewals`,
        {
          decisionDate: addMonths(today, 1),
        },
      )
      expect([future.status, future.body.code]).toEqual([422, 'access-renewal-not-applicable'])
      const renewed = await call(
        world.prescriberA,
        'POST',
        `/api/enrolments/${record.enrolment.id}/access-renewals`,
        {
          decisionDate: today,
        },
      )
      expect([renewed.status, renewed.body.accessEndsOn]).toEqual([201, addMonths(today, 6)])
      expect((await listAuditEvents(t.db, record.enrolment.id)).map((e) => e.action)).toContain(
        'enrolment.renew-access',
      )
      // A decision that expired is visible as such.
      const old = addMonths(today, -7)
      await call(world.prescriberA, 'POST', `/api/enrolments/${record.enrolment.id}/access-renewals`, {
        decisionDate: old,
      })
      const expired = await call(
        world.prescriberA,
        'GET',
        `/api/enrolments/${record.enrolment.id}/access-term`,
      )
      expect(expired.body).toMatchObject({ accessEndsOn: addMonths(old, 6), renewalNeeded: true })
    })

    it('P4: early access has no term to renew', async () => {
      const record = await recordWithFat(world.prescriberA, world.establishmentA, world.programme)
      expect(record.enrolment.accessEndsOn).toBeNull()
      const renewal = await call(
        world.prescriberA,
        'POST',
        `/api/enrolments/${record.enrolment.id}/access-renewals`,
        {
          decisionDate: '2026-01-10',
        },
      )
      expect([renewal.status, renewal.body.code]).toEqual([422, 'access-renewal-not-applicable'])
      expect(accessEnd('2026-01-31', 'P1M')).toBe('2026-02-28')
      expect(accessEnd('2026-01-10', 'P1Y')).toBe('2027-01-10')
      expect(accessEnd('2026-01-10', 'P14D')).toBe('2026-01-24')
    })
  })
})
