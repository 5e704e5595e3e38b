/**
 * E-mail through the outbox to a real SMTP server on loopback (smtp-server capturing what it receives):
 * C6.1 registration-number notifications, retries with backoff, the failed state, dedupe, multi-instance
 * safety, and template escaping (HTML escaped, no header injection through the subject).
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../src/db/connect.ts'
import type { MembershipRole } from '../src/db/database.ts'
import { listAuditEvents } from '../src/db/queries/audit.ts'
import { findOutboxMail } from '../src/db/queries/outbox.ts'
import { type CapturedMail, type MailCapture, startMailCapture } from '../src/dev/mail-capture.ts'
import { designate } from '../src/domain/access/designations.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import {
  createMailDispatcher,
  type DispatcherOptions,
  retryDelaySeconds,
} from '../src/domain/mail/dispatcher.ts'
import { enqueueMail, InvalidMailError } from '../src/domain/mail/outbox.ts'
import { listMails, requeueMail } from '../src/domain/mail/outbox-admin.ts'
import { createMailRenderer, safeUrl } from '../src/domain/mail/render.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { notifyRegistrationNumber } from '../src/domain/patients/registration-number.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import { createSmtpTransport } from '../src/external/smtp.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  type TestDatabase,
  templateVariant,
  testClient,
  type World,
} from './harness.ts'

const ORIGIN = 'https://openput.example.fr'
const FROM = 'OpenPUT <ne-pas-repondre@openput.example.fr>'

/** Addresses the capture server refuses: 4xx (try again later) or 5xx (never). */
const refusals = { transient: new Map<string, number>(), permanent: new Set<string>() }

