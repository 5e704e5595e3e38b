/**
 * Every route of the OpenAPI document declares the access-rule action it enforces (`x-permission`), answers
 * 401 without a session, and 403 (with the reason) to a role that may not use it. A new route fails here
 * until it has its permission and a request below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MembershipRole } from '../src/db/database.ts'
import { findProgrammeBySlug } from '../src/db/queries/programmes.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  type TestDatabase,
  templateVariant,
  testClient,
  type World,
} from './harness.ts'

interface Fixtures {
  world: World
  patientId: string
  enrolmentId: string
  ficheId: string
  revisionId: string
  designationId: string
  grantId: string
  queryId: string
  draftId: string
  /** Lifecycle routes (issue 7): the programme's id and a registration number of one of its records. */
  programmeId: string
  registrationNumber: string
}

/** A well-formed request per operation: refusals must come from the access rules, not from validation. */
const REQUESTS: Record<string, (f: Fixtures) => { path: string; body?: unknown }> = {
  // lifecycle (C8, C11, C12, P4)
  'post /api/programmes/{id}/status-changes': (f) => ({
    path: `/api/programmes/${f.programmeId}/status-changes`,
    body: { framework: 'aap-post-amm' },
  }),
  'get /api/programmes/{id}/status-history': (f) => ({
    path: `/api/programmes/${f.programmeId}/status-history`,
  }),
  'post /api/programmes/{id}/freezes': (f) => ({
    path: `/api/programmes/${f.programmeId}/freezes`,
    body: { freezeOn: '2099-01-01' },
  }),
  'get /api/programmes/{id}/freezes': (f) => ({ path: `/api/programmes/${f.programmeId}/freezes` }),
  'get /api/order-check/{registrationNumber}': (f) => ({ path: `/api/order-check/${f.registrationNumber}` }),
  'get /api/programmes/{id}/closure-report.csv': (f) => ({
    path: `/api/programmes/${f.programmeId}/closure-report.csv`,
  }),
  'get /api/programmes/{id}/closure-report.pdf': (f) => ({
    path: `/api/programmes/${f.programmeId}/closure-report.pdf`,
  }),
  'get /api/enrolments/{id}/prefill': (f) => ({ path: `/api/enrolments/${f.enrolmentId}/prefill` }),
  'post /api/enrolments/{id}/prefilled-fiches': (f) => ({
    path: `/api/enrolments/${f.enrolmentId}/prefilled-fiches`,
    body: {},
  }),
  'get /api/fiches/{id}/prefill': (f) => ({ path: `/api/fiches/${f.ficheId}/prefill` }),
  'post /api/fiches/{id}/prefill/confirmations': (f) => ({
    path: `/api/fiches/${f.ficheId}/prefill/confirmations`,
    body: { items: ['sexe'] },
  }),
  'get /api/enrolments/{id}/access-term': (f) => ({ path: `/api/enrolments/${f.enrolmentId}/access-term` }),
  'post /api/enrolments/{id}/access-renewals': (f) => ({
    path: `/api/enrolments/${f.enrolmentId}/access-renewals`,
    body: { decisionDate: '2026-01-10' },
  }),
  'get /api/session': () => ({ path: '/api/session' }),
  'post /api/template-versions': () => ({ path: '/api/template-versions', body: { yaml: 'openput: 1' } }),
  'get /api/template-versions': () => ({ path: '/api/template-versions' }),
  'get /api/programmes': () => ({ path: '/api/programmes' }),
  'get /api/template-versions/{id}': (f) => ({ path: `/api/template-versions/${f.world.templateVersionId}` }),
  'get /api/template-versions/{id}/fiches/{ficheId}': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/fiches/fat`,
  }),
  'post /api/patients': (f) => ({ path: '/api/patients', body: { establishmentId: f.world.establishmentA } }),
  'get /api/patients/{id}': (f) => ({ path: `/api/patients/${f.patientId}` }),
  'post /api/enrolments': (f) => ({
    path: '/api/enrolments',
    body: { patientId: f.patientId, programme: `${f.world.programme}` },
  }),
  'post /api/enrolments/{id}/registration-number': (f) => ({
    path: `/api/enrolments/${f.enrolmentId}/registration-number`,
    body: { registrationNumber: `PERM-${f.world.programme}` },
  }),
  'post /api/fiches': (f) => ({
    path: '/api/fiches',
    body: { enrolmentId: f.enrolmentId, ficheId: 'suivi' },
  }),
  'get /api/fiches/{id}': (f) => ({ path: `/api/fiches/${f.ficheId}` }),
  'put /api/fiches/{id}/draft': (f) => ({
    path: `/api/fiches/${f.ficheId}/draft`,
    body: { baseRevisionId: f.revisionId, data: {} },
  }),
  'post /api/fiches/{id}/submit': (f) => ({
    path: `/api/fiches/${f.ficheId}/submit`,
    body: { baseRevisionId: f.revisionId },
  }),
  'get /api/fiches/{id}/revisions': (f) => ({ path: `/api/fiches/${f.ficheId}/revisions` }),
  'get /api/fiches/{id}/diff': (f) => ({
    path: `/api/fiches/${f.ficheId}/diff?from=${f.revisionId}&to=${f.revisionId}`,
  }),
  'post /api/designations': (f) => ({
    path: '/api/designations',
    body: {
      establishmentId: f.world.establishmentA,
      programme: f.world.programme,
      designeeId: f.world.pnmA.id,
      designeeRole: 'pnm',
    },
  }),
  'get /api/designations': (f) => ({
    path: `/api/designations?establishmentId=${f.world.establishmentA}&programme=${f.world.programme}`,
  }),
  'post /api/designations/{id}/revoke': (f) => ({
    path: `/api/designations/${f.designationId}/revoke`,
    body: {},
  }),
  'post /api/dispensing-grants': (f) => ({
    path: '/api/dispensing-grants',
    body: {
      enrolmentId: f.enrolmentId,
      pharmacistId: f.world.prescriberB.id,
      establishmentId: f.world.establishmentB,
    },
  }),
  'post /api/dispensing-grants/{id}/revoke': (f) => ({
    path: `/api/dispensing-grants/${f.grantId}/revoke`,
    body: {},
  }),
  'get /api/enrolments/{id}/dispensing-grants': (f) => ({
    path: `/api/enrolments/${f.enrolmentId}/dispensing-grants`,
  }),
  'post /api/transfers': (f) => ({
    path: '/api/transfers',
    body: {
      enrolmentId: f.enrolmentId,
      toEstablishmentId: f.world.establishmentB,
      effectiveDate: '2030-01-01',
    },
  }),
  'get /api/enrolments/{id}/transfers': (f) => ({ path: `/api/enrolments/${f.enrolmentId}/transfers` }),
  'post /api/fiches/{id}/signatures': (f) => ({
    path: `/api/fiches/${f.ficheId}/signatures`,
    body: { revisionId: f.revisionId, role: 'prescriber' },
  }),
  'get /api/fiches/{id}/signatures': (f) => ({ path: `/api/fiches/${f.ficheId}/signatures` }),
  'get /api/fiches/{id}/print.pdf': (f) => ({ path: `/api/fiches/${f.ficheId}/print.pdf` }),
  'get /api/template-versions/{id}/documents': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/documents`,
  }),
  'get /api/template-versions/{id}/print.pdf': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/print.pdf`,
  }),
  'post /api/fiches/{id}/queries': (f) => ({
    path: `/api/fiches/${f.ficheId}/queries`,
    body: { itemPath: '/sexe', text: 'Merci de vérifier le sexe.' },
  }),
  'get /api/fiches/{id}/queries': (f) => ({ path: `/api/fiches/${f.ficheId}/queries` }),
  'post /api/queries/{id}/answers': (f) => ({
    path: `/api/queries/${f.queryId}/answers`,
    body: { text: 'Vérifié.' },
  }),
  'post /api/queries/{id}/close': (f) => ({ path: `/api/queries/${f.queryId}/close`, body: {} }),
  'post /api/queries/{id}/reopen': (f) => ({ path: `/api/queries/${f.queryId}/reopen`, body: {} }),
  'get /api/queries': () => ({ path: '/api/queries?status=open' }),
  'get /api/patients': (f) => ({
    path: `/api/patients?programme=${f.world.programme}&establishment=${f.world.establishmentA}`,
  }),
  'get /api/enrolments/{id}/timeline': (f) => ({ path: `/api/enrolments/${f.enrolmentId}/timeline` }),
  'get /api/dashboard': (f) => ({ path: `/api/dashboard?programme=${f.world.programme}` }),
  'get /api/programmes/{programme}/reminder-settings': (f) => ({
    path: `/api/programmes/${f.world.programme}/reminder-settings`,
  }),
  'put /api/programmes/{programme}/reminder-settings': (f) => ({
    path: `/api/programmes/${f.world.programme}/reminder-settings`,
    body: { enabled: true, cadence: 'weekly', dayOfWeek: 1 },
  }),
  'get /api/designer/programmes': () => ({ path: '/api/designer/programmes' }),
  'post /api/designer/drafts': (f) => ({
    path: '/api/designer/drafts',
    body: { yaml: templateVariant(`perm-${f.world.programme}`) },
  }),
  'get /api/designer/drafts/{id}': (f) => ({ path: `/api/designer/drafts/${f.draftId}` }),
  'put /api/designer/drafts/{id}': (f) => ({
    path: `/api/designer/drafts/${f.draftId}`,
    body: { yaml: templateVariant(f.world.programme, '9.0'), revision: 1 },
  }),
  'post /api/designer/drafts/{id}/import': (f) => ({
    path: `/api/designer/drafts/${f.draftId}/import`,
    body: { yaml: templateVariant(f.world.programme, '9.0'), revision: 1 },
  }),
  'get /api/designer/drafts/{id}/yaml': (f) => ({ path: `/api/designer/drafts/${f.draftId}/yaml` }),
  'post /api/designer/drafts/{id}/submit': (f) => ({
    path: `/api/designer/drafts/${f.draftId}/submit`,
    body: { revision: 1 },
  }),
  'get /api/designer/drafts/{id}/review': (f) => ({ path: `/api/designer/drafts/${f.draftId}/review` }),
  'post /api/designer/drafts/{id}/reviews': (f) => ({
    path: `/api/designer/drafts/${f.draftId}/reviews`,
    body: { revision: 1, decision: 'approved', comment: 'Relu.' },
  }),
  'post /api/designer/drafts/{id}/publish': (f) => ({
    path: `/api/designer/drafts/${f.draftId}/publish`,
    body: { revision: 1 },
  }),
  'post /api/template-versions/{id}/migrations/dry-run': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/migrations/dry-run`,
    body: { fromVersionId: f.world.templateVersionId },
  }),
  'post /api/template-versions/{id}/migrations': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/migrations`,
    body: { fromVersionId: f.world.templateVersionId },
  }),
  'get /api/template-versions/{id}/exports': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/exports`,
  }),
  'get /api/template-versions/{id}/exports/csv/{table}': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/exports/csv/fat?from=2026-01-01&to=2026-12-31`,
  }),
  'get /api/template-versions/{id}/exports/dictionary.csv': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/exports/dictionary.csv?from=2026-01-01&to=2026-12-31`,
  }),
  'get /api/template-versions/{id}/exports/odm.xml': (f) => ({
    path: `/api/template-versions/${f.world.templateVersionId}/exports/odm.xml?from=2026-01-01&to=2026-12-31`,
  }),
  'get /api/access-requests': (f) => ({
    path: `/api/access-requests?establishmentId=${f.world.establishmentA}&programme=${f.world.programme}`,
  }),
}

