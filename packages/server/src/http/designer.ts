/**
 * The designer's API (P2): programmes with their versions and drafts, draft saves checked with the CLI's
 * code under optimistic concurrency, YAML export and import, review with the diff and its impact, publish.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import {
  createDraft,
  exportDraft,
  listDesignerProgrammes,
  publishDraft,
  readDraft,
  readReview,
  reviewDraft,
  saveDraft,
  submitDraft,
} from '../domain/templates/drafts.ts'
import type { AppEnv } from './app-env.ts'
import { jsonBody, jsonResponse, PROBLEMS, Uuid } from './common-schemas.ts'
import { limitBody } from './middleware/body-size.ts'
import { validationHook } from './validation-hook.ts'

const Finding = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  requirements: z.array(z.string()),
  message: z.string(),
  at: z.object({
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    path: z.array(z.union([z.string(), z.number()])),
  }),
})

const Review = z.object({
  id: Uuid,
  revision: z.number().int(),
  reviewerId: Uuid,
  reviewerName: z.string(),
  decision: z.enum(['approved', 'rejected']),
  comment: z.string(),
  breakingCount: z.number().int(),
  createdAt: z.string(),
})

const DraftState = z.enum(['draft', 'in-review', 'published'])

const Draft = z
  .object({
    id: Uuid,
    programme: z.string(),
    version: z.string().nullable(),
    state: DraftState,
    revision: z.number().int(),
    yaml: z.string(),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    findings: z.array(Finding),
    authorIds: z.array(Uuid),
    updatedAt: z.string(),
    publishedVersionId: Uuid.nullable(),
    base: z.object({ id: Uuid, version: z.string() }).nullable(),
    reviews: z.array(Review),
  })
  .openapi('TemplateDraft')

const ProgrammeEntry = z
  .object({
    programme: z.string(),
    name: z.string().nullable(),
    versions: z.array(
      z.object({ id: Uuid, version: z.string(), effectiveDate: z.string(), publishedAt: z.string() }),
    ),
    drafts: z.array(
      z.object({
        id: Uuid,
        version: z.string().nullable(),
        state: DraftState,
        revision: z.number().int(),
        errorCount: z.number().int(),
        warningCount: z.number().int(),
        updatedAt: z.string(),
      }),
    ),
  })
  .openapi('DesignerProgramme')

const ReviewView = z
  .object({
    draft: Draft,
    base: z.object({ id: Uuid, version: z.string() }).nullable(),
    counts: z.record(z.string(), z.number().int()),
    breakingCount: z.number().int(),
    approvalRequired: z.boolean(),
    approved: z.boolean(),
    changes: z.array(
      z
        .object({
          kind: z.string(),
          class: z.enum(['breaking', 'review', 'compatible', 'cosmetic']),
          message: z.string(),
          target: z.record(z.string(), z.string()),
          affectedRevisions: z.number().int().optional(),
          impact: z
            .object({
              fichesWithValue: z.number().int(),
              noLongerFits: z.number().int(),
              mustBeReEntered: z.number().int(),
            })
            .optional(),
        })
        .passthrough(),
    ),
  })
  .openapi('TemplateDraftReview')

const Revision = z
  .number()
  .int()
  .min(1)
  .openapi({ description: 'La révision du brouillon sur laquelle on agit.' })
const idParam = { params: z.object({ id: Uuid }) }
const draftProblems = { 403: PROBLEMS[403], 404: PROBLEMS[404], 409: PROBLEMS[409], 422: PROBLEMS[422] }

const listProgrammes = createRoute({
  method: 'get',
  path: '/designer/programmes',
  summary: 'Programmes du laboratoire, leurs versions publiées et leurs brouillons',
  'x-permission': 'view-template-drafts',
  responses: { 200: jsonResponse(z.array(ProgrammeEntry), 'Programmes'), 403: PROBLEMS[403] },
})

const create = (maxBytes: number) =>
  createRoute({
    method: 'post',
    path: '/designer/drafts',
    summary: 'Commencer une version (nouveau programme ou nouvelle version) à partir d’un modèle YAML',
    'x-permission': 'author-template',
    middleware: [limitBody(maxBytes)],
    request: { body: jsonBody(z.strictObject({ yaml: z.string().min(1) })) },
    responses: {
      201: jsonResponse(Draft, 'Brouillon créé'),
      400: PROBLEMS[400],
      413: PROBLEMS[413],
      ...draftProblems,
    },
  })

const read = createRoute({
  method: 'get',
  path: '/designer/drafts/{id}',
  summary: 'Lire un brouillon, ses constats et ses relectures',
  'x-permission': 'view-template-drafts',
  request: idParam,
  responses: { 200: jsonResponse(Draft, 'Brouillon'), 403: PROBLEMS[403], 404: PROBLEMS[404] },
})

const save = (maxBytes: number, path: '/designer/drafts/{id}' | '/designer/drafts/{id}/import') =>
  createRoute({
    method: path.endsWith('import') ? 'post' : 'put',
    path,
    summary: path.endsWith('import')
      ? 'Importer un fichier YAML dans le brouillon (nouvelle révision)'
      : 'Enregistrer le brouillon (contrôlé à chaque enregistrement)',
    description:
      'Refus 409 si le brouillon a été enregistré depuis `revision` ; les constats des contrôles de la charte sont renvoyés, le brouillon est enregistré même s’il en comporte.',
    'x-permission': 'author-template',
    middleware: [limitBody(maxBytes)],
    request: { ...idParam, body: jsonBody(z.strictObject({ yaml: z.string().min(1), revision: Revision })) },
    responses: {
      200: jsonResponse(Draft, 'Brouillon enregistré'),
      400: PROBLEMS[400],
      413: PROBLEMS[413],
      ...draftProblems,
    },
  })

const exportYaml = createRoute({
  method: 'get',
  path: '/designer/drafts/{id}/yaml',
  summary: 'Exporter le modèle YAML du brouillon (le fichier que vérifie `openput check`)',
  'x-permission': 'view-template-drafts',
  request: idParam,
  responses: {
    200: { description: 'Modèle YAML', content: { 'application/yaml': { schema: z.string() } } },
    403: PROBLEMS[403],
    404: PROBLEMS[404],
  },
})

const submit = createRoute({
  method: 'post',
  path: '/designer/drafts/{id}/submit',
  summary: 'Soumettre le brouillon à la relecture',
  'x-permission': 'author-template',
  request: { ...idParam, body: jsonBody(z.strictObject({ revision: Revision })) },
  responses: { 200: jsonResponse(Draft, 'Brouillon en relecture'), 400: PROBLEMS[400], ...draftProblems },
})

const review = createRoute({
  method: 'get',
  path: '/designer/drafts/{id}/review',
  summary: 'Différences avec la version publiée, classées, et fiches déjà saisies touchées',
  'x-permission': 'view-template-drafts',
  request: idParam,
  responses: { 200: jsonResponse(ReviewView, 'Relecture'), ...draftProblems },
})

const decide = createRoute({
  method: 'post',
  path: '/designer/drafts/{id}/reviews',
  summary: 'Approuver ou refuser le brouillon (relecteur, jamais l’auteur)',
  'x-permission': 'review-template',
  request: {
    ...idParam,
    body: jsonBody(
      z.strictObject({
        revision: Revision,
        decision: z.enum(['approved', 'rejected']),
        comment: z.string().trim().min(1).max(2000),
      }),
    ),
  },
  responses: { 200: jsonResponse(Draft, 'Décision enregistrée'), 400: PROBLEMS[400], ...draftProblems },
})

const publish = createRoute({
  method: 'post',
  path: '/designer/drafts/{id}/publish',
  summary: 'Publier le brouillon (approbation requise s’il invalide des données déjà saisies)',
  'x-permission': 'publish-template',
  request: { ...idParam, body: jsonBody(z.strictObject({ revision: Revision })) },
  responses: {
    200: jsonResponse(
      z.object({ draft: Draft, version: z.object({ id: Uuid }).passthrough() }),
      'Version publiée',
    ),
    400: PROBLEMS[400],
    ...draftProblems,
  },
})

export const designerRoutes = (maxTemplateBytes: number) =>
  new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listProgrammes, async (c) => c.json(await listDesignerProgrammes(c.var.deps, c.var.actor), 200))
    .openapi(create(maxTemplateBytes), async (c) =>
      c.json(await createDraft(c.var.deps, { actor: c.var.actor, yaml: c.req.valid('json').yaml }), 201),
    )
    .openapi(read, async (c) =>
      c.json(await readDraft(c.var.deps, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(save(maxTemplateBytes, '/designer/drafts/{id}'), async (c) => {
      const { yaml, revision } = c.req.valid('json')
      const draft = await saveDraft(c.var.deps, {
        actor: c.var.actor,
        id: c.req.valid('param').id,
        yaml,
        revision,
      })
      return c.json(draft, 200)
    })
    .openapi(save(maxTemplateBytes, '/designer/drafts/{id}/import'), async (c) => {
      const { yaml, revision } = c.req.valid('json')
      const id = c.req.valid('param').id
      return c.json(
        await saveDraft(c.var.deps, { actor: c.var.actor, id, yaml, revision, source: 'import' }),
        200,
      )
    })
    .openapi(exportYaml, async (c) => {
      const file = await exportDraft(c.var.deps, c.var.actor, c.req.valid('param').id)
      return c.body(file.yaml, 200, {
        'content-type': 'application/yaml; charset=utf-8',
        'content-disposition': `attachment; filename="${file.fileName}"`,
      })
    })
    .openapi(submit, async (c) => {
      const input = {
        actor: c.var.actor,
        id: c.req.valid('param').id,
        revision: c.req.valid('json').revision,
      }
      return c.json(await submitDraft(c.var.deps, input), 200)
    })
    .openapi(review, async (c) =>
      c.json(await readReview(c.var.deps, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(decide, async (c) => {
      const body = c.req.valid('json')
      return c.json(
        await reviewDraft(c.var.deps, { actor: c.var.actor, id: c.req.valid('param').id, ...body }),
        200,
      )
    })
    .openapi(publish, async (c) => {
      const input = {
        actor: c.var.actor,
        id: c.req.valid('param').id,
        revision: c.req.valid('json').revision,
      }
      return c.json(await publishDraft(c.var.deps, input), 200)
    })
