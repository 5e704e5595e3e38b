/**
 * A template version's documents for its users (C1.4, C5.1): the user guide, the documentary resources
 * and the access per role of each fiche.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { readDocuments } from '../domain/templates/read-documents.ts'
import type { AppEnv } from './app-env.ts'
import { jsonResponse, PROBLEMS, Uuid } from './common-schemas.ts'
import { validationHook } from './validation-hook.ts'

const Level = z.enum(['none', 'read', 'entry', 'entry-sign'])

const Documents = z
  .object({
    templateVersionId: Uuid,
    programme: z.string(),
    version: z.string(),
    userGuide: z.object({ title: z.string(), content: z.string() }).nullable(),
    resources: z.array(
      z.object({ id: z.string(), title: z.string(), kind: z.string(), content: z.string() }),
    ),
    indications: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        access: z.enum(['shared', 'distinct']),
        accessDescription: z.string().nullable(),
      }),
    ),
    ficheAccess: z.array(
      z.object({
        ficheId: z.string(),
        kind: z.string(),
        title: z.string(),
        signers: z.array(z.string()),
        access: z.object({ prescriber: Level, pharmacist: Level, pnm: Level }),
      }),
    ),
  })
  .openapi('TemplateDocuments')

const read = createRoute({
  method: 'get',
  path: '/template-versions/{id}/documents',
  summary: 'Guide d’utilisation, ressources documentaires et règles d’accès par rôle d’une version',
  'x-permission': 'authenticated',
  request: { params: z.object({ id: Uuid }) },
  responses: { 200: jsonResponse(Documents, 'Documents'), 404: PROBLEMS[404] },
})

export const documentRoutes = () =>
  new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(read, async (c) =>
    c.json(await readDocuments(c.var.deps.db, c.req.valid('param').id), 200),
  )
