/**
 * The HTTP API end to end on every backend: publish and read templates, patients, enrolments, fiches,
 * drafts, submission, revisions and diffs; every kind of bad input gets a 4xx problem document and leaves
 * the data unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../src/domain/actor.ts'
import {
  BACKENDS,
  buildWorld,
  countRows,
  openTestDatabase,
  type TestDatabase,
  templateVariant,
  testClient,
  type World,
} from './harness.ts'

const VALID_FAT = { sexe: 'M', poids_kg: 72.5, ucd: '9000001' }

describe.each(BACKENDS)('HTTP API on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps, { templateBytes: 256 * 1024, ficheBytes: 8 * 1024 })
  }, 60_000)
  afterAll(() => t?.close())

  const call = async (
    actor: Actor | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const res = await client.request(actor, method, path, body, headers)
    const text = await res.text()
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
    }
  }

  const newEnrolment = async (actor = world.prescriberA, establishmentId = world.establishmentA) => {
    const patient = await call(actor, 'POST', '/api/patients', { establishmentId })
    expect(patient.status).toBe(201)
    const enrolment = await call(actor, 'POST', '/api/enrolments', {
      patientId: patient.body.id,
      programme: world.programme,
    })
    expect(enrolment.status).toBe(201)
    return enrolment.body.id as string
  }

  const newFiche = async (data: Record<string, unknown> = { sexe: 'M' }) => {
    const enrolmentId = await newEnrolment()
    const res = await call(world.prescriberA, 'POST', '/api/fiches', { enrolmentId, ficheId: 'fat', data })
    expect(res.status).toBe(201)
    return res.body
  }

  describe('templates', () => {
    it('publishes a version, lists it and reads its compiled fiches with their hashes', async () => {
      const programme = `${world.programme}-bis`
      const res = await call(world.lab, 'POST', '/api/template-versions', {
        yaml: templateVariant(programme, '2.0'),
      })
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({ programme, version: '2.0' })
      expect(res.body.fiches.map((f: { ficheId: string }) => f.ficheId)).toEqual([
        'fat',
        'fit',
        'suivi',
        'arret',
      ])
      expect(res.body.fiches[0].hash).toMatch(/^[0-9a-f]{64}$/)
      const list = await call(world.lab, 'GET', `/api/template-versions?programme=${programme}`)
      expect(list.body.map((v: { id: string }) => v.id)).toEqual([res.body.id])
      const read = await call(world.prescriberA, 'GET', `/api/template-versions/${res.body.id}`)
      expect(read.body.yaml).toContain(`programme: ${programme}`)
      const fiche = await call(world.prescriberA, 'GET', `/api/template-versions/${res.body.id}/fiches/fat`)
      expect(fiche.body).toMatchObject({
        ficheId: 'fat',
        kind: 'fat',
        schema: { additionalProperties: false },
      })
    })

    it('refuses a template with errors with 422 and the list of findings, storing nothing', async () => {
      const before = await countRows(t.db)
      const broken = templateVariant(`${world.programme}-ter`).replace(
        '{ item: poids_kg }',
        '{ item: taille_cm }',
      )
      const res = await call(world.lab, 'POST', '/api/template-versions', { yaml: broken })
      expect(res.status).toBe(422)
      expect(res.type).toContain('application/problem+json')
      expect(res.body.code).toBe('template-invalid')
      expect(res.body.params.findings.length).toBeGreaterThan(0)
      expect(res.body.params.findings[0]).toMatchObject({
        severity: 'error',
        at: { line: expect.any(Number) },
      })
      expect(await countRows(t.db)).toEqual(before)
    })

    it('refuses to publish the same version twice (a published version never changes)', async () => {
      const res = await call(world.lab, 'POST', '/api/template-versions', {
        yaml: templateVariant(world.programme),
      })
      expect(res.status).toBe(409)
      expect(res.body.code).toBe('template-version-exists')
    })

    it('only a lab publishes', async () => {
      const res = await call(world.prescriberA, 'POST', '/api/template-versions', {
        yaml: templateVariant('autre-aap'),
      })
      expect(res.status).toBe(403)
    })
  })

  describe('fiches', () => {
    it('saves an incomplete draft with its warnings and missing-field count', async () => {
      const fiche = await newFiche({ sexe: 'F' })
      expect(fiche.status).toBe('draft')
      expect(fiche.head).toMatchObject({ seq: 1, kind: 'draft', source: 'direct', data: { sexe: 'F' } })
      // poids_kg, ucd, grossesse_possible (relevant since sexe = F), traitements_anterieurs
      expect(fiche.head.missingCount).toBe(4)
      expect(fiche.head.warnings.map((w: { path: string }) => w.path)).toEqual(
        expect.arrayContaining(['/poids_kg', '/ucd', '/grossesse_possible']),
      )
      expect(fiche.head.warnings[0].message).toMatch(/doit|propriété/)
    })

    it('submit requires validity; a valid submission is stored as a new revision', async () => {
      const fiche = await newFiche()
      const refused = await call(world.prescriberA, 'POST', `/api/fiches/${fiche.id}/submit`, {
        baseRevisionId: fiche.head.id,
      })
      expect(refused.status).toBe(422)
      expect(refused.body.code).toBe('fiche-invalid')
      expect(refused.body.params.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: '/poids_kg', keyword: 'required' })]),
      )
      const ok = await call(world.pnmA, 'POST', `/api/fiches/${fiche.id}/submit`, {
        baseRevisionId: fiche.head.id,
        data: VALID_FAT,
      })
      expect(ok.status).toBe(200)
      expect(ok.body).toMatchObject({
        status: 'submitted',
        head: { seq: 2, kind: 'submission', baseRevisionId: fiche.head.id },
      })
      const revisions = await call(world.prescriberA, 'GET', `/api/fiches/${fiche.id}/revisions`)
      expect(revisions.body.map((r: { seq: number }) => r.seq)).toEqual([1, 2])
    })

    it('C1.1: a property the published fiche does not define is rejected and nothing is stored', async () => {
      const fiche = await newFiche()
      const before = await countRows(t.db)
      const res = await call(world.prescriberA, 'PUT', `/api/fiches/${fiche.id}/draft`, {
        baseRevisionId: fiche.head.id,
        data: {
          ...VALID_FAT,
          nom_patient: 'Dupont',
          traitements_anterieurs: [{ traitement_nom: 'x', dose: 3 }],
        },
      })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({
        code: 'field-outside-put',
        params: { paths: ['/nom_patient', '/traitements_anterieurs/0/dose'] },
      })
      expect(await countRows(t.db)).toEqual(before)
    })

    it('prunes values of inactive conditional branches and records the pruning on the revision', async () => {
      const fiche = await newFiche()
      const res = await call(world.prescriberA, 'PUT', `/api/fiches/${fiche.id}/draft`, {
        baseRevisionId: fiche.head.id,
        // sexe M: grossesse_possible is irrelevant, and so (in chain) is contraception
        data: { ...VALID_FAT, grossesse_possible: true, contraception: false },
      })
      expect(res.status).toBe(200)
      expect(res.body.head.data).toEqual(VALID_FAT)
      expect(res.body.head.pruned).toEqual({ grossesse_possible: true, contraception: false })
      const audit = await t.db
        .selectFrom('audit_events')
        .select('details')
        .where('subject_id', '=', fiche.id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .executeTakeFirstOrThrow()
      // The order of pruning follows the compiled relevance predicates; what matters is which items.
      expect([...(audit.details.prunedItems as string[])].sort()).toEqual([
        'contraception',
        'grossesse_possible',
      ])
    })

    it('a stale write gets 409 with the current revision, and nothing is overwritten', async () => {
      const fiche = await newFiche()
      const first = await call(world.prescriberA, 'PUT', `/api/fiches/${fiche.id}/draft`, {
        baseRevisionId: fiche.head.id,
        data: { sexe: 'F' },
      })
      expect(first.status).toBe(200)
      const before = await countRows(t.db)
      const stale = await call(world.pnmA, 'PUT', `/api/fiches/${fiche.id}/draft`, {
        baseRevisionId: fiche.head.id,
        data: { sexe: 'M' },
      })
      expect(stale.status).toBe(409)
      expect(stale.body).toMatchObject({
        code: 'stale-revision',
        params: { currentRevisionId: first.body.head.id, currentSeq: 2, current: { data: { sexe: 'F' } } },
      })
      expect(await countRows(t.db)).toEqual(before)
      expect((await call(world.prescriberA, 'GET', `/api/fiches/${fiche.id}`)).body.head.data).toEqual({
        sexe: 'F',
      })
    })

    it('diffs two revisions field by field', async () => {
      const fiche = await newFiche({ sexe: 'M', poids_kg: 70 })
      const next = await call(world.prescriberA, 'PUT', `/api/fiches/${fiche.id}/draft`, {
        baseRevisionId: fiche.head.id,
        data: { sexe: 'M', poids_kg: 71, ucd: '9000002' },
      })
      const diff = await call(
        world.prescriberA,
        'GET',
        `/api/fiches/${fiche.id}/diff?from=${fiche.head.id}&to=${next.body.head.id}`,
      )
      expect(diff.status).toBe(200)
      expect(diff.body.changes).toEqual([
        { path: '/poids_kg', before: 70, after: 71 },
        { path: '/ucd', before: null, after: '9000002' },
      ])
    })

    it('a lab user writing a fiche is recorded as a transcription (C2.1); a stranger is refused', async () => {
      const fiche = await newFiche()
      const lab = await call(world.lab, 'PUT', `/api/fiches/${fiche.id}/draft`, {
        baseRevisionId: fiche.head.id,
        data: VALID_FAT,
      })
      expect(lab.body.head).toMatchObject({ source: 'transcription', establishmentId: world.establishmentA })
      const other = await call(world.prescriberB, 'PUT', `/api/fiches/${fiche.id}/draft`, {
        baseRevisionId: lab.body.head.id,
        data: {},
      })
      expect(other.status).toBe(403)
    })
  })

  describe('idempotency', () => {
    it('a retried creating request returns the first response and creates nothing twice', async () => {
      const enrolmentId = await newEnrolment()
      const headers = { 'idempotency-key': `fiche-${enrolmentId}` }
      const body = { enrolmentId, ficheId: 'fat', data: { sexe: 'F' } }
      const first = await call(world.prescriberA, 'POST', '/api/fiches', body, headers)
      const before = await countRows(t.db)
      const again = await call(world.prescriberA, 'POST', '/api/fiches', body, headers)
      expect(again.status).toBe(201)
      expect(again.body).toEqual(first.body)
      expect(await countRows(t.db)).toEqual(before)
      const reused = await call(
        world.prescriberA,
        'POST',
        '/api/fiches',
        { ...body, data: { sexe: 'M' } },
        headers,
      )
      expect(reused.status).toBe(422)
      expect(reused.body.code).toBe('idempotency-key-reused')
    })

    it('retrying a patient creation with the same key creates one patient', async () => {
      const headers = { 'idempotency-key': 'patient-retry-1' }
      const body = { establishmentId: world.establishmentA }
      const [a, b] = [
        await call(world.prescriberA, 'POST', '/api/patients', body, headers),
        await call(world.prescriberA, 'POST', '/api/patients', body, headers),
      ]
      expect(b.body.id).toBe(a.body.id)
    })
  })

  describe('bad input gets a 4xx problem document and changes nothing', () => {
    const cases: [
      string,
      () => Promise<{
        method: string
        path: string
        body?: unknown
        headers?: Record<string, string>
        actor?: Actor | null
      }>,
      number,
      string,
    ][] = [
      [
        'malformed JSON',
        async () => ({ method: 'POST', path: '/api/patients', body: '{"establishmentId": ' }),
        400,
        'malformed-json',
      ],
      [
        'wrong type',
        async () => ({ method: 'POST', path: '/api/patients', body: { establishmentId: 42 } }),
        400,
        'invalid-request',
      ],
      [
        'unknown property in a request body',
        async () => ({
          method: 'POST',
          path: '/api/patients',
          body: { establishmentId: world.establishmentA, nom: 'Dupont' },
        }),
        400,
        'invalid-request',
      ],
      [
        'missing body field',
        async () => ({ method: 'POST', path: '/api/enrolments', body: { programme: world.programme } }),
        400,
        'invalid-request',
      ],
      [
        'not JSON',
        async () => ({
          method: 'POST',
          path: '/api/patients',
          body: 'establishmentId=1',
          headers: { 'content-type': 'text/plain' },
        }),
        415,
        'unsupported-media-type',
      ],
      [
        'fiche data that is not an object',
        async () => ({
          method: 'POST',
          path: '/api/fiches',
          body: { enrolmentId: await newEnrolment(), ficheId: 'fat', data: ['sexe', 'F'] },
        }),
        400,
        'invalid-request',
      ],
      [
        'fiche data nested too deep (17 levels)',
        async () => {
          let deep: unknown = 'valeur'
          for (let i = 0; i < 17; i++) deep = i % 2 ? { niveau: deep } : [deep]
          return {
            method: 'POST',
            path: '/api/fiches',
            body: {
              enrolmentId: await newEnrolment(),
              ficheId: 'fat',
              data: { traitements_anterieurs: deep },
            },
          }
        },
        400,
        'invalid-request',
      ],
      [
        'oversize body',
        async () => ({
          method: 'POST',
          path: '/api/fiches',
          body: { enrolmentId: await newEnrolment(), ficheId: 'fat', data: { sexe: 'x'.repeat(20_000) } },
        }),
        413,
        'payload-too-large',
      ],
      [
        'unknown template version',
        async () => ({
          method: 'POST',
          path: '/api/fiches',
          body: {
            enrolmentId: await newEnrolment(),
            ficheId: 'fat',
            templateVersionId: '00000000-0000-4000-8000-000000000000',
          },
        }),
        422,
        'unknown-template-version',
      ],
      [
        'unknown fiche',
        async () => ({ method: 'GET', path: '/api/fiches/00000000-0000-4000-8000-000000000000' }),
        404,
        'not-found',
      ],
      [
        'malformed id',
        async () => ({ method: 'GET', path: '/api/fiches/not-a-uuid' }),
        400,
        'invalid-request',
      ],
      [
        'stale revision',
        async () => {
          const fiche = await newFiche()
          await call(world.prescriberA, 'PUT', `/api/fiches/${fiche.id}/draft`, {
            baseRevisionId: fiche.head.id,
            data: { sexe: 'F' },
          })
          return {
            method: 'PUT',
            path: `/api/fiches/${fiche.id}/draft`,
            body: { baseRevisionId: fiche.head.id, data: { sexe: 'M' } },
          }
        },
        409,
        'stale-revision',
      ],
      [
        'no session cookie',
        async () => ({
          method: 'POST',
          path: '/api/patients',
          body: { establishmentId: world.establishmentA },
          actor: null,
        }),
        401,
        'unauthenticated',
      ],
      ['unknown route', async () => ({ method: 'GET', path: '/api/nowhere' }), 404, 'route-not-found'],
    ]

    // Named by what is sent and what comes back (the builder last: a test name cannot show a function).
    const named = cases.map(([name, build, status, code]) => [name, status, code, build] as const)
    it.each(named)('%s → %i %s', async (_name, status, code, build) => {
      const req = await build()
      const before = await countRows(t.db)
      const res = await call(
        req.actor === null ? undefined : (req.actor ?? world.prescriberA),
        req.method,
        req.path,
        req.body,
        req.headers,
      )
      expect(res.status).toBe(status)
      expect(res.type).toContain('application/problem+json')
      expect(res.body).toMatchObject({
        status,
        code,
        type: `urn:openput:problem:${code}`,
        title: expect.any(String),
        detail: expect.any(String),
      })
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/)
      expect(await countRows(t.db)).toEqual(before)
    })
  })

  it('serves the OpenAPI 3.1 document and a self-hosted docs page without authentication', async () => {
    const doc = await client.app.request('/api/openapi.json')
    const json = await doc.json()
    expect(json.openapi).toBe('3.1.0')
    expect(Object.keys(json.paths)).toEqual(
      expect.arrayContaining(['/api/template-versions', '/api/fiches/{id}/draft', '/api/fiches/{id}/diff']),
    )
    const page = await client.app.request('/api/docs')
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(html).toContain('/api/openapi.json')
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/)
  })
})