/** Per permission, a role that does not have it (and the reason the rules give). */
const REFUSED: Record<
  string,
  { role: MembershipRole | 'pnm-a' | 'prescriber-a' | 'prescriber-b'; reason: string }
> = {
  'publish-template': { role: 'data-manager', reason: 'programme-manager-only' },
  // C8.2, C8.3, C12.1: the tool manager's; C11: a pharmacist's (or the lab's)
  'manage-lifecycle': { role: 'data-manager', reason: 'programme-manager-only' },
  'check-order': { role: 'prescriber-a', reason: 'pharmacist-only' },
  'read-closure-report': { role: 'template-author', reason: 'no-patient-data' },
  'register-patient': { role: 'monitor', reason: 'role-not-allowed' },
  read: { role: 'template-author', reason: 'no-patient-data' },
  enter: { role: 'monitor', reason: 'read-only-role' },
  designate: { role: 'pnm-a', reason: 'pnm-cannot-designate' },
  'view-access': { role: 'prescriber-b', reason: 'other-establishment' },
  'grant-dispensing': { role: 'pnm-a', reason: 'medical-team-only' },
  transfer: { role: 'prescriber-a', reason: 'programme-manager-only' },
  // C5.4, C5.5: a PNM enters the FAT but never signs it
  sign: { role: 'pnm-a', reason: 'cannot-sign' },
  'manage-queries': { role: 'monitor', reason: 'read-only-role' },
  'answer-query': { role: 'monitor', reason: 'role-not-allowed' },
  'configure-reminders': { role: 'data-manager', reason: 'programme-manager-only' },
  // P2: the designer's drafts are the lab's template team's
  'view-template-drafts': { role: 'prescriber-a', reason: 'template-team-only' },
  'author-template': { role: 'monitor', reason: 'template-authors-only' },
  'review-template': { role: 'template-author', reason: 'reviewers-only' },
  // P2, P3: moving fiches between versions and exporting are the lab's data management
  'migrate-fiches': { role: 'monitor', reason: 'data-management-only' },
  'export-data': { role: 'monitor', reason: 'data-management-only' },
}

