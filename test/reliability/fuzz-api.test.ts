/**
 * Property-based fuzzing of the write API (fiche create/save/submit, template publishing) with hostile
 * input: never a 5xx, every refusal a problem document that changed nothing, every stored value checked.
 */
import { isDeepStrictEqual } from 'node:util'
import { createFicheAjv } from '@openput/designer'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// Test code may use the server's test harness by relative path: it builds fixtures through the domain.
import {
  BACKENDS,
  buildWorld,
  countRows,
  openTestDatabase,
  openTestSession,
  type TestDatabase,
  templateVariant,
  testClient,
  type World,
} from '../../packages/server/test/harness.ts'
import { bodyPlan, contentType, renderBody } from './hostile-input.ts'
import { templateYaml, yamlBomb } from './hostile-yaml.ts'
import { chainDefects } from './revision-chain.ts'

/** Reproducible: the same seed replays the same 150 cases; a failure reports its seed and path. */
const FUZZ = { numRuns: 150, seed: 20_261_123, endOnFailure: true }
// ajv itself is the designer's dependency, not this workspace's: its types come through createFicheAjv.
type ValidateFunction = ReturnType<ReturnType<typeof createFicheAjv>['compile']>
type ErrorObject = NonNullable<ValidateFunction['errors']>[number]

/** Cases that must always run, whatever the seed: values the database itself cannot store. */
const FICHE_EXAMPLES = [
  ['sexe', '"a\\u0000b"'],
  ['sexe', '"\\ud800"'],
  ['sexe', '@nested:100000@'],
  ['poids_kg', '1e400'],
].map(([item, value]) => [
  {
    op: 'draft' as const,
    pick: 0,
    plan: { kind: 'structured' as const, base: 'head' as const, data: `{"${item}":${value}}`, extras: [] },
    type: 'application/json',
    key: null,
  },
]) as [never][]

/** How many rows a request added to `table`. */
const added = (after: Record<string, number>, before: Record<string, number>, table: string) =>
  (after[table] ?? 0) - (before[table] ?? 0)

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort()

interface Reply {
  status: number
  type: string
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field
  body: any
}

/** Validation issues as comparable strings, the way the server reports them (`if` repeats its `then`). */
const issueKeys = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map(
      (e) =>
        `${e.instancePath}${e.keyword === 'required' ? `/${e.params.missingProperty}` : ''}|${e.keyword}`,
    )
    .map((k) => (k.startsWith('|') ? `/${k}` : k))
    .sort()

