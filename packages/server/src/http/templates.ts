/**
 * Template versions: publish (designer checks decide), list, read, and read one compiled fiche.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { publishTemplate } from '../domain/templates/publish-template.ts'
import { listVersions, readFicheDefinition, readVersion } from '../domain/templates/read-templates.ts'
import type { AppEnv } from './app-env.ts'
import { IdempotencyHeaders, jsonBody, jsonResponse, PROBLEMS, Uuid } from './common-schemas.ts'
import { limitBody } from './middleware/body-size.ts'
import { validationHook } from './validation-hook.ts'

const FicheHeader = z.object({ ficheId: z.string(), kind: z.string(), title: z.string(), hash: z.string() })

const VersionSummary = z
  .object({
    id: Uuid,
    programmeId: Uuid,
    programme: z.string(),
    version: z.string(),
    effectiveDate: z.string(),
    templateHash: z.string(),
    publishedAt: z.string(),
  })
  .openapi('TemplateVersionSummary')

const PublishedVersion = VersionSummary.extend({
  fiches: z.array(FicheHeader),
  warnings: z.array(z.object({ rule: z.string(), message: z.string() })),
}).openapi('PublishedTemplateVersion')

const VersionDetail = VersionSummary.extend({
  publishedBy: Uuid,
  yaml: z.string(),
  fiches: z.array(FicheHeader),
}).openapi('TemplateVersion')

const publish = (maxBytes: number) =>
  createRoute({
    method: 'post',
    path: '/template-versions',
    summary: 'Publier une version de modèle (YAML)',
    'x-permission': 'publish-template',
    description:
      'Vérifie le modèle avec les contrôles du designer ; refus 422 avec la liste des constats en cas d’erreur.',
    middleware: [limitBody(maxBytes)],
    request: {
      headers: IdempotencyHeaders,
      body: jsonBody(z.strictObject({ yaml: z.string().min(1) })),
    },
    responses: {
      201: jsonResponse(PublishedVersion, 'Version publiée'),
      400: PROBLEMS[400],
      403: PROBLEMS[403],
      409: PROBLEMS[409],
      413: PROBLEMS[413],
      422: PROBLEMS[422],
    },
  })

const list = createRoute({
  method: 'get',
  path: '/template-versions',
  summary: 'Lister les versions publiées',
  'x-permission': 'authenticated',
  request: { query: z.object({ programme: z.string().optional() }) },
  responses: { 200: jsonResponse(z.array(VersionSummary), 'Versions publiées') },
})

const read = createRoute({
  method: 'get',
  path: '/template-versions/{id}',
  summary: 'Lire une version publiée (source YAML et fiches)',
  'x-permission': 'authenticated',
  request: { params: z.object({ id: Uuid }) },
  responses: { 200: jsonResponse(VersionDetail, 'Version'), 404: PROBLEMS[404] },
})

const readFiche = createRoute({
  method: 'get',
  path: '/template-versions/{id}/fiches/{ficheId}',
  summary: 'Lire la définition compilée d’une fiche (JSON Schema, UI schema, textes)',
  'x-permission': 'authenticated',
  request: { params: z.object({ id: Uuid, ficheId: z.string().max(64) }) },
  responses: { 200: jsonResponse(z.record(z.string(), z.unknown()), 'Fiche compilée'), 404: PROBLEMS[404] },
})

export const templateRoutes = (maxTemplateBytes: number) =>
  new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(publish(maxTemplateBytes), async (c) => {
      const version = await publishTemplate(c.var.deps, {
        actor: c.var.actor,
        yaml: c.req.valid('json').yaml,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      })
      return c.json(version, 201)
    })
    .openapi(list, async (c) =>
      c.json(await listVersions(c.var.deps.db, c.req.valid('query').programme), 200),
    )
    .openapi(read, async (c) => c.json(await readVersion(c.var.deps.db, c.req.valid('param').id), 200))
    .openapi(readFiche, async (c) => {
      const { id, ficheId } = c.req.valid('param')
      return c.json(await readFicheDefinition(c.var.deps.db, id, ficheId), 200)
    })