describe.each(BACKENDS)('mail on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let capture: MailCapture
  let client: ReturnType<typeof testClient>
  let pharmacistA: Actor
  let otherPrescriberA: Actor
  let dataManager: Actor
  /** Designated by prescriber A during the first test: has access to every later request of A. */
  let lateDesignee: Actor | undefined
  let n = 0

  const user = async (role: MembershipRole, where: { establishmentId?: string; organisationId?: string }) => {
    const created = await createUser(t.deps, {
      email: `mail-${++n}-${role}-${world.programme}@test.openput.fr`,
      displayName: `${role} ${n}`,
      memberships: [{ role, ...where }],
    })
    return (await findActor(t.deps.db, created.id))!
  }

  const dispatcher = (options: Partial<DispatcherOptions> = {}) =>
    createMailDispatcher({
      db: t.db,
      transport: createSmtpTransport({ url: capture.url }),
      renderer: createMailRenderer({ publicOrigin: ORIGIN }),
      from: FROM,
      ...options,
    })

  /** The messages captured for one outbox row (tests share the capture server). */
  const receivedFor = (ids: readonly string[]) =>
    capture.messages.filter((m) => ids.includes(m.headers.get('x-openput-outbox-id') ?? ''))

  const outboxOf = async (enrolmentId: string) =>
    (
      await sql<{ id: string; recipient: string; status: string }>`
        select id, recipient, status from outbox_mails where dedupe_key like ${`registration-number:${enrolmentId}:%`}
        order by recipient`.execute(t.db)
    ).rows

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
    capture = await startMailCapture({
      recipientPolicy: (address) => {
        if (refusals.permanent.has(address)) return { code: 550, message: 'Boîte inconnue' }
        const left = refusals.transient.get(address)
        if (left === undefined || left === 0) return undefined
        refusals.transient.set(address, left - 1)
        return { code: 451, message: 'Réessayez plus tard' }
      },
    })
    pharmacistA = await user('pharmacist', { establishmentId: world.establishmentA })
    otherPrescriberA = await user('prescriber', { establishmentId: world.establishmentA })
    dataManager = await user('data-manager', { organisationId: world.organisationId })
  }, 60_000)
  afterAll(async () => {
    await capture?.close()
    await t?.close()
  })

  /** A patient of establishment A enrolled by prescriber A, whose first FAT is the access request. */
  const recordWithRequest = async (registrationNumber?: string) => {
    const patient = await createPatient(t.deps, {
      actor: world.prescriberA,
      establishmentId: world.establishmentA,
    })
    const enrolment = await enrolPatient(t.deps, {
      actor: world.prescriberA,
      patientId: patient.id,
      programme: world.programme,
      registrationNumber,
    })
    const before = await outboxOf(enrolment.id)
    await createFiche(t.deps, {
      actor: world.prescriberA,
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data: {
        sexe: 'F',
        poids_kg: 61.7,
        traitements_anterieurs: [{ traitement_nom: 'Traitement-Confidentiel-Q7' }],
      },
    })
    return { patient, enrolment, before }
  }

  const expectNothingAboutThePatient = (mail: CapturedMail, patientId: string) => {
    for (const part of [mail.raw, mail.text, mail.html, mail.subject]) {
      expect(part).not.toContain(patientId)
      expect(part).not.toContain('Traitement-Confidentiel-Q7')
      expect(part).not.toContain('61.7')
      expect(part).not.toMatch(/initiales|naissance/i)
    }
  }

  it('C6.1: assigning a number in early access mails the prescriber and every professional with access at the request, with the number and a link, nothing else', async () => {
    const { patient, enrolment } = await recordWithRequest()
    // Designated after the treatment-access request: not among those who had access at that time.
    lateDesignee = await user('pnm', { establishmentId: world.establishmentA })
    await designate(t.deps, {
      actor: world.prescriberA,
      establishmentId: world.establishmentA,
      programme: world.programme,
      designeeId: lateDesignee.id,
      designeeRole: 'pnm',
    })

    const res = await client.request(
      dataManager,
      'POST',
      `/api/enrolments/${enrolment.id}/registration-number`,
      {
        registrationNumber: 'AAP-TST-0001',
      },
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      id: enrolment.id,
      registrationNumber: 'AAP-TST-0001',
      notification: 'enqueued',
    })

    const queued = await outboxOf(enrolment.id)
    const expected = [world.prescriberA, world.pnmA, pharmacistA]
    const emails = await sql<{ id: string; email: string }>`select id, email from users`.execute(t.db)
    const emailOf = (a: Actor) => emails.rows.find((r) => r.id === a.id)!.email
    expect(queued.map((q) => q.recipient).sort()).toEqual(expected.map(emailOf).sort())

    expect(await dispatcher().drain()).toMatchObject({ sent: 3, retried: 0, failed: 0 })
    const received = receivedFor(queued.map((q) => q.id))
    expect(received.flatMap((m) => m.envelope.to).sort()).toEqual(expected.map(emailOf).sort())
    for (const mail of received) {
      expect(mail.envelope.to).toHaveLength(1)
      expect(mail.headers.get('from')).toBe(FROM)
      expect(mail.subject).toBe("[OpenPUT] Testmab : numéro d'enregistrement AAP-TST-0001 attribué")
      const link = `${ORIGIN}/dossiers/${enrolment.id}`
      expect(mail.text).toContain('AAP-TST-0001')
      expect(mail.text).toContain(link)
      expect(mail.html).toContain('<strong>AAP-TST-0001</strong>')
      expect(mail.html).toContain(`<a href="${link}">`)
      expectNothingAboutThePatient(mail, patient.id)
    }
    for (const nobody of [
      lateDesignee!,
      otherPrescriberA,
      world.prescriberB,
      world.lab,
      world.outsider,
      dataManager,
    ]) {
      expect(received.flatMap((m) => m.envelope.to)).not.toContain(emailOf(nobody))
    }

    // The number is on the platform for those who got the link, and the notification is audited.
    const seen = await client.request(world.pnmA, 'GET', `/api/patients/${patient.id}`)
    expect((await seen.json()).enrolments).toEqual([
      expect.objectContaining({ id: enrolment.id, registrationNumber: 'AAP-TST-0001' }),
    ])
    const audit = await listAuditEvents(t.db, enrolment.id)
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['enrolment.registration-number', 'enrolment.registration-number-notified']),
    )
    const notified = audit.find((a) => a.action === 'enrolment.registration-number-notified')!
    expect(notified.actor_id).toBe(dataManager.id)
    expect(
      (notified.details as { recipients: { userId: string }[] }).recipients.map((r) => r.userId).sort(),
    ).toEqual(expected.map((a) => a.id).sort())
  })

  it('C6.1: a number given at enrolment is announced when the treatment-access request is made, once', async () => {
    const { enrolment, before } = await recordWithRequest('AAP-TST-0002')
    expect(before).toEqual([]) // no request yet: nobody to tell
    const queued = await outboxOf(enrolment.id)
    // Prescriber A, PNM A, the pharmacist, and the PNM designated (first test) before this request.
    const recipients = await sql<{ id: string }>`
      select u.id from users u join outbox_mails o on o.recipient = u.email
      where o.dedupe_key like ${`registration-number:${enrolment.id}:%`} order by u.id`.execute(t.db)
    expect(recipients.rows.map((r) => r.id)).toEqual(
      [world.prescriberA, world.pnmA, pharmacistA, lateDesignee!].map((a) => a.id).sort(),
    )
    // A second FAT is no new request, and notifying again finds every mail already queued (dedupe keys).
    await createFiche(t.deps, {
      actor: world.prescriberA,
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data: {},
    })
    expect(
      await notifyRegistrationNumber(t.db, { enrolmentId: enrolment.id, actorId: world.lab.id }),
    ).toEqual({
      status: 'enqueued',
      recipients: [],
    })
    expect(await outboxOf(enrolment.id)).toHaveLength(4)
    await dispatcher().drain()
    const received = receivedFor(queued.map((q) => q.id))
    expect(received).toHaveLength(4)
    expect(received.every((m) => m.text.includes('AAP-TST-0002'))).toBe(true)
  })

  it('C6.1: a number cannot be assigned twice, and a record outside early access sends no mail', async () => {
    const { enrolment } = await recordWithRequest('AAP-TST-0003')
    const again = await client.request(
      dataManager,
      'POST',
      `/api/enrolments/${enrolment.id}/registration-number`,
      {
        registrationNumber: 'AAP-TST-9999',
      },
    )
    expect(again.status).toBe(409)
    expect((await again.json()).code).toBe('registration-number-already-assigned')
    const outsider = await client.request(
      world.prescriberB,
      'POST',
      `/api/enrolments/${enrolment.id}/registration-number`,
      {
        registrationNumber: 'AAP-TST-9998',
      },
    )
    expect(outsider.status).toBe(403)

    const slug = `${world.programme}-aac`
    await publishTemplate(t.deps, {
      actor: world.lab,
      yaml: templateVariant(slug).replace(
        'framework: aap-pre-amm',
        'framework: aac\n  authorisationDuration: P1Y',
      ),
    })
    const patient = await createPatient(t.deps, {
      actor: world.prescriberA,
      establishmentId: world.establishmentA,
    })
    const aac = await enrolPatient(t.deps, {
      actor: world.prescriberA,
      patientId: patient.id,
      programme: slug,
      registrationNumber: 'AAC-TST-0001',
    })
    await createFiche(t.deps, { actor: world.prescriberA, enrolmentId: aac.id, ficheId: 'fat', data: {} })
    expect(await outboxOf(aac.id)).toEqual([])
    expect(await notifyRegistrationNumber(t.db, { enrolmentId: aac.id, actorId: world.lab.id })).toEqual({
      status: 'not-applicable',
    })
  })

  it('C6.1: a professional whose directory address cannot be mailed does not undo the request; audited as undeliverable', async () => {
    const broken = await createUser(t.deps, {
      email: `pharmacien sans adresse ${world.programme}@test`,
      displayName: 'pharmacien B',
      memberships: [{ role: 'pharmacist', establishmentId: world.establishmentB }],
    })
    const patient = await createPatient(t.deps, {
      actor: world.prescriberB,
      establishmentId: world.establishmentB,
    })
    const enrolment = await enrolPatient(t.deps, {
      actor: world.prescriberB,
      patientId: patient.id,
      programme: world.programme,
      registrationNumber: 'AAP-TST-B-01',
    })
    await createFiche(t.deps, {
      actor: world.prescriberB,
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data: {},
    })
    const prescriberB = await t.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', world.prescriberB.id)
      .executeTakeFirstOrThrow()
    expect((await outboxOf(enrolment.id)).map((q) => q.recipient)).toEqual([prescriberB.email])
    const notified = (await listAuditEvents(t.db, enrolment.id)).find(
      (a) => a.action === 'enrolment.registration-number-notified',
    )!
    expect(notified.details).toMatchObject({
      recipients: [{ userId: world.prescriberB.id, role: 'prescriber' }],
      undeliverable: [{ userId: broken.id, role: 'pharmacist' }],
    })
    await dispatcher().drain()
  })

  it('a mail is in the outbox iff the change that enqueued it commits', async () => {
    const key = `rollback-${backend}-${Date.now()}`
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, {
          template: 'registration-number-assigned',
          to: 'annule@test.openput.fr',
          data: { registrationNumber: 'X', programmeName: 'Testmab', patientPath: '/dossiers/x' },
          dedupeKey: key,
        })
        throw new Error('the business change fails')
      }),
    ).rejects.toThrow('the business change fails')
    expect(
      (
        await sql<{
          n: number
        }>`select count(*)::int as n from outbox_mails where dedupe_key = ${key}`.execute(t.db)
      ).rows[0]!.n,
    ).toBe(0)
  })

  it('enqueueing twice with one dedupe key gives one mail; bad data or address is refused before writing', async () => {
    const mail = {
      template: 'registration-number-assigned' as const,
      to: 'dedupe@test.openput.fr',
      data: { registrationNumber: 'D-1', programmeName: 'Testmab', patientPath: '/dossiers/d' },
      dedupeKey: `dedupe-${backend}`,
    }
    const first = await enqueueMail(t.db, mail)
    const second = await enqueueMail(t.db, { ...mail, data: { ...mail.data, registrationNumber: 'D-2' } })
    expect(first.created).toBe(true)
    expect(second).toEqual({ id: first.id, created: false })
    expect((await findOutboxMail(t.db, first.id))!.data).toMatchObject({ registrationNumber: 'D-1' })

    const refused = [
      { ...mail, dedupeKey: undefined, to: 'not-an-address' },
      { ...mail, dedupeKey: undefined, to: 'a@b.fr\r\nBcc: evil@example.com' },
      { ...mail, dedupeKey: undefined, data: { ...mail.data, patientPath: '//evil.example/phish' } },
      { ...mail, dedupeKey: undefined, data: { ...mail.data, birthDate: '1970-01-01' } },
    ]
    for (const bad of refused) {
      // biome-ignore lint/performance/noAwaitInLoops: one refusal at a time, each asserted
      await expect(enqueueMail(t.db, bad)).rejects.toBeInstanceOf(InvalidMailError)
    }
    await dispatcher().drain()
  })

  it('a refused attempt is retried with exponential backoff, recorded on the row, then sent', async () => {
    const to = `flaky-${backend}@test.openput.fr`
    refusals.transient.set(to, 2)
    await dispatcher().drain() // what earlier tests left due, so the counts below are this test's
    let clock = new Date(0)
    const d = dispatcher({
      now: () => clock,
      retry: { maxAttempts: 5, baseDelaySeconds: 60, maxDelaySeconds: 3600 },
    })
    const { id } = await enqueueMail(t.db, {
      template: 'registration-number-assigned',
      to,
      data: { registrationNumber: 'R-1', programmeName: 'Testmab', patientPath: '/dossiers/r' },
    })
    // The dispatcher's clock, moved by hand from now on (the database's clock made the row due).
    clock = new Date(Date.now() + 1000)
    expect(await d.drain()).toMatchObject({ retried: 1, sent: 0 })
    let row = (await findOutboxMail(t.db, id))!
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row.last_error).toMatch(/451/)
    expect(row.next_attempt_at.getTime()).toBe(clock.getTime() + 60_000)

    expect(await d.drain()).toMatchObject({ retried: 0, sent: 0 }) // not due yet
    clock = new Date(clock.getTime() + 60_000)
    expect(await d.drain()).toMatchObject({ retried: 1 })
    row = (await findOutboxMail(t.db, id))!
    expect(row.attempts).toBe(2)
    expect(row.next_attempt_at.getTime()).toBe(clock.getTime() + 120_000) // doubled

    clock = new Date(clock.getTime() + 120_000)
    expect(await d.drain()).toMatchObject({ sent: 1 })
    row = (await findOutboxMail(t.db, id))!
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_error: null })
    expect(row.sent_at).toEqual(clock)
    expect(receivedFor([id])).toHaveLength(1)
  })

  it('after the last attempt, or a permanent refusal, a mail is failed: kept, visible, re-queueable', async () => {
    const never = `never-${backend}@test.openput.fr`
    const unknown = `unknown-${backend}@test.openput.fr`
    refusals.transient.set(never, 1000)
    refusals.permanent.add(unknown)
    await dispatcher().drain()
    let clock = new Date(0)
    const d = dispatcher({
      now: () => clock,
      retry: { maxAttempts: 3, baseDelaySeconds: 10, maxDelaySeconds: 3600 },
    })
    const data = { registrationNumber: 'F-1', programmeName: 'Testmab', patientPath: '/dossiers/f' }
    const a = await enqueueMail(t.db, { template: 'registration-number-assigned', to: never, data })
    const b = await enqueueMail(t.db, { template: 'registration-number-assigned', to: unknown, data })
    // The dispatcher's clock, moved by hand from now on (the database's clock made the rows due).
    clock = new Date(Date.now() + 1000)
    for (let i = 0; i < 3; i++) {
      // biome-ignore lint/performance/noAwaitInLoops: attempts happen one after the other in time
      await d.drain()
      clock = new Date(clock.getTime() + 3600_000)
    }
    const failedA = (await findOutboxMail(t.db, a.id))!
    const failedB = (await findOutboxMail(t.db, b.id))!
    expect(failedA).toMatchObject({ status: 'failed', attempts: 3 })
    expect(failedA.last_error).toMatch(/451/)
    expect(failedB).toMatchObject({ status: 'failed', attempts: 1 }) // 550: no retry
    expect(failedB.last_error).toMatch(/550/)
    expect(await d.drain()).toMatchObject({ sent: 0, retried: 0, failed: 0 })

    // Never deleted: the database refuses it.
    await expect(sql`delete from outbox_mails where id = ${a.id}`.execute(t.db)).rejects.toMatchObject({
      code: 'OP001',
    })
    // Re-queued once the address works: a fresh budget of attempts, then sent.
    refusals.transient.delete(never)
    expect((await listMails(t.db, 'failed', 1000)).map((m) => m.id)).toEqual(
      expect.arrayContaining([a.id, b.id]),
    )
    expect(await requeueMail(t.db, a.id, null, clock)).toBe('requeued')
    expect(await requeueMail(t.db, a.id, null, clock)).toBe('not-failed')
    expect(await findOutboxMail(t.db, a.id)).toMatchObject({ status: 'pending', attempts: 0 })
    expect((await listAuditEvents(t.db, a.id)).map((e) => e.action)).toEqual(['outbox-mail.requeue'])
    expect(await d.drain()).toMatchObject({ sent: 1 })
    expect(await findOutboxMail(t.db, a.id)).toMatchObject({ status: 'sent', attempts: 1 })
    expect(receivedFor([a.id, b.id])).toHaveLength(1)
    expect(retryDelaySeconds({ maxAttempts: 9, baseDelaySeconds: 30, maxDelaySeconds: 3600 }, 9)).toBe(3600)
  })

  it('a hostile value is escaped in HTML and cannot add a header through the subject', async () => {
    const hostile =
      'Testmab <script>alert(1)</script>\r\nBcc: intrus@evil.example\r\n\r\n<img src=x onerror=alert(2)>'
    const { id } = await enqueueMail(t.db, {
      template: 'registration-number-assigned',
      to: `hostile-${backend}@test.openput.fr`,
      data: {
        registrationNumber: '"><a href="javascript:alert(3)">',
        programmeName: hostile,
        patientPath: '/dossiers/h',
      },
    })
    await dispatcher().drain()
    const [mail] = receivedFor([id])
    expect(mail).toBeDefined()
    expect(mail!.envelope.to).toEqual([`hostile-${backend}@test.openput.fr`])
    expect(mail!.headers.has('bcc')).toBe(false)
    expect(mail!.raw.slice(0, mail!.raw.search(/\r?\n\r?\n/))).not.toMatch(/^bcc:/im)
    expect(mail!.subject).not.toMatch(/[\r\n]/)
    expect(mail!.subject).toContain('Bcc: intrus@evil.example')
    expect(mail!.html).not.toContain('<script>')
    expect(mail!.html).not.toContain('<img src=x')
    expect(mail!.html).not.toContain('href="javascript:')
    expect(mail!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(mail!.text).toContain('<script>alert(1)</script>') // plain text is not HTML: shown as typed
    expect([safeUrl('javascript:alert(1)'), safeUrl('data:text/html,x'), safeUrl('https://a.fr/x')]).toEqual([
      '#',
      '#',
      'https://a.fr/x',
    ])
  })

  it('two dispatchers draining the same outbox at once never send a mail twice', async () => {
    // Each dispatcher gets its own connection pool on Postgres, as two server instances would.
    const second = backend === 'postgres' ? await openPostgresTestDatabaseOn(t.url!) : undefined
    try {
      const ids = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          enqueueMail(t.db, {
            template: 'registration-number-assigned',
            to: `many-${i}-${backend}@test.openput.fr`,
            data: { registrationNumber: `M-${i}`, programmeName: 'Testmab', patientPath: '/dossiers/m' },
          }).then((r) => r.id),
        ),
      )
      const a = dispatcher({ batchSize: 3 })
      const b = createMailDispatcher({
        db: second?.db ?? t.db,
        transport: createSmtpTransport({ url: capture.url }),
        renderer: createMailRenderer({ publicOrigin: ORIGIN }),
        from: FROM,
        batchSize: 3,
      })
      const results = await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()])
      expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(30)
      const received = receivedFor(ids)
      expect(received).toHaveLength(30)
      expect(new Set(received.map((m) => m.headers.get('x-openput-outbox-id'))).size).toBe(30)
    } finally {
      await second?.close()
    }
  })
})

/** A second pool on an existing test database (the harness creates and drops the database itself). */
async function openPostgresTestDatabaseOn(url: string) {
  const opened = await openDatabase({ kind: 'postgres', url, poolSize: 3 })
  return { db: opened.db, close: opened.close }
}
