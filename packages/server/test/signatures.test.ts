/**
 * E-signature of fiches over HTTP (C5.5, C5.6, C2.2): who signs, with a recent authentication, which
 * revision, and how a later change voids the signatures visibly.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MembershipRole } from '../src/db/database.ts'
import { listAuditEvents } from '../src/db/queries/audit.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { recordStepUp } from '../src/domain/auth/sessions.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
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

const VALID_FAT = { sexe: 'M', poids_kg: 72.5, ucd: '9000001' }
const VALID_SUIVI = { date_visite: '2026-02-01', poursuite: true }

/** The oracle for the signed hash, written from its definition: sha256 of the data with sorted keys. */
const sortedJson = (value: unknown): string =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${sortedJson((value as Record<string, unknown>)[k])}`)
        .join(',')}}`
    : JSON.stringify(value)
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe.each(BACKENDS)('fiche signatures on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>
  let pharmacistA: Actor
  let n = 0

  const user = async (role: MembershipRole, where: { establishmentId?: string; organisationId?: string }) => {
    const created = await createUser(t.deps, {
      email: `sig-${++n}-${world.programme}@test.openput.fr`,
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
  }, 60_000)
  afterAll(() => t?.close())

  const call = async (actor: Actor | undefined, method: string, path: string, body?: unknown) => {
    const res = await client.request(actor, method, path, body)
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }

  /** A patient's fiche opened by `actor`, submitted unless `draft`; returns the fiche as submitted. */
  const newFiche = async (
    options: { actor?: Actor; programme?: string; ficheId?: string; data?: object; draft?: boolean } = {},
  ) => {
    const actor = options.actor ?? world.prescriberA
    const patient = await call(actor, 'POST', '/api/patients', { establishmentId: world.establishmentA })
    const enrolment = await call(actor, 'POST', '/api/enrolments', {
      patientId: patient.body.id,
      programme: options.programme ?? world.programme,
    })
    const fiche = await call(actor, 'POST', '/api/fiches', {
      enrolmentId: enrolment.body.id,
      ficheId: options.ficheId ?? 'fat',
      data: options.data ?? VALID_FAT,
    })
    expect(fiche.status).toBe(201)
    if (options.draft) return fiche.body
    const submitted = await call(actor, 'POST', `/api/fiches/${fiche.body.id}/submit`, {
      baseRevisionId: fiche.body.head.id,
    })
    expect(submitted.status).toBe(200)
    return submitted.body
  }

  const sign = (actor: Actor, fiche: { id: string; head: { id: string } }, role: string, extra = {}) =>
    call(actor, 'POST', `/api/fiches/${fiche.id}/signatures`, { revisionId: fiche.head.id, role, ...extra })

  it('C5.5: the prescriber and the pharmacist sign the FAT; it is signed only with both', async () => {
    const fat = await newFiche()
    expect((await call(world.prescriberA, 'GET', `/api/fiches/${fat.id}`)).body.signatureState).toBe(
      'unsigned',
    )
    const first = await sign(world.prescriberA, fat, 'prescriber')
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ role: 'prescriber', method: 'electronic', status: 'valid' })
    const half = await call(world.prescriberA, 'GET', `/api/fiches/${fat.id}`)
    expect(half.body.signatureState).toBe('partially-signed')
    expect((await sign(pharmacistA, fat, 'pharmacist')).status).toBe(201)
    const both = await call(pharmacistA, 'GET', `/api/fiches/${fat.id}/signatures`)
    expect(both.body.signatureState).toBe('signed')
    expect(both.body.signatures.map((s: { role: string }) => s.role)).toEqual(['prescriber', 'pharmacist'])
    // one signature per role on a revision; a prescriber cannot sign in the pharmacist's name
    expect((await sign(world.prescriberA, fat, 'prescriber')).status).toBe(409)
    const asOther = await sign(world.prescriberA, fat, 'pharmacist')
    expect([asOther.status, asOther.body.params.reasonCode]).toEqual([403, 'role-not-allowed'])
    const audit = (await listAuditEvents(t.db, fat.id)).map((e) => e.action)
    expect(audit.filter((a) => a === 'signature.sign')).toHaveLength(2)
  })

  it('C5.5: a PNM cannot sign the FAT', async () => {
    const fat = await newFiche()
    for (const role of ['prescriber', 'pharmacist']) {
      // biome-ignore lint/performance/noAwaitInLoops: two requests, in order
      const res = await sign(world.pnmA, fat, role)
      expect([res.status, res.body.params.reasonCode]).toEqual([403, 'cannot-sign'])
    }
    const outsider = await sign(world.prescriberB, fat, 'prescriber')
    expect([outsider.status, outsider.body.params.reasonCode]).toEqual([403, 'other-establishment'])
  })

  it('C5.6: a follow-up fiche is never required to be signed; a non-FAT signature needs the template to offer it', async () => {
    const suivi = await newFiche({ actor: pharmacistA, ficheId: 'suivi', data: VALID_SUIVI })
    const read = await call(pharmacistA, 'GET', `/api/fiches/${suivi.id}`)
    expect(read.body).toMatchObject({ signatureState: 'not-required', requiredSigners: [], signatures: [] })
    const refused = await sign(pharmacistA, suivi, 'pharmacist')
    expect([refused.status, refused.body.params.reasonCode]).toEqual([403, 'cannot-sign'])
    // A template that opens signing to the pharmacist without offering the signature, then one that offers it.
    const publish = async (slug: string, lines: string) => {
      const yaml = templateVariant(slug).replace(
        /(- \{ id: visite, title: Visite, elements: .*\n)/,
        `$1${lines}`,
      )
      expect(yaml).toContain(lines)
      await publishTemplate(t.deps, { actor: world.lab, yaml })
    }
    const notOffered = `${world.programme}-ns`
    const offered = `${world.programme}-os`
    await publish(notOffered, '    access: { pharmacist: entry-sign }\n')
    await publish(
      offered,
      '    access: { pharmacist: entry-sign }\n    signatures: { optional: [pharmacist] }\n',
    )
    const plain = await newFiche({
      actor: pharmacistA,
      programme: notOffered,
      ficheId: 'suivi',
      data: VALID_SUIVI,
    })
    const noOffer = await sign(pharmacistA, plain, 'pharmacist')
    expect([noOffer.status, noOffer.body.params.reasonCode]).toEqual([403, 'signature-not-offered'])
    const optional = await newFiche({
      actor: pharmacistA,
      programme: offered,
      ficheId: 'suivi',
      data: VALID_SUIVI,
    })
    expect((await sign(pharmacistA, optional, 'pharmacist')).status).toBe(201)
    const after = await call(pharmacistA, 'GET', `/api/fiches/${optional.id}`)
    // signed because offered, still not required
    expect(after.body).toMatchObject({ signatureState: 'not-required', optionalSigners: ['pharmacist'] })
    expect(after.body.signatures).toEqual([expect.objectContaining({ role: 'pharmacist', status: 'valid' })])
  })

  it('signing needs a recent authentication: a stale one is sent to step-up, then the signature is accepted', async () => {
    const fat = await newFiche()
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000)
    const stale = await openTestSession(t.deps, world.prescriberA, { now: tenMinutesAgo })
    const post = () =>
      client.app.request(`/api/fiches/${fat.id}/signatures`, {
        method: 'POST',
        headers: { cookie: stale.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ revisionId: fat.head.id, role: 'prescriber' }),
      })
    const refused = await post()
    const problem = (await refused.json()) as { code: string; params: { stepUpPath: string }; detail: string }
    expect(refused.status).toBe(403)
    expect(problem.code).toBe('recent-authentication-required')
    expect(problem.params.stepUpPath).toBe('/auth/step-up')
    expect(problem.detail).toContain('/auth/step-up')
    const authTime = new Date()
    const steppedUp = await recordStepUp(t.deps, {
      sessionId: stale.sessionId,
      userId: world.prescriberA.id,
      authTime,
      acr: 'eidas1',
      idToken: 'id-token',
    })
    expect(steppedUp).toBe(true)
    const accepted = await post()
    expect(accepted.status).toBe(201)
    expect(((await accepted.json()) as { authTime: string }).authTime).toBe(authTime.toISOString())
  })

  it('signing a draft or a revision that is no longer the head is refused', async () => {
    const draft = await newFiche({ draft: true })
    const onDraft = await sign(world.prescriberA, draft, 'prescriber')
    expect([onDraft.status, onDraft.body.code, onDraft.body.params.reason]).toEqual([
      422,
      'revision-not-signable',
      'draft',
    ])
    const fat = await newFiche()
    const next = await call(world.prescriberA, 'POST', `/api/fiches/${fat.id}/submit`, {
      baseRevisionId: fat.head.id,
      data: { ...VALID_FAT, poids_kg: 73 },
    })
    expect(next.status).toBe(200)
    const old = await sign(world.prescriberA, fat, 'prescriber')
    expect([old.status, old.body.params.reason]).toEqual([422, 'not-head'])
  })

  it('a later change voids the signatures visibly', async () => {
    const fat = await newFiche()
    await sign(world.prescriberA, fat, 'prescriber')
    await sign(pharmacistA, fat, 'pharmacist')
    const changed = await call(world.prescriberA, 'PUT', `/api/fiches/${fat.id}/draft`, {
      baseRevisionId: fat.head.id,
      data: { ...VALID_FAT, poids_kg: 80 },
    })
    expect(changed.status).toBe(200)
    const read = await call(world.prescriberA, 'GET', `/api/fiches/${fat.id}`)
    expect(read.body.signatureState).toBe('voided')
    expect(read.body.signatures).toEqual([
      expect.objectContaining({
        role: 'prescriber',
        status: 'voided',
        voidedByRevisionId: changed.body.head.id,
      }),
      expect.objectContaining({
        role: 'pharmacist',
        status: 'voided',
        voidedByRevisionId: changed.body.head.id,
      }),
    ])
    // the new revision needs its own signatures once submitted
    const resubmitted = await call(world.prescriberA, 'POST', `/api/fiches/${fat.id}/submit`, {
      baseRevisionId: changed.body.head.id,
    })
    expect((await sign(world.prescriberA, resubmitted.body, 'prescriber')).status).toBe(201)
    const again = await call(world.prescriberA, 'GET', `/api/fiches/${fat.id}/signatures`)
    expect(again.body.signatureState).toBe('partially-signed')
    expect(again.body.signatures.map((s: { status: string }) => s.status)).toEqual([
      'voided',
      'voided',
      'valid',
    ])
  })

  it('the stored hash equals the hash of the signed data', async () => {
    const data = { ucd: '9000002', sexe: 'F', poids_kg: 61, grossesse_possible: false }
    const fat = await newFiche({ data })
    const signed = await sign(world.prescriberA, fat, 'prescriber')
    const expected = sha256(sortedJson(fat.head.data))
    expect(signed.body.revisionHash).toBe(expected)
    const row = await t.db
      .selectFrom('fiche_signatures')
      .select(['revision_hash', 'revision_id'])
      .where('id', '=', signed.body.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ revision_hash: expected, revision_id: fat.head.id })
  })

  it('C2.2: a paper FAT transcribed by the lab records the paper signatures and nobody at the hospital is asked to sign', async () => {
    const fat = await newFiche({ actor: world.lab })
    expect(fat.head.source).toBe('transcription')
    const paper = { method: 'paper', paperReference: 'FAT papier reçue le 2026-11-20' }
    const prescriber = await sign(world.lab, fat, 'prescriber', paper)
    expect(prescriber.status).toBe(201)
    expect(prescriber.body).toMatchObject({
      method: 'paper',
      signedBy: world.lab.id,
      establishmentId: world.establishmentA,
      paperReference: paper.paperReference,
    })
    expect((await sign(world.lab, fat, 'pharmacist', paper)).status).toBe(201)
    const read = await call(world.prescriberA, 'GET', `/api/fiches/${fat.id}`)
    expect(read.body.signatureState).toBe('signed')
    // the lab never signs electronically, and the hospital records no paper signature
    const electronic = await sign(world.lab, fat, 'prescriber')
    expect([electronic.status, electronic.body.params.reasonCode]).toEqual([403, 'cannot-sign'])
    const hospitalPaper = await sign(world.prescriberA, await newFiche(), 'prescriber', paper)
    expect([hospitalPaper.status, hospitalPaper.body.code]).toEqual([422, 'invalid-paper-signature'])
    const audit = (await listAuditEvents(t.db, fat.id)).map((e) => e.action)
    expect(audit.filter((a) => a === 'signature.record-paper')).toHaveLength(2)
  })
})
