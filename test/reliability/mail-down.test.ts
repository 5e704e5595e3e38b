/**
 * The mail server down: C6.1 notifications made while nothing listens on the SMTP port wait in the outbox,
 * each attempt recorded with its error and the next one backed off; once a server listens again the
 * dispatcher's loop sends every one of them exactly once. On PGlite, and on Postgres with DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MailCapture, startMailCapture } from '../../packages/server/src/dev/mail-capture.ts'
import { createFiche } from '../../packages/server/src/domain/fiches/create-fiche.ts'
import { createMailDispatcher } from '../../packages/server/src/domain/mail/dispatcher.ts'
import { createMailRenderer } from '../../packages/server/src/domain/mail/render.ts'
import { createPatient } from '../../packages/server/src/domain/patients/create-patient.ts'
import { enrolPatient } from '../../packages/server/src/domain/patients/enrol-patient.ts'
import { createSmtpTransport } from '../../packages/server/src/external/smtp.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  type TestDatabase,
  type World,
} from '../../packages/server/test/harness.ts'
import { apiClient } from './api-client.ts'
import { openPostgresWorld, type PostgresWorld } from './postgres-world.ts'
import { freePort, killAll, type ServerProcess, startServer } from './server-process.ts'

const RECORDS = 4
const ROUNDS_DOWN = 3

describe.each(BACKENDS)('mail server down, on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let capture: MailCapture | undefined

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
  }, 60_000)
  afterAll(async () => {
    await capture?.close()
    await t?.close()
  })

  const outbox = () =>
    t.db
      .selectFrom('outbox_mails')
      .select(['id', 'recipient', 'status', 'attempts', 'last_error'])
      .where('template', '=', 'registration-number-assigned')
      .orderBy('id')
      .execute()

  it('notifications wait in the outbox with every attempt recorded, then all go out exactly once', async () => {
    // The real C6.1 path: numbers given at enrolment, announced by each record's treatment-access request.
    for (let i = 0; i < RECORDS; i++) {
      // biome-ignore lint/performance/noAwaitInLoops: records made one after the other, as users would
      const patient = await createPatient(t.deps, {
        actor: world.prescriberA,
        establishmentId: world.establishmentA,
      })
      const enrolment = await enrolPatient(t.deps, {
        actor: world.prescriberA,
        patientId: patient.id,
        programme: world.programme,
        registrationNumber: `DOWN-${i}`,
      })
      await createFiche(t.deps, {
        actor: world.prescriberA,
        enrolmentId: enrolment.id,
        ficheId: 'fat',
        data: {},
      })
    }
    const queued = await outbox()
    // Prescriber A (the request) and PNM A (designated before it), per record.
    expect(queued).toHaveLength(RECORDS * 2)

    const port = await freePort() // nobody listens there: connection refused
    let clock = new Date(Date.now() + 1000)
    const dispatcher = createMailDispatcher({
      db: t.db,
      transport: createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, connectionTimeoutMs: 3000 }),
      renderer: createMailRenderer({ publicOrigin: 'https://openput.example.fr' }),
      from: 'OpenPUT <ne-pas-repondre@openput.example.fr>',
      retry: { maxAttempts: 10, baseDelaySeconds: 30, maxDelaySeconds: 600 },
      batchSize: 50,
      pollIntervalMs: 20,
      now: () => clock,
    })

    for (let round = 1; round <= ROUNDS_DOWN; round++) {
      // biome-ignore lint/performance/noAwaitInLoops: one attempt round after the other, in time order
      expect(await dispatcher.drain()).toEqual({ sent: 0, retried: RECORDS * 2, failed: 0 })
      const rows = await outbox()
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['pending', round]))
      for (const r of rows) expect(r.last_error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/)
      // Not due again before the backoff delay has passed.
      expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 0, failed: 0 })
      clock = new Date(clock.getTime() + 600_000)
    }

    // The server is back, on the same port; the background loop (as main.ts runs it) delivers.
    capture = await startMailCapture({ port })
    dispatcher.start()
    const received = await capture.waitFor(RECORDS * 2, 20_000)
    // A few more polls find nothing left to send; stopping waits for the batch in flight.
    await new Promise((resolve) => setTimeout(resolve, 200))
    await dispatcher.stop()
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 0, failed: 0 })
    clock = new Date(clock.getTime() + 86_400_000)
    expect(await dispatcher.drain()).toEqual({ sent: 0, retried: 0, failed: 0 })

    expect(capture.messages).toHaveLength(RECORDS * 2)
    const ids = received.map((m) => m.headers.get('x-openput-outbox-id'))
    expect([...new Set(ids)].sort()).toEqual(queued.map((q) => q.id).sort())
    const rows = await outbox()
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['sent', ROUNDS_DOWN + 1]))
    expect(rows.every((r) => r.last_error === null)).toBe(true)
    // Each record's number reached both of its recipients, once each.
    const recipients = [...new Set(queued.map((q) => q.recipient))].sort()
    expect(recipients).toHaveLength(2)
    for (let i = 0; i < RECORDS; i++) {
      const forRecord = received.filter((m) => m.text.includes(`DOWN-${i}`))
      expect(forRecord.flatMap((m) => m.envelope.to).sort()).toEqual(recipients)
    }
  }, 90_000)
})

describe('the server process sends mail while it runs and stops its dispatcher on SIGTERM', () => {
  let pw: PostgresWorld
  let capture: MailCapture
  let server: ServerProcess | undefined

  beforeAll(async () => {
    pw = await openPostgresWorld()
    capture = await startMailCapture()
  }, 60_000)
  afterAll(async () => {
    await killAll([server])
    await capture?.close()
    await pw?.t.close()
  }, 30_000)

  it('C6.1 through the API of a real server: the mails reach the SMTP server of SMTP_URL', async () => {
    server = await startServer({ DATABASE_URL: pw.t.url, DATABASE_POOL_SIZE: '3', SMTP_URL: capture.url })
    expect(server.output()).toContain(`Courriels : envoyés par 127.0.0.1:${capture.port}`)
    const call = apiClient(server.url, pw.cookie)
    const patient = await call('POST', '/api/patients', { establishmentId: pw.world.establishmentA })
    const enrolment = await call('POST', '/api/enrolments', {
      patientId: patient.body.id,
      programme: pw.world.programme,
      registrationNumber: 'PROC-0001',
    })
    expect(enrolment.status).toBe(201)
    const fat = await call('POST', '/api/fiches', {
      enrolmentId: enrolment.body.id,
      ficheId: 'fat',
      data: {},
    })
    expect(fat.status).toBe(201)
    // The server's own dispatcher (polling every 5 s) delivers to the prescriber and the designated PNM.
    const received = await capture.waitFor(2, 30_000)
    expect(received.every((m) => m.text.includes('PROC-0001'))).toBe(true)
    expect(received[0]!.text).toContain(`/dossiers/${enrolment.body.id}`)
    expect(await server.stop('SIGTERM')).toBe(0)
    expect(server.output()).toContain('Arrêt terminé.')
  }, 90_000)
})
