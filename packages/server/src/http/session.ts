/**
 * GET /api/session: who is signed in (user, memberships), when they last authenticated (for step-up),
 * and when the session ends. The single-page app calls it first.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from './app-env.ts'
import { jsonResponse, PROBLEMS } from './common-schemas.ts'

const SessionInfo = z
  .object({
    user: z.object({ id: z.uuid(), displayName: z.string() }),
    memberships: z.array(
      z.object({
        role: z.string(),
        establishmentId: z.uuid().nullable(),
        organisationId: z.uuid().nullable(),
      }),
    ),
    authTime: z.iso.datetime(),
    acr: z.string().nullable(),
    idleExpiresAt: z.iso.datetime(),
    absoluteExpiresAt: z.iso.datetime(),
  })
  .openapi('Session')

const read = createRoute({
  method: 'get',
  path: '/session',
  summary: 'Session en cours : utilisateur, rattachements, dernière authentification',
  'x-permission': 'authenticated',
  responses: { 200: jsonResponse(SessionInfo, 'Session en cours'), 401: PROBLEMS[401] },
})

export const sessionRoutes = () =>
  new OpenAPIHono<AppEnv>().openapi(read, (c) => {
    const { actor, session } = c.var
    return c.json(
      {
        user: { id: actor.id, displayName: actor.displayName },
        memberships: actor.memberships.map((m) => ({
          role: m.role,
          establishmentId: m.establishment_id,
          organisationId: m.organisation_id,
        })),
        authTime: session.authTime.toISOString(),
        acr: session.acr,
        idleExpiresAt: session.idleExpiresAt.toISOString(),
        absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
      },
      200,
    )
  })
