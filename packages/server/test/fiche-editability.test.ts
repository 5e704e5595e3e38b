/**
 * The fiche read tells the editor whether the reader may enter data (the same rule a save is checked
 * against), and why not: the runtime shows the fiche read-only instead of failing at the first save.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

describe.each(BACKENDS)('fiche editability on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>
  let pharmacistB: Actor

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
    const created = await createUser(t.deps, {
      email: `editability-pharmacist-b-${world.programme}@test.openput.fr`,
      displayName: 'Pharmacien B',
      memberships: [{ role: 'pharmacist', establishmentId: world.establishmentB }],
    })
    pharmacistB = (await findActor(t.deps.db, created.id))!
  }, 60_000)
  afterAll(() => t?.close())

  const call = async (actor: Actor, method: string, path: string, body?: unknown) => {
    const res = await client.request(actor, method, path, body)
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }

  it('the author of a fiche may enter data on it; a read-only dispensing pharmacist may not, and is told why', async () => {
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
      data: {},
    })
    expect(fat.status).toBe(201)

    const own = await call(world.prescriberA, 'GET', `/api/fiches/${fat.body.id}`)
    expect(own.body).toMatchObject({ editable: true, readOnlyReason: null })

    const grant = await call(world.prescriberA, 'POST', '/api/dispensing-grants', {
      enrolmentId: enrolment.body.id,
      pharmacistId: pharmacistB.id,
      establishmentId: world.establishmentB,
    })
    expect(grant.status).toBe(201)
    const granted = await call(pharmacistB, 'GET', `/api/fiches/${fat.body.id}`)
    expect(granted.status).toBe(200)
    expect(granted.body.editable).toBe(false)
    expect(granted.body.readOnlyReason).toEqual(expect.any(String))
    expect(granted.body.readOnlyReason.length).toBeGreaterThan(10)
    // The read says what a save would meet.
    const save = await call(pharmacistB, 'PUT', `/api/fiches/${fat.body.id}/draft`, {
      baseRevisionId: fat.body.head.id,
      data: {},
    })
    expect(save.status).toBe(403)
    expect(save.body.params.reason).toBe(granted.body.readOnlyReason)
  })
})