describe.each(BACKENDS)('route permissions on %s', (backend) => {
  let t: TestDatabase
  let f: Fixtures
  let client: ReturnType<typeof testClient>
  let operations: { key: string; method: string; permission: string | undefined }[]
  const labUsers = new Map<string, Actor>()

  const call = async (actor: Actor | undefined, method: string, key: string) => {
    const request = REQUESTS[key]!(f)
    const res = await client.request(actor, method.toUpperCase(), request.path, request.body)
    const text = await res.text()
    const isJson = res.headers.get('content-type')?.includes('json')
    return { status: res.status, body: text && isJson ? JSON.parse(text) : undefined }
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    const world = await buildWorld(t.deps)
    client = testClient(t.deps)
    const json = async (actor: Actor, method: string, path: string, body?: unknown) =>
      (await (await client.request(actor, method, path, body)).json()) as { id: string; head: { id: string } }
    const patient = await json(world.prescriberA, 'POST', '/api/patients', {
      establishmentId: world.establishmentA,
    })
    const enrolment = await json(world.prescriberA, 'POST', '/api/enrolments', {
      patientId: patient.id,
      programme: world.programme,
    })
    const fiche = await json(world.prescriberA, 'POST', '/api/fiches', {
      enrolmentId: enrolment.id,
      ficheId: 'fat',
    })
    const pharmacistB = await createUser(t.deps, {
      email: `perm-pharmacist-${world.programme}@test.openput.fr`,
      displayName: 'pharmacien B',
      memberships: [{ role: 'pharmacist', establishmentId: world.establishmentB }],
    })
    const grant = await json(world.prescriberA, 'POST', '/api/dispensing-grants', {
      enrolmentId: enrolment.id,
      pharmacistId: pharmacistB.id,
      establishmentId: world.establishmentB,
    })
    const designations = (await (
      await client.request(
        world.prescriberA,
        'GET',
        `/api/designations?establishmentId=${world.establishmentA}&programme=${world.programme}`,
      )
    ).json()) as { id: string }[]
    const query = await json(world.lab, 'POST', `/api/fiches/${fiche.id}/queries`, {
      itemPath: '/sexe',
      text: 'Merci de vérifier le sexe.',
    })
    const draft = await json(world.lab, 'POST', '/api/designer/drafts', {
      yaml: templateVariant(world.programme, '9.0'),
    })
    f = {
      draftId: draft.id,
      queryId: query.id,
      world,
      patientId: patient.id,
      enrolmentId: enrolment.id,
      ficheId: fiche.id,
      revisionId: fiche.head.id,
      designationId: designations[0]!.id,
      grantId: grant.id,
      programmeId: (await findProgrammeBySlug(t.db, world.programme))!.id,
      registrationNumber: `PERM-ORDER-${backend}`,
    }
    const numbered = await createPatient(t.deps, {
      actor: world.prescriberA,
      establishmentId: world.establishmentA,
    })
    await enrolPatient(t.deps, {
      actor: world.prescriberA,
      patientId: numbered.id,
      programme: world.programme,
      registrationNumber: f.registrationNumber,
    })
    const labRoles = ['data-manager', 'monitor', 'template-author'] as const
    const created = await Promise.all(
      labRoles.map((role) =>
        createUser(t.deps, {
          email: `perm-${role}-${world.programme}@test.openput.fr`,
          displayName: role,
          memberships: [{ role, organisationId: world.organisationId }],
        }),
      ),
    )
    const actors = await Promise.all(created.map((u) => findActor(t.deps.db, u.id)))
    for (const [i, role] of labRoles.entries()) labUsers.set(role, actors[i]!)
    labUsers.set('pnm-a', world.pnmA)
    labUsers.set('prescriber-a', world.prescriberA)
    labUsers.set('prescriber-b', world.prescriberB)
    const doc = (await (await client.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { 'x-permission'?: string }>>
    }
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        key: `${method} ${path}`,
        method,
        permission: op['x-permission'],
      })),
    )
  }, 60_000)
  afterAll(() => t?.close())

  it('every route of the API declares its permission and has a request in this test', () => {
    expect(operations.length).toBeGreaterThan(20)
    const undeclared = operations.filter(
      (o) => !o.permission || (o.permission !== 'authenticated' && !REFUSED[o.permission]),
    )
    expect(undeclared.map((o) => o.key)).toEqual([])
    expect(operations.map((o) => o.key).filter((k) => !REQUESTS[k])).toEqual([])
  })

  it('every route answers 401 without a session', async () => {
    const statuses = await Promise.all(
      operations.map(async (o) => [o.key, (await call(undefined, o.method, o.key)).status] as const),
    )
    expect(statuses.filter(([, s]) => s !== 401)).toEqual([])
  })

  it('every route answers 403, with the reason, to a role that may not use it', async () => {
    const results = await Promise.all(
      operations
        .filter((o) => o.permission !== 'authenticated')
        .map(async (o) => {
          const refused = REFUSED[o.permission!]!
          const res = await call(labUsers.get(refused.role), o.method, o.key)
          return { key: o.key, status: res.status, reason: res.body?.params?.reasonCode }
        }),
    )
    const wrong = results.filter((r) => r.status !== 403 || r.reason !== REFUSED[permissionOf(r.key)]!.reason)
    expect(wrong).toEqual([])
  })

  it('routes open to every signed-in user answer a user without any role', async () => {
    const outsider = f.world.outsider
    const open = operations.filter((o) => o.permission === 'authenticated')
    const statuses = await Promise.all(open.map(async (o) => (await call(outsider, o.method, o.key)).status))
    expect(statuses.every((s) => s === 200)).toBe(true)
  })

  const permissionOf = (key: string) => operations.find((o) => o.key === key)!.permission!
})
