/**
 * The access rules through HTTP: designations (C4.2, C5.2, C5.4), dispensing grants (C9), transfers (C10)
 * and treatment-access requests (C5.2, C3.3), with the 403 problems that say why in French.
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
  templateVariant,
  testClient,
  type World,
} from './harness.ts'

const VALID_FAT = { sexe: 'M', poids_kg: 72.5, ucd: '9000001' }
const today = () => new Date().toISOString().slice(0, 10)

describe.each(BACKENDS)('access rules over HTTP on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>
  let pharmacistA: Actor
  let pharmacistB: Actor
  let pnm2A: Actor
  let prescriberPlainA: Actor
  let monitor: Actor
  let n = 0

  const user = async (role: MembershipRole, where: { establishmentId?: string; organisationId?: string }) => {
    const created = await createUser(t.deps, {
      email: `api-${++n}-${world.programme}@test.openput.fr`,
      displayName: `${role} ${n}`,
      memberships: [{ role, ...where }],
    })
    return (await findActor(t.deps.db, created.id))!
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
    pharmacistA = await user('pharmacist', { establishmentId: world.establishmentA })
    pharmacistB = await user('pharmacist', { establishmentId: world.establishmentB })
    pnm2A = await user('pnm', { establishmentId: world.establishmentA })
    prescriberPlainA = await user('prescriber', { establishmentId: world.establishmentA })
    monitor = await user('monitor', { organisationId: world.organisationId })
  }, 60_000)
  afterAll(() => t?.close())

  const call = async (actor: Actor | undefined, method: string, path: string, body?: unknown) => {
    const res = await client.request(actor, method, path, body)
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }

  const expectRefused = (
    res: { status: number; body: { code: string; params: { reasonCode: string }; detail: string } },
    reasonCode: string,
  ) => {
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('forbidden')
    expect(res.body.params.reasonCode).toBe(reasonCode)
    expect(res.body.detail).toMatch(/^Vos droits ne permettent pas cette action : /)
  }

  /** A patient of `establishmentId` with a FAT opened by `actor` (their treatment-access request). */
  const newRecord = async (actor = world.prescriberA, establishmentId = world.establishmentA) => {
    const patient = await call(actor, 'POST', '/api/patients', { establishmentId })
    const enrolment = await call(actor, 'POST', '/api/enrolments', {
      patientId: patient.body.id,
      programme: world.programme,
    })
    const fat = await call(actor, 'POST', '/api/fiches', {
      enrolmentId: enrolment.body.id,
      ficheId: 'fat',
      data: { sexe: 'M' },
    })
    expect(fat.status).toBe(201)
    return { patientId: patient.body.id as string, enrolmentId: enrolment.body.id as string, fat: fat.body }
  }

  it('C9.1: centre B has no access to centre A’s patient by default', async () => {
    const { patientId, fat } = await newRecord()
    expectRefused(await call(pharmacistB, 'GET', `/api/fiches/${fat.id}`), 'other-establishment')
    expectRefused(await call(world.prescriberB, 'GET', `/api/patients/${patientId}`), 'other-establishment')
    expectRefused(
      await call(pharmacistB, 'PUT', `/api/fiches/${fat.id}/draft`, {
        baseRevisionId: fat.head.id,
        data: {},
      }),
      'other-establishment',
    )
  })

  it('C9.2: centre A’s prescriber grants a pharmacist of B read-only access to one patient, revocably', async () => {
    const { enrolmentId, fat } = await newRecord()
    const other = await newRecord()
    const body = { enrolmentId, pharmacistId: pharmacistB.id, establishmentId: world.establishmentB }
    expectRefused(await call(world.pnmA, 'POST', '/api/dispensing-grants', body), 'medical-team-only')
    const grant = await call(world.prescriberA, 'POST', '/api/dispensing-grants', body)
    expect(grant.status).toBe(201)
    expect((await call(pharmacistB, 'GET', `/api/fiches/${fat.id}`)).status).toBe(200)
    expect((await call(pharmacistB, 'GET', `/api/fiches/${fat.id}/revisions`)).status).toBe(200)
    // one patient only, and never a write
    expectRefused(await call(pharmacistB, 'GET', `/api/fiches/${other.fat.id}`), 'other-establishment')
    expectRefused(
      await call(pharmacistB, 'PUT', `/api/fiches/${fat.id}/draft`, {
        baseRevisionId: fat.head.id,
        data: {},
      }),
      'dispensing-read-only',
    )
    const list = await call(world.prescriberA, 'GET', `/api/enrolments/${enrolmentId}/dispensing-grants`)
    expect(list.body).toEqual([expect.objectContaining({ id: grant.body.id, revokedAt: null })])
    const revoked = await call(
      world.prescriberA,
      'POST',
      `/api/dispensing-grants/${grant.body.id}/revoke`,
      {},
    )
    expect(revoked.body).toMatchObject({ revokedBy: world.prescriberA.id })
    expectRefused(await call(pharmacistB, 'GET', `/api/fiches/${fat.id}`), 'other-establishment')
    const again = await call(world.prescriberA, 'POST', `/api/dispensing-grants/${grant.body.id}/revoke`, {})
    expect(again.status).toBe(409)
    const audit = (await listAuditEvents(t.db, grant.body.id)).map((e) => e.action)
    expect(audit).toEqual(['dispensing-grant.create', 'dispensing-grant.revoke'])
  })

  it('C4.2, C5.4: a PNM enters data on express designation, recorded and audited; revoking it withdraws access', async () => {
    const { fat } = await newRecord()
    const draft = { baseRevisionId: fat.head.id, data: VALID_FAT }
    expectRefused(await call(pnm2A, 'PUT', `/api/fiches/${fat.id}/draft`, draft), 'not-designated')
    const designation = await call(pharmacistA, 'POST', '/api/designations', {
      establishmentId: world.establishmentA,
      programme: world.programme,
      designeeId: pnm2A.id,
      designeeRole: 'pnm',
    })
    expect(designation.status).toBe(201)
    expect(designation.body).toMatchObject({ designatedBy: pharmacistA.id, designatedByRole: 'pharmacist' })
    const saved = await call(pnm2A, 'PUT', `/api/fiches/${fat.id}/draft`, draft)
    expect(saved.status).toBe(200)
    // C5.4: a PNM enters the FAT but does not sign it; signing is refused to PNM (test/signatures.test.ts)
    const list = await call(
      world.prescriberA,
      'GET',
      `/api/designations?establishmentId=${world.establishmentA}&programme=${world.programme}`,
    )
    expect(list.body.map((d: { id: string }) => d.id)).toContain(designation.body.id)
    expect(
      (await call(pharmacistA, 'POST', `/api/designations/${designation.body.id}/revoke`, {})).status,
    ).toBe(200)
    expectRefused(await call(pnm2A, 'GET', `/api/fiches/${fat.id}`), 'not-designated')
    const audit = (await listAuditEvents(t.db, designation.body.id)).map((e) => e.action)
    expect(audit).toEqual(['designation.create', 'designation.revoke'])
  })

  it('C5.2: a prescriber designates another prescriber only after their own access request; C5.4: a pharmacist designates PNM only', async () => {
    const scope = { establishmentId: world.establishmentA, programme: world.programme }
    const other = await user('prescriber', { establishmentId: world.establishmentA })
    expectRefused(
      await call(prescriberPlainA, 'POST', '/api/designations', {
        ...scope,
        designeeId: other.id,
        designeeRole: 'prescriber',
      }),
      'no-access-request',
    )
    expectRefused(
      await call(pharmacistA, 'POST', '/api/designations', {
        ...scope,
        designeeId: other.id,
        designeeRole: 'prescriber',
      }),
      'pharmacist-designates-pnm',
    )
    expectRefused(
      await call(world.pnmA, 'POST', '/api/designations', {
        ...scope,
        designeeId: pnm2A.id,
        designeeRole: 'pnm',
      }),
      'pnm-cannot-designate',
    )
    const wrongRole = await call(world.prescriberA, 'POST', '/api/designations', {
      ...scope,
      designeeId: pnm2A.id,
      designeeRole: 'prescriber',
    })
    expect(wrongRole.status).toBe(422)
    const { fat } = await newRecord()
    expectRefused(await call(other, 'GET', `/api/fiches/${fat.id}`), 'no-access-request')
    const ok = await call(world.prescriberA, 'POST', '/api/designations', {
      ...scope,
      designeeId: other.id,
      designeeRole: 'prescriber',
    })
    expect(ok.status).toBe(201)
    expect((await call(other, 'GET', `/api/fiches/${fat.id}`)).status).toBe(200)
  })

  it('C5.2: opening a FAT is a treatment-access request, listed for the establishment and the lab', async () => {
    const { enrolmentId } = await newRecord(prescriberPlainA)
    const path = `/api/access-requests?establishmentId=${world.establishmentA}&programme=${world.programme}`
    const list = await call(monitor, 'GET', path)
    expect(list.status).toBe(200)
    expect(list.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ enrolmentId, requestedBy: prescriberPlainA.id, indicationId: null }),
      ]),
    )
    expectRefused(await call(world.prescriberB, 'GET', path), 'other-establishment')
  })

  it('C10.1, C10.2, C10.4: after a transfer B reads everything, enters from the transfer date, and cannot modify A’s revision', async () => {
    await newRecord(world.prescriberB, world.establishmentB)
    const { enrolmentId, fat } = await newRecord()
    const transfer = { enrolmentId, toEstablishmentId: world.establishmentB, effectiveDate: today() }
    expectRefused(await call(world.prescriberA, 'POST', '/api/transfers', transfer), 'programme-manager-only')
    const moved = await call(world.lab, 'POST', '/api/transfers', transfer)
    expect(moved.status).toBe(201)
    expect(moved.body).toMatchObject({
      fromEstablishmentId: world.establishmentA,
      toEstablishmentId: world.establishmentB,
    })
    expect((await call(world.prescriberB, 'GET', `/api/fiches/${fat.id}`)).status).toBe(200)
    expectRefused(
      await call(world.prescriberB, 'PUT', `/api/fiches/${fat.id}/draft`, {
        baseRevisionId: fat.head.id,
        data: VALID_FAT,
      }),
      'other-establishment-data',
    )
    const suivi = await call(world.prescriberB, 'POST', '/api/fiches', {
      enrolmentId,
      ficheId: 'suivi',
      data: {},
    })
    expect(suivi.status).toBe(201)
    expect(suivi.body.head.establishmentId).toBe(world.establishmentB)
    // A keeps reading (what it entered stays attributable, C10.4) but no longer enters
    expect((await call(world.prescriberA, 'GET', `/api/fiches/${suivi.body.id}`)).status).toBe(200)
    expectRefused(
      await call(world.prescriberA, 'PUT', `/api/fiches/${fat.id}/draft`, {
        baseRevisionId: fat.head.id,
        data: VALID_FAT,
      }),
      'transferred-away',
    )
    const audit = (await listAuditEvents(t.db, enrolmentId)).map((e) => e.action)
    expect(audit).toContain('transfer.create')
  })

  it('C10.3: a record can be transferred several times; custody follows the latest transfer', async () => {
    await newRecord(world.prescriberB, world.establishmentB)
    const { enrolmentId } = await newRecord()
    const to = (toEstablishmentId: string) =>
      call(world.lab, 'POST', '/api/transfers', { enrolmentId, toEstablishmentId, effectiveDate: today() })
    expect((await to(world.establishmentB)).status).toBe(201)
    expect((await to(world.establishmentA)).status).toBe(201)
    expect((await to(world.establishmentA)).status).toBe(422)
    const list = await call(monitor, 'GET', `/api/enrolments/${enrolmentId}/transfers`)
    expect(list.body.map((x: { toEstablishmentId: string }) => x.toEstablishmentId)).toEqual([
      world.establishmentB,
      world.establishmentA,
    ])
    const suivi = await call(world.prescriberA, 'POST', '/api/fiches', {
      enrolmentId,
      ficheId: 'suivi',
      data: {},
    })
    expect(suivi.status).toBe(201)
    expectRefused(
      await call(world.prescriberB, 'POST', '/api/fiches', { enrolmentId, ficheId: 'suivi', data: {} }),
      'transferred-away',
    )
  })

  it('C3.3: with distinct access per indication, a FAT names its indication and access follows it', async () => {
    const programme = `${world.programme}-c33`
    const yaml = templateVariant(programme).replace(
      / {2}indications:\n.*\n/,
      `  indications:
    - { id: adulte, label: "Adulte", access: distinct, accessDescription: "Accès propre à l'adulte" }
    - { id: enfant, label: "Enfant", access: distinct, accessDescription: "Accès propre à l'enfant" }\n`,
    )
    expect((await call(world.lab, 'POST', '/api/template-versions', { yaml })).status).toBe(201)
    const enrol = async (actor: Actor) => {
      const patient = await call(actor, 'POST', '/api/patients', { establishmentId: world.establishmentA })
      return (await call(actor, 'POST', '/api/enrolments', { patientId: patient.body.id, programme })).body.id
    }
    const e1 = await enrol(world.prescriberA)
    const missing = await call(world.prescriberA, 'POST', '/api/fiches', {
      enrolmentId: e1,
      ficheId: 'fat',
      data: {},
    })
    expect(missing.status).toBe(422)
    expect(missing.body.code).toBe('indication-required')
    const adult = await call(world.prescriberA, 'POST', '/api/fiches', {
      enrolmentId: e1,
      ficheId: 'fat',
      indicationId: 'adulte',
      data: {},
    })
    expect(adult.status).toBe(201)
    const e2 = await enrol(prescriberPlainA)
    const child = await call(prescriberPlainA, 'POST', '/api/fiches', {
      enrolmentId: e2,
      ficheId: 'fat',
      indicationId: 'enfant',
      data: {},
    })
    expect(child.status).toBe(201)
    // each prescriber sees the patients of the indication they requested access for, not the other's
    expectRefused(await call(world.prescriberA, 'GET', `/api/fiches/${child.body.id}`), 'no-access-request')
    expectRefused(await call(prescriberPlainA, 'GET', `/api/fiches/${adult.body.id}`), 'no-access-request')
    expect((await call(pharmacistA, 'GET', `/api/fiches/${child.body.id}`)).status).toBe(200)
  })
})