describe.each(BACKENDS)('fuzzing the write API on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let app: ReturnType<typeof testClient>['app']
  let writer = ''
  let lab = ''
  let validate: ValidateFunction
  /** Fiches to write to: the first few, then every one a fuzzed create opened. */
  const fiches: { id: string; first: string }[] = []
  let run = 0
  /** Answers by status: the fuzzer must reach both the accepting and the refusing paths. */
  const statuses = new Map<number, number>()

  const send = async (cookie: string, method: string, path: string, body?: string, type?: string) => {
    const res = await app.request(path, {
      method,
      headers: { cookie, ...(type !== undefined ? { 'content-type': type } : {}) },
      ...(body !== undefined ? { body } : {}),
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // not JSON: kept as text, and the assertions below will say so
    }
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: parsed } as Reply
  }
  const json = (cookie: string, method: string, path: string, body?: unknown) =>
    send(cookie, method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json')

  const newEnrolment = async () => {
    const patient = await json(writer, 'POST', '/api/patients', { establishmentId: world.establishmentA })
    const enrolment = await json(writer, 'POST', '/api/enrolments', {
      patientId: patient.body.id,
      programme: world.programme,
    })
    expect(enrolment.status).toBe(201)
    return enrolment.body.id as string
  }

  /** What a refused request must leave exactly as it was. */
  const snapshot = async () => ({
    counts: await countRows(t.db),
    heads: await t.db
      .selectFrom('fiche_instances')
      .select(['id', 'head_revision_id', 'status'])
      .orderBy('id')
      .execute(),
  })

  const expectProblem = (reply: Reply, request: string) => {
    expect(reply.status, request).toBeLessThan(500)
    expect(reply.type, request).toMatch(/^application\/problem\+json/)
    expect(reply.body, request).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status: reply.status,
      detail: expect.any(String),
    })
  }

  /** A stored revision holds only the fiche's items; a submission is valid; the warnings are the truth. */
  const expectStoredRevisionValid = async (revisionId: string, sent: unknown) => {
    const stored = await t.db
      .selectFrom('fiche_revisions')
      .select(['kind', 'data', 'warnings'])
      .where('id', '=', revisionId)
      .executeTakeFirstOrThrow()
    expect(isDeepStrictEqual(stored.data, sent), 'stored data = answered data').toBe(true)
    validate(stored.data)
    const errors = validate.errors ?? []
    expect(errors.filter((e) => e.keyword === 'additionalProperties')).toEqual([])
    if (stored.kind === 'submission') expect(errors).toEqual([])
    const warnings = (stored.warnings as { path: string; keyword: string }[]).map(
      (w) => `${w.path}|${w.keyword}`,
    )
    expect(warnings.sort()).toEqual(issueKeys(errors))
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    app = testClient(t.deps).app
    writer = (await openTestSession(t.deps, world.prescriberA)).cookie
    lab = (await openTestSession(t.deps, world.lab)).cookie
    const fat = await send(writer, 'GET', `/api/template-versions/${world.templateVersionId}/fiches/fat`)
    validate = createFicheAjv({ allErrors: true }).compile(fat.body.schema)
    for (let i = 0; i < 3; i++) {
      // biome-ignore lint/performance/noAwaitInLoops: a few fixtures, one after another
      const created = await json(writer, 'POST', '/api/fiches', {
        enrolmentId: await newEnrolment(),
        ficheId: 'fat',
      })
      fiches.push({ id: created.body.id, first: created.body.head.id })
    }
  }, 60_000)
  afterAll(() => t?.close())

  it('fiche create/save/submit: no 5xx, refusals are problem documents that change nothing, stored data is valid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          op: fc.constantFrom('draft', 'submit', 'create'),
          pick: fc.nat(),
          plan: bodyPlan,
          type: contentType,
          key: fc.oneof(
            { weight: 3, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.stringMatching(/^[!-~]{0,210}$/) },
          ),
        }),
        async ({ op, pick, plan, type, key }) => {
          const fiche = fiches[pick % fiches.length]!
          const head = (await t.db
            .selectFrom('fiche_instances')
            .select('head_revision_id')
            .where('id', '=', fiche.id)
            .executeTakeFirstOrThrow())!.head_revision_id!
          const enrolmentId = op === 'create' && plan.kind === 'structured' ? await newEnrolment() : ''
          const anchors: Record<'head' | 'first', [string, string][]> =
            op === 'create'
              ? {
                  head: [
                    ['enrolmentId', JSON.stringify(enrolmentId)],
                    ['ficheId', '"fat"'],
                  ],
                  first: [
                    ['enrolmentId', JSON.stringify(enrolmentId)],
                    ['ficheId', '"fut"'],
                  ],
                }
              : {
                  head: [['baseRevisionId', JSON.stringify(head)]],
                  first: [['baseRevisionId', JSON.stringify(fiche.first)]],
                }
          const body = renderBody(plan, anchors, op === 'create' ? 'enrolmentId' : 'baseRevisionId')
          const path = op === 'create' ? '/api/fiches' : `/api/fiches/${fiche.id}/${op}`
          const before = await snapshot()
          // Unique per run, so that a key never replays an earlier request (that is another test's subject).
          const idempotency: Record<string, string> =
            key === null ? {} : { 'idempotency-key': key === '' ? '' : `${++run}-${key}` }
          const res = await app.request(path, {
            method: op === 'draft' ? 'PUT' : 'POST',
            headers: { cookie: writer, 'content-type': type, ...idempotency },
            body,
          })
          const text = await res.text()
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          const request = `${op} ${type} ${typeof body === 'string' ? body.slice(0, 300) : `octets ${body.length}`} → ${res.status} ${text.slice(0, 300)}`
          const reply: Reply = {
            status: res.status,
            type: res.headers.get('content-type') ?? '',
            body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
          }
          if (reply.status >= 300) {
            expectProblem(reply, request)
            expect(await snapshot(), request).toEqual(before)
            return
          }
          expect(reply.status, request).toBe(op === 'create' ? 201 : 200)
          const after = await countRows(t.db)
          expect(added(after, before.counts, 'fiche_revisions'), request).toBe(1)
          expect(added(after, before.counts, 'audit_events'), request).toBe(1)
          if (op === 'create') fiches.push({ id: reply.body.id, first: reply.body.head.id })
          else expect(reply.body.head.baseRevisionId, request).toBe(head)
          await expectStoredRevisionValid(reply.body.head.id, reply.body.head.data)
        },
      ),
      { ...FUZZ, examples: FICHE_EXAMPLES },
    )
    const count = (accepted: boolean) =>
      [...statuses].filter(([status]) => status < 300 === accepted).reduce((n, [, k]) => n + k, 0)
    // Both paths must be exercised, or the properties above prove little.
    expect(count(true)).toBeGreaterThanOrEqual(20)
    expect(count(false)).toBeGreaterThanOrEqual(20)
  }, 120_000)

  it('template publishing: no 5xx, refusals are problem documents that change nothing, published fiches compile', async () => {
    const yaml = templateYaml((slug) => templateVariant(slug))
    let published = 0
    const shape = fc.constantFrom(
      'plain',
      'plain',
      'plain',
      'plain',
      'plain',
      'extra',
      'not-a-string',
      'proto',
    )
    await fc.assert(
      fc.asyncProperty(yaml, shape, contentType, async (source, form, type) => {
        const text = JSON.stringify(source)
        const body =
          form === 'plain'
            ? `{"yaml":${text}}`
            : form === 'extra'
              ? `{"yaml":${text},"published":true}`
              : form === 'proto'
                ? `{"yaml":${text},"__proto__":{"polluted":true}}`
                : `{"yaml":[${text}]}`
        const before = await snapshot()
        const reply = await send(lab, 'POST', '/api/template-versions', body, type)
        published += reply.status === 201 ? 1 : 0
        const request = `${form} ${type} ${source.slice(0, 300)} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`
        if (reply.status >= 300) {
          expectProblem(reply, request)
          expect(await snapshot(), request).toEqual(before)
          return
        }
        expect(reply.status, request).toBe(201)
        const after = await countRows(t.db)
        expect(added(after, before.counts, 'template_versions'), request).toBe(1)
        const read = await send(lab, 'GET', `/api/template-versions/${reply.body.id}`)
        expect(read.body.yaml, request).toBe(source)
        for (const header of reply.body.fiches as { ficheId: string }[]) {
          // biome-ignore lint/performance/noAwaitInLoops: a handful of fiches per version
          const fiche = await send(
            lab,
            'GET',
            `/api/template-versions/${reply.body.id}/fiches/${header.ficheId}`,
          )
          expect(() => createFicheAjv().compile(fiche.body.schema), request).not.toThrow()
        }
      }),
      { ...FUZZ, examples: [[yamlBomb(5), 'plain', 'application/json']] },
    )
    // Some mutations keep the template valid: the accepting path is exercised too.
    expect(published).toBeGreaterThanOrEqual(5)
  }, 120_000)

  it('leaves no polluted prototype and every revision chain whole, audited once', async () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(await chainDefects(t.db)).toEqual([])
  })
})
