/**
 * Fiches: open one with its first draft, read it, save drafts, submit, list revisions, diff two revisions.
 * Every write names its base revision; a stale one gets 409 with the current revision.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { createFiche } from '../domain/fiches/create-fiche.ts'
import { diffRevisions, listFicheRevisions, readFiche } from '../domain/fiches/read-fiche.ts'
import { saveFiche } from '../domain/fiches/save-fiche.ts'
import type { AppEnv } from './app-env.ts'
import {
  IdempotencyHeaders,
  jsonBody,
  jsonResponse,
  PROBLEMS,
  Uuid,
  ValidationIssue,
} from './common-schemas.ts'
import { limitBody } from './middleware/body-size.ts'
import { FicheSignatures } from './signature-schemas.ts'
import { validationHook } from './validation-hook.ts'

const FICHE_DATA_DOC = {
  description: 'Les données de la fiche ; seules les propriétés de la fiche publiée sont acceptées (C1.1).',
}

const FicheData = z.record(z.string(), z.unknown()).openapi(FICHE_DATA_DOC)

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Fiche data is at most a few levels deep (rows of a repeated item holding a multiple choice); a body
 * nested thousands of levels deep only serves to exhaust the stack of JSON.stringify or of Postgres.
 */
export const MAX_FICHE_DATA_DEPTH = 16

function nestedWithin(value: unknown, maxDepth: number): boolean {
  // Only objects and arrays are stacked: a 200-field fiche of plain values allocates nothing per field.
  const nodes: object[] = []
  const depths: number[] = []
  if (typeof value === 'object' && value !== null) {
    nodes.push(value)
    depths.push(1)
  }
  while (nodes.length > 0) {
    const node = nodes.pop()!
    const depth = depths.pop()!
    if (depth > maxDepth) return false
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key]
      if (typeof child === 'object' && child !== null) {
        nodes.push(child)
        depths.push(depth + 1)
      }
    }
  }
  return true
}

/**
 * Fiche data in a request body: only "a JSON object of bounded depth" here, without copying it (z.record
 * would rebuild the object key by key, ~65 µs for 200 fields); the published fiche's ajv schema checks
 * every value next.
 */
const FicheDataBody = z
  .custom<Record<string, unknown>>((v) => isJsonObject(v) && nestedWithin(v, MAX_FICHE_DATA_DEPTH), {
    error: `Les données de la fiche doivent être un objet JSON d'au plus ${MAX_FICHE_DATA_DEPTH} niveaux d'imbrication`,
  })
  .openapi({ ...FICHE_DATA_DOC, type: 'object', additionalProperties: {} })

