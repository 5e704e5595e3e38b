/**
 * Data-clarification queries over HTTP (C5.2–C5.4: write rights include answering queries): the lab's
 * data manager raises, closes and reopens; the establishment's users who enter the fiche answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MembershipRole } from '../src/db/database.ts'
import { listAuditEvents } from '../src/db/queries/audit.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  type TestDatabase,
  testClient,
  type World,
} from './harness.ts'

describe.each(BACKENDS)('queries on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>
  let monitor: Actor
  let dataManager: Actor
  let n = 0

  const user = async (role: MembershipRole, where: { establishmentId?: string; organisationId?: string }) => {
    const created = await createUser(t.deps, {
      email: `query-${++n}-${world.programme}@test.openput.fr`,
      displayName: `${role} ${n}`,
      memberships: [{ role, ...where }],
    })
    return (await findActor(t.deps.db, created.id))!
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
    monitor = await user('monitor', { organisationId: world.organisationId })
    dataManager = await user('data-manager', { organisationId: world.organisationId })
  }, 60_000)
  afterAll(() => t?.close())

  const call = async (actor: Actor | undefined, method: string, path: string, body?: unknown) => {
    const res = await client.request(actor, method, path, body)
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }

  /** A FAT of establishment A's patient, opened by prescriber A, and a query raised on its weight. */
  const fatWithQuery = async () => {
    const patient = await call(world.prescriberA, 'POST', '/api/patients', {
      establishmentId: world.establishmentA,
    })
    const enrolment = await call(world.prescriberA, 'POST', '/api/enrolments', {
      patientId: patient.body.id,
      programme: world.programme,
    })
    const fat = await call(world.prescriberA, 'POST', '/api/fiches', {
      enrolmentId: enrolment.body.id,
      ficheId: 'fat',
      data: { sexe: 'M', poids_kg: 7.25 },
    })
    const query = await call(dataManager, 'POST', `/api/fiches/${fat.body.id}/queries`, {
      itemPath: '/poids_kg',
      text: 'Le poids de 7,25 kg semble erroné pour un adulte : merci de vérifier.',
    })
    expect(query.status).toBe(201)
    return { fat: fat.body, query: query.body }
  }

  it('raise → answer → close → reopen, with the whole history kept and audited', async () => {
    const { fat, query } = await fatWithQuery()
    expect(query).toMatchObject({ status: 'open', itemPath: '/poids_kg', revisionId: fat.head.id })
    const answered = await call(world.prescriberA, 'POST', `/api/queries/${query.id}/answers`, {
      text: 'Erreur de saisie : 72,5 kg.',
    })
    expect([answered.status, answered.body.status]).toEqual([200, 'answered'])
    const closed = await call(dataManager, 'POST', `/api/queries/${query.id}/close`, {})
    expect(closed.body.status).toBe('closed')
    const late = await call(world.prescriberA, 'POST', `/api/queries/${query.id}/answers`, {
      text: 'Encore.',
    })
    expect([late.status, late.body.code]).toEqual([409, 'invalid-query-transition'])
    const reopened = await call(dataManager, 'POST', `/api/queries/${query.id}/reopen`, {
      text: 'La fiche n’a pas été corrigée.',
    })
    expect(reopened.body.status).toBe('open')
    const list = await call(world.prescriberA, 'GET', `/api/fiches/${fat.id}/queries`)
    expect(list.body).toHaveLength(1)
    expect(
      list.body[0].messages.map((m: { kind: string; authorId: string }) => [m.kind, m.authorId]),
    ).toEqual([
      ['raise', dataManager.id],
      ['answer', world.prescriberA.id],
      ['close', dataManager.id],
      ['reopen', dataManager.id],
    ])
    const audit = (await listAuditEvents(t.db, query.id)).map((e) => e.action)
    expect(audit).toEqual(['query.raise', 'query.answer', 'query.close', 'query.reopen'])
    const inbox = await call(world.prescriberA, 'GET', '/api/queries?status=open')
    expect(inbox.body.map((q: { id: string }) => q.id)).toContain(query.id)
    const answeredInbox = await call(world.prescriberA, 'GET', '/api/queries?status=answered')
    expect(answeredInbox.body.map((q: { id: string }) => q.id)).not.toContain(query.id)
  })

  it('C5.4: a designated PNM answers a query', async () => {
    const { query } = await fatWithQuery()
    const res = await call(world.pnmA, 'POST', `/api/queries/${query.id}/answers`, { text: 'Corrigé.' })
    expect([res.status, res.body.status]).toEqual([200, 'answered'])
    expect(res.body.messages.at(-1)).toMatchObject({
      kind: 'answer',
      authorId: world.pnmA.id,
      text: 'Corrigé.',
    })
  })

  it('a monitor reads queries but cannot answer, raise or close them', async () => {
    const { fat, query } = await fatWithQuery()
    expect((await call(monitor, 'GET', `/api/fiches/${fat.id}/queries`)).status).toBe(200)
    const answer = await call(monitor, 'POST', `/api/queries/${query.id}/answers`, { text: 'Non.' })
    expect([answer.status, answer.body.params.reasonCode]).toEqual([403, 'role-not-allowed'])
    const raise = await call(monitor, 'POST', `/api/fiches/${fat.id}/queries`, {
      itemPath: '/sexe',
      text: 'Sexe ?',
    })
    expect([raise.status, raise.body.params.reasonCode]).toEqual([403, 'read-only-role'])
    const close = await call(monitor, 'POST', `/api/queries/${query.id}/close`, {})
    expect([close.status, close.body.params.reasonCode]).toEqual([403, 'read-only-role'])
    // and hospital users answer, they do not raise
    const byPrescriber = await call(world.prescriberA, 'POST', `/api/fiches/${fat.id}/queries`, {
      itemPath: '/sexe',
      text: 'Sexe ?',
    })
    expect([byPrescriber.status, byPrescriber.body.params.reasonCode]).toEqual([403, 'role-not-allowed'])
  })

  it('centre B without access gets 403 and sees none of centre A’s queries', async () => {
    const { fat, query } = await fatWithQuery()
    const read = await call(world.prescriberB, 'GET', `/api/fiches/${fat.id}/queries`)
    expect([read.status, read.body.params.reasonCode]).toEqual([403, 'other-establishment'])
    const answer = await call(world.prescriberB, 'POST', `/api/queries/${query.id}/answers`, { text: 'B.' })
    expect([answer.status, answer.body.params.reasonCode]).toEqual([403, 'other-establishment'])
    const inbox = await call(world.prescriberB, 'GET', '/api/queries?status=open')
    expect(inbox.body.map((q: { id: string }) => q.id)).not.toContain(query.id)
  })

  it('a query on an unknown item or a malformed path is refused', async () => {
    const { fat } = await fatWithQuery()
    const unknown = await call(dataManager, 'POST', `/api/fiches/${fat.id}/queries`, {
      itemPath: '/date_visite',
      text: 'Ce champ est sur la fiche de suivi, pas sur la FAT.',
    })
    expect([unknown.status, unknown.body.code]).toEqual([422, 'unknown-item'])
    const malformed = await call(dataManager, 'POST', `/api/fiches/${fat.id}/queries`, {
      itemPath: 'poids_kg',
      text: 'Sans barre oblique.',
    })
    expect(malformed.status).toBe(400)
    const nested = await call(dataManager, 'POST', `/api/fiches/${fat.id}/queries`, {
      itemPath: '/traitements_anterieurs/0/traitement_nom',
      text: 'Quel traitement ?',
    })
    expect(nested.status).toBe(201)
  })
})
