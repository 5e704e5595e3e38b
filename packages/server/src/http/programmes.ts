/**
 * GET /api/programmes: the published programmes with their indications and access modality (C3.3), for
 * the runtime's programme and indication choice.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { listProgrammes } from '../domain/templates/read-programmes.ts'
import type { AppEnv } from './app-env.ts'
import { jsonResponse, PROBLEMS, Uuid } from './common-schemas.ts'

const Programme = z
  .object({
    id: Uuid,
    programme: z.string(),
    latestVersionId: Uuid,
    version: z.string(),
    medicine: z.string().nullable(),
    putKind: z.string().nullable(),
    framework: z.string().nullable(),
    indications: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        access: z.enum(['shared', 'distinct']).openapi({
          description: 'C3.3 : accès commun aux indications, ou accès distinct pour celle-ci',
        }),
        accessDescription: z.string().nullable(),
      }),
    ),
  })
  .openapi('Programme')

const list = createRoute({
  method: 'get',
  path: '/programmes',
  summary: 'Programmes publiés, leurs indications et leurs modalités d’accès (C3.3)',
  'x-permission': 'authenticated',
  responses: { 200: jsonResponse(z.array(Programme), 'Programmes'), 401: PROBLEMS[401] },
})

export const programmeRoutes = () =>
  new OpenAPIHono<AppEnv>().openapi(list, async (c) => c.json(await listProgrammes(c.var.deps.db), 200))
