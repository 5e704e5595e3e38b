/**
 * The designer's API (P2, C1.1): drafts saved as YAML and checked with the CLI's code on every save, stale
 * saves refused, review by someone who did not write the draft, breaking changes published only after an
 * approval, with the number of fiches already filled that each breaking change affects.
 */
import { checkTemplateText } from '@openput/designer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MembershipRole } from '../src/db/database.ts'
import { listAuditEvents } from '../src/db/queries/audit.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
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

describe.each(BACKENDS)('designer API on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>
  let author: Actor
  let reviewer: Actor
  let dataManager: Actor
  let n = 0

  const user = async (roles: MembershipRole[]) => {
    const created = await createUser(t.deps, {
      email: `designer-${++n}-${world.programme}@test.openput.fr`,
      displayName: `${roles.join('+')} ${n}`,
      memberships: roles.map((role) => ({ role, organisationId: world.organisationId })),
    })
    return (await findActor(t.deps.db, created.id))!
  }

  const call = async (actor: Actor | undefined, method: string, path: string, body?: unknown) => {
    const res = await client.request(actor, method, path, body)
    const text = await res.text()
    const json = res.headers.get('content-type')?.includes('json')
    return { status: res.status, body: text && json ? JSON.parse(text) : text, headers: res.headers }
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
    author = await user(['template-author'])
    reviewer = await user(['reviewer'])
    dataManager = await user(['data-manager'])
    // Three FATs already filled under version 1.0: weights 120 and 150 kg, and 70 kg.
    await Promise.all(
      [120, 150, 70].map(async (poids) => {
        const patient = await createPatient(t.deps, {
          actor: world.prescriberA,
          establishmentId: world.establishmentA,
        })
        const enrolment = await enrolPatient(t.deps, {
          actor: world.prescriberA,
          patientId: patient.id,
          programme: world.programme,
        })
        await createFiche(t.deps, {
          actor: world.prescriberA,
          enrolmentId: enrolment.id,
          ficheId: 'fat',
          data: { poids_kg: poids },
        })
      }),
    )
  }, 60_000)
  afterAll(() => t?.close())

  /** The published minimal template, as version `version` of the world's programme, edited by `edit`. */
  const nextVersion = (version: string, edit: (yaml: string) => string = (y) => y) =>
    edit(templateVariant(world.programme, version))

  describe('drafts', () => {
    let draft: { id: string; revision: number; yaml: string }
    const slug = () => `neuf-${world.programme}`

    it('P2: a new programme starts as a draft checked with the same code as the CLI', async () => {
      const res = await call(author, 'POST', '/api/designer/drafts', { yaml: templateVariant(slug()) })
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({
        programme: slug(),
        version: '1.0',
        state: 'draft',
        revision: 1,
        errorCount: 0,
      })
      draft = res.body
      const again = await call(author, 'POST', '/api/designer/drafts', {
        yaml: templateVariant(slug(), '1.1'),
      })
      expect(again.status).toBe(409)
      expect(again.body.code).toBe('draft-already-open')
    })

    it('C1.1: a save with a field outside the PUT is stored with its finding, located by path', async () => {
      const yaml = templateVariant(slug()).replace(
        '{ item: poursuite }',
        '{ item: poursuite }, { item: commentaire_libre }',
      )
      const res = await call(author, 'PUT', `/api/designer/drafts/${draft.id}`, { yaml, revision: 1 })
      expect(res.status).toBe(200)
      expect(res.body.revision).toBe(2)
      expect(res.body.errorCount).toBeGreaterThan(0)
      const outside = res.body.findings.find((f: { rule: string }) => f.rule === 'field-outside-put')
      expect(outside.at.path).toEqual(['fiches', 2, 'sections', 0, 'elements', 2, 'item'])
      expect(outside.message).toMatch(/commentaire_libre/)
      // Exactly what `openput check` reports on the same text.
      const cli = checkTemplateText(yaml, `${slug()}/1.0.yaml`)
      expect(res.body.findings.map((f: { message: string }) => f.message)).toEqual(cli.map((f) => f.message))
      draft = res.body
    })

    it('P2: a save on top of an older revision is refused (409) and overwrites nothing', async () => {
      const res = await call(author, 'PUT', `/api/designer/drafts/${draft.id}`, {
        yaml: templateVariant(slug()),
        revision: 1,
      })
      expect(res.status).toBe(409)
      expect(res.body).toMatchObject({ code: 'draft-stale', params: { expected: 1, current: 2 } })
      const current = await call(author, 'GET', `/api/designer/drafts/${draft.id}`)
      expect(current.body.revision).toBe(2)
      expect(current.body.yaml).toContain('commentaire_libre')
    })

    it('refuses a draft whose programme changes, and a submission with errors', async () => {
      const moved = await call(author, 'PUT', `/api/designer/drafts/${draft.id}`, {
        yaml: templateVariant(`autre-${world.programme}`),
        revision: 2,
      })
      expect(moved.status).toBe(422)
      expect(moved.body.code).toBe('draft-programme-changed')
      const submit = await call(author, 'POST', `/api/designer/drafts/${draft.id}/submit`, { revision: 2 })
      expect(submit.status).toBe(422)
      expect(submit.body.code).toBe('draft-has-errors')
    })

    it('P2: exports the YAML the CLI checks and imports a file as a new revision', async () => {
      const exported = await call(author, 'GET', `/api/designer/drafts/${draft.id}/yaml`)
      expect(exported.status).toBe(200)
      expect(exported.headers.get('content-type')).toMatch(/^application\/yaml/)
      expect(exported.headers.get('content-disposition')).toContain(`${slug()}-1.0.yaml`)
      expect(exported.body).toBe(draft.yaml)
      const imported = await call(author, 'POST', `/api/designer/drafts/${draft.id}/import`, {
        yaml: templateVariant(slug()),
        revision: 2,
      })
      expect(imported.status).toBe(200)
      expect(imported.body).toMatchObject({ revision: 3, errorCount: 0 })
      const audit = await listAuditEvents(t.db, draft.id)
      expect(audit.map((a) => a.action)).toEqual([
        'template-draft.create',
        'template-draft.save',
        'template-draft.import',
      ])
      expect(audit.every((a) => a.actor_id === author.id)).toBe(true)
    })

    it('P2: a first version publishes without review (nothing collected can break); then it is read-only', async () => {
      const published = await call(world.lab, 'POST', `/api/designer/drafts/${draft.id}/publish`, {
        revision: 3,
      })
      expect(published.status).toBe(200)
      expect(published.body.draft).toMatchObject({ state: 'published' })
      expect(published.body.version).toMatchObject({ programme: slug(), version: '1.0' })
      const save = await call(author, 'PUT', `/api/designer/drafts/${draft.id}`, {
        yaml: templateVariant(slug()),
        revision: 3,
      })
      expect(save.status).toBe(409)
      expect(save.body.code).toBe('draft-not-editable')
      const list = await call(author, 'GET', '/api/designer/programmes')
      const entry = list.body.find((p: { programme: string }) => p.programme === slug())
      expect(entry.versions.map((v: { version: string }) => v.version)).toEqual(['1.0'])
      expect(entry.drafts).toEqual([])
    })

    it('hospital users and data managers see no drafts', async () => {
      const prescriber = await call(world.prescriberA, 'GET', '/api/designer/programmes')
      expect(prescriber.status).toBe(403)
      expect(prescriber.body.params.reasonCode).toBe('template-team-only')
      const read = await call(dataManager, 'GET', `/api/designer/drafts/${draft.id}`)
      expect(read.status).toBe(403)
      expect(read.body.params.reasonCode).toBe('template-team-only')
    })
  })

  describe('review of a breaking change', () => {
    let draftId: string
    // The weight's maximum goes from 400 to 100 kg: the FATs at 120 and 150 kg no longer validate.
    const narrowed = (y: string) => y.replace('min: 1, max: 400', 'min: 1, max: 100')

    it('P2: the review lists each change with its class and the fiches each breaking change affects', async () => {
      const created = await call(author, 'POST', '/api/designer/drafts', {
        yaml: nextVersion('2.0', narrowed),
      })
      expect(created.status).toBe(201)
      draftId = created.body.id
      const review = await call(reviewer, 'GET', `/api/designer/drafts/${draftId}/review`)
      expect(review.status).toBe(200)
      expect(review.body.base).toMatchObject({ version: '1.0' })
      expect(review.body.approvalRequired).toBe(true)
      const change = review.body.changes.find((c: { kind: string }) => c.kind === 'item-bounds-narrowed')
      expect(change).toMatchObject({
        class: 'breaking',
        target: { itemId: 'poids_kg' },
        affectedRevisions: 2,
      })
      expect(change.message).toMatch(/Poids/)
    })

    it('P2: breaking changes are not published without an approval', async () => {
      const direct = await call(world.lab, 'POST', `/api/designer/drafts/${draftId}/publish`, { revision: 1 })
      expect(direct.status).toBe(409)
      expect(direct.body).toMatchObject({
        code: 'approval-required',
        params: { breakingCount: 1, previousVersion: '1.0' },
      })
      const submitted = await call(author, 'POST', `/api/designer/drafts/${draftId}/submit`, { revision: 1 })
      expect(submitted.status).toBe(200)
      expect(submitted.body.state).toBe('in-review')
      const inReview = await call(world.lab, 'POST', `/api/designer/drafts/${draftId}/publish`, {
        revision: 1,
      })
      expect(inReview.status).toBe(409)
      expect(inReview.body.code).toBe('approval-required')
    })

    it('P2: nobody approves their own draft; a role without review rights cannot either', async () => {
      // The template author has no review right; a programme manager has, but not on a draft they wrote.
      const selfReview = await call(author, 'POST', `/api/designer/drafts/${draftId}/reviews`, {
        revision: 1,
        decision: 'approved',
        comment: 'ok',
      })
      expect(selfReview.status).toBe(403)
      expect(selfReview.body.params.reasonCode).toBe('reviewers-only')
      const authorManager = await user(['programme-manager'])
      const own = await call(authorManager, 'POST', '/api/designer/drafts', {
        yaml: templateVariant(`own-${world.programme}`),
      })
      await call(authorManager, 'POST', `/api/designer/drafts/${own.body.id}/submit`, { revision: 1 })
      const ownReview = await call(authorManager, 'POST', `/api/designer/drafts/${own.body.id}/reviews`, {
        revision: 1,
        decision: 'approved',
        comment: 'je valide',
      })
      expect(ownReview.status).toBe(403)
      expect(ownReview.body.params.reasonCode).toBe('own-draft')
      const manager = await call(dataManager, 'POST', `/api/designer/drafts/${draftId}/reviews`, {
        revision: 1,
        decision: 'approved',
        comment: 'ok',
      })
      expect(manager.status).toBe(403)
      expect(manager.body.params.reasonCode).toBe('reviewers-only')
    })

    it('P2: a rejection sends the draft back; the approval binds the revision it was given on', async () => {
      const rejected = await call(reviewer, 'POST', `/api/designer/drafts/${draftId}/reviews`, {
        revision: 1,
        decision: 'rejected',
        comment: 'Prévenir les centres avant de réduire le poids maximal.',
      })
      expect(rejected.status).toBe(200)
      expect(rejected.body.state).toBe('draft')
      const saved = await call(author, 'PUT', `/api/designer/drafts/${draftId}`, {
        yaml: nextVersion('2.0', (y) =>
          narrowed(y).replace('- Version initiale.', '- Poids maximal réduit à 100 kg.'),
        ),
        revision: 1,
      })
      expect(saved.body.revision).toBe(2)
      await call(author, 'POST', `/api/designer/drafts/${draftId}/submit`, { revision: 2 })
      const stale = await call(reviewer, 'POST', `/api/designer/drafts/${draftId}/reviews`, {
        revision: 1,
        decision: 'approved',
        comment: 'vu',
      })
      expect(stale.status).toBe(409)
      expect(stale.body.code).toBe('draft-stale')
    })

    it('P2: a reviewer approves with their name and comment, recorded and audited; then it publishes', async () => {
      const approved = await call(reviewer, 'POST', `/api/designer/drafts/${draftId}/reviews`, {
        revision: 2,
        decision: 'approved',
        comment: 'Impact vu : 2 FAT à reprendre, centres prévenus.',
      })
      expect(approved.status).toBe(200)
      expect(approved.body.reviews.map((r: { decision: string }) => r.decision)).toEqual([
        'rejected',
        'approved',
      ])
      expect(approved.body.reviews[1]).toMatchObject({
        revision: 2,
        reviewerId: reviewer.id,
        reviewerName: reviewer.displayName,
        comment: 'Impact vu : 2 FAT à reprendre, centres prévenus.',
        breakingCount: 1,
      })
      const review = await call(author, 'GET', `/api/designer/drafts/${draftId}/review`)
      expect(review.body.approved).toBe(true)
      const published = await call(world.lab, 'POST', `/api/designer/drafts/${draftId}/publish`, {
        revision: 2,
      })
      expect(published.status).toBe(200)
      expect(published.body.version).toMatchObject({ programme: world.programme, version: '2.0' })
      const audit = await listAuditEvents(t.db, draftId)
      expect(audit.map((a) => a.action)).toEqual([
        'template-draft.create',
        'template-draft.submit',
        'template-draft.reject',
        'template-draft.save',
        'template-draft.submit',
        'template-draft.approve',
        'template-draft.publish',
      ])
      const approval = audit.find((a) => a.action === 'template-draft.approve')!
      expect(approval.actor_id).toBe(reviewer.id)
      expect(approval.details).toMatchObject({ reviewer: reviewer.displayName, breakingCount: 1 })
      const versions = await call(
        world.prescriberA,
        'GET',
        `/api/template-versions?programme=${world.programme}`,
      )
      expect(versions.body.map((v: { version: string }) => v.version).sort()).toEqual(['1.0', '2.0'])
    })

    it('P2: a version without breaking changes publishes without review', async () => {
      const relabelled = (y: string) =>
        narrowed(y).replace('label: Traitement poursuivi', 'label: Traitement poursuivi ?')
      const created = await call(author, 'POST', '/api/designer/drafts', {
        yaml: nextVersion('2.1', relabelled),
      })
      const review = await call(reviewer, 'GET', `/api/designer/drafts/${created.body.id}/review`)
      expect(review.body).toMatchObject({
        approvalRequired: false,
        breakingCount: 0,
        base: { version: '2.0' },
      })
      const published = await call(world.lab, 'POST', `/api/designer/drafts/${created.body.id}/publish`, {
        revision: 1,
      })
      expect(published.status).toBe(200)
    })
  })
})