const Revision = z
  .object({
    id: Uuid,
    seq: z.number().int(),
    baseRevisionId: Uuid.nullable(),
    kind: z.enum(['draft', 'submission']),
    data: FicheData,
    authorId: Uuid,
    establishmentId: Uuid,
    source: z.enum(['direct', 'transcription', 'migration']),
    pruned: z.record(z.string(), z.unknown()),
    warnings: z.array(ValidationIssue),
    missingCount: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('FicheRevision')

export const Fiche = z
  .object({
    id: Uuid,
    enrolmentId: Uuid,
    templateVersionId: Uuid,
    ficheId: z.string(),
    kind: z.string(),
    plannedVisitId: z.string().nullable(),
    status: z.enum(['draft', 'submitted']),
    head: Revision,
  })
  .openapi('Fiche')

/**
 * A fiche as read: with its signatures, each valid or voided, and its signature state (C5.5), and whether
 * the reader may enter data on it (the editor is read-only otherwise, with the reason).
 */
const FicheRead = Fiche.extend(FicheSignatures.shape)
  .extend({
    editable: z.boolean().openapi({ description: 'Le lecteur peut saisir sur cette fiche (règles d’accès)' }),
    readOnlyReason: z.string().nullable().openapi({ description: 'Pourquoi la fiche est en lecture seule' }),
  })
  .openapi('FicheRead')

const FicheParams = z.object({ id: Uuid })

const writeResponses = {
  400: PROBLEMS[400],
  403: PROBLEMS[403],
  404: PROBLEMS[404],
  409: PROBLEMS[409],
  413: PROBLEMS[413],
  415: PROBLEMS[415],
  422: PROBLEMS[422],
}

const routes = (maxBytes: number) => {
  const body = [limitBody(maxBytes)]
  return {
    create: createRoute({
      method: 'post',
      path: '/fiches',
      summary: 'Ouvrir une fiche et enregistrer son premier brouillon',
      'x-permission': 'enter',
      middleware: body,
      request: {
        headers: IdempotencyHeaders,
        body: jsonBody(
          z.strictObject({
            enrolmentId: Uuid,
            ficheId: z.string().min(1).max(64),
            templateVersionId: Uuid.optional(),
            plannedVisitId: z.string().min(1).max(64).optional(),
            indicationId: z.string().min(1).max(64).optional().openapi({
              description:
                "Pour la FAT d'un programme dont les indications ont des accès distincts : l'indication demandée (C3.3).",
            }),
            data: FicheDataBody.default({}),
          }),
        ),
      },
      responses: { 201: jsonResponse(Fiche, 'Fiche ouverte'), ...writeResponses },
    }),
    read: createRoute({
      method: 'get',
      path: '/fiches/{id}',
      summary: 'Lire une fiche et sa révision courante',
      'x-permission': 'read',
      request: { params: FicheParams },
      responses: { 200: jsonResponse(FicheRead, 'Fiche'), 403: PROBLEMS[403], 404: PROBLEMS[404] },
    }),
    saveDraft: createRoute({
      method: 'put',
      path: '/fiches/{id}/draft',
      summary: 'Enregistrer un brouillon (toujours accepté, même incomplet)',
      'x-permission': 'enter',
      middleware: body,
      request: {
        params: FicheParams,
        headers: IdempotencyHeaders,
        body: jsonBody(z.strictObject({ baseRevisionId: Uuid, data: FicheDataBody })),
      },
      responses: { 200: jsonResponse(Fiche, 'Brouillon enregistré'), ...writeResponses },
    }),
    submit: createRoute({
      method: 'post',
      path: '/fiches/{id}/submit',
      summary: 'Valider une fiche (elle doit être complète et valide)',
      'x-permission': 'enter',
      middleware: body,
      request: {
        params: FicheParams,
        headers: IdempotencyHeaders,
        body: jsonBody(z.strictObject({ baseRevisionId: Uuid, data: FicheDataBody.optional() })),
      },
      responses: { 200: jsonResponse(Fiche, 'Fiche validée'), ...writeResponses },
    }),
    revisions: createRoute({
      method: 'get',
      path: '/fiches/{id}/revisions',
      summary: 'Lister toutes les révisions d’une fiche',
      'x-permission': 'read',
      request: { params: FicheParams },
      responses: {
        200: jsonResponse(z.array(Revision), 'Révisions, de la plus ancienne à la plus récente'),
        403: PROBLEMS[403],
        404: PROBLEMS[404],
      },
    }),
    diff: createRoute({
      method: 'get',
      path: '/fiches/{id}/diff',
      summary: 'Différences champ par champ entre deux révisions',
      'x-permission': 'read',
      request: { params: FicheParams, query: z.object({ from: Uuid, to: Uuid }) },
      responses: {
        200: jsonResponse(
          z.object({
            from: z.object({ id: Uuid, seq: z.number().int() }),
            to: z.object({ id: Uuid, seq: z.number().int() }),
            changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
          }),
          'Différences',
        ),
        400: PROBLEMS[400],
        403: PROBLEMS[403],
        404: PROBLEMS[404],
      },
    }),
  }
}

export const ficheRoutes = (maxFicheBytes: number) => {
  const r = routes(maxFicheBytes)
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(r.create, async (c) => {
      const fiche = await createFiche(c.var.deps, {
        actor: c.var.actor,
        ...c.req.valid('json'),
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      })
      return c.json(fiche, 201)
    })
    .openapi(r.read, async (c) =>
      c.json(await readFiche(c.var.deps.db, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(r.saveDraft, async (c) => {
      const fiche = await saveFiche(c.var.deps, {
        actor: c.var.actor,
        ficheInstanceId: c.req.valid('param').id,
        ...c.req.valid('json'),
        mode: 'draft',
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      })
      return c.json(fiche, 200)
    })
    .openapi(r.submit, async (c) => {
      const fiche = await saveFiche(c.var.deps, {
        actor: c.var.actor,
        ficheInstanceId: c.req.valid('param').id,
        ...c.req.valid('json'),
        mode: 'submit',
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      })
      return c.json(fiche, 200)
    })
    .openapi(r.revisions, async (c) =>
      c.json(await listFicheRevisions(c.var.deps.db, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(r.diff, async (c) => {
      const { from, to } = c.req.valid('query')
      return c.json(await diffRevisions(c.var.deps.db, c.var.actor, c.req.valid('param').id, from, to), 200)
    })
}
