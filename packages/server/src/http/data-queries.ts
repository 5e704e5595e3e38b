/**
 * Data-clarification queries: the lab's data manager raises one on an item of a fiche, closes or reopens
 * it; the establishment's users who may enter the fiche answer (C5.2–C5.4). Every move is kept.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { moveQuery, raiseQuery } from '../domain/data-queries/query-commands.ts'
import type { QueryMove } from '../domain/data-queries/query-transitions.ts'
import { listFicheQueries, queryInbox } from '../domain/data-queries/read-queries.ts'
import type { AppEnv } from './app-env.ts'
import { jsonBody, jsonResponse, PROBLEMS, READ_PROBLEMS, Uuid, WRITE_PROBLEMS } from './common-schemas.ts'
import { limitBody } from './middleware/body-size.ts'
import { validationHook } from './validation-hook.ts'

const small = [limitBody(16 * 1024)]
const IdParams = z.object({ id: Uuid })
const Text = z.string().trim().min(1).max(2000)
const Status = z.enum(['open', 'answered', 'closed'])

const Query = z
  .object({
    id: Uuid,
    ficheInstanceId: Uuid,
    enrolmentId: Uuid,
    itemPath: z.string(),
    revisionId: Uuid,
    status: Status,
    raisedBy: Uuid,
    createdAt: z.string(),
    updatedAt: z.string(),
    messages: z.array(
      z.object({
        id: Uuid,
        authorId: Uuid,
        kind: z.enum(['raise', 'answer', 'close', 'reopen']),
        text: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('DataQuery')

const move = <B extends z.ZodType>(path: string, summary: string, permission: string, body: B) =>
  createRoute({
    method: 'post',
    path,
    summary,
    'x-permission': permission,
    middleware: small,
    request: { params: IdParams, body: jsonBody(body) },
    responses: { 200: jsonResponse(Query, 'Query mise à jour'), ...WRITE_PROBLEMS },
  })

export const queryRouteDefinitions = {
  raise: createRoute({
    method: 'post',
    path: '/fiches/{id}/queries',
    summary: 'Poser une query sur un champ de la fiche (gestionnaire de données du laboratoire)',
    'x-permission': 'manage-queries',
    middleware: small,
    request: {
      params: IdParams,
      body: jsonBody(
        z.strictObject({
          itemPath: z
            .string()
            .max(300)
            .regex(/^(\/[^/]+)+$/)
            .openapi({ description: 'Pointeur JSON vers le champ, par ex. /poids_kg', example: '/poids_kg' }),
          text: Text,
        }),
      ),
    },
    responses: { 201: jsonResponse(Query, 'Query posée'), ...WRITE_PROBLEMS },
  }),
  listOfFiche: createRoute({
    method: 'get',
    path: '/fiches/{id}/queries',
    summary: 'Queries de la fiche, avec leur historique',
    'x-permission': 'read',
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.array(Query), 'Queries'), ...READ_PROBLEMS },
  }),
  answer: move(
    '/queries/{id}/answers',
    'Répondre à une query (utilisateurs ayant les droits de saisie sur la fiche)',
    'answer-query',
    z.strictObject({ text: Text }),
  ),
  close: move(
    '/queries/{id}/close',
    'Clore une query (gestionnaire de données)',
    'manage-queries',
    z.strictObject({ text: Text.optional() }),
  ),
  reopen: move(
    '/queries/{id}/reopen',
    'Rouvrir une query close (gestionnaire de données)',
    'manage-queries',
    z.strictObject({ text: Text.optional() }),
  ),
  inbox: createRoute({
    method: 'get',
    path: '/queries',
    summary: 'Queries des dossiers que vous pouvez lire',
    'x-permission': 'authenticated',
    request: { query: z.object({ status: Status.optional() }) },
    responses: { 200: jsonResponse(z.array(Query), 'Queries'), 400: PROBLEMS[400] },
  }),
}

export const queryRoutes = () => {
  const r = queryRouteDefinitions
  const moved =
    (kind: QueryMove, actor: AppEnv['Variables']['actor'], deps: AppEnv['Variables']['deps']) =>
    (queryId: string, text: string | undefined) =>
      moveQuery(deps, { actor, queryId, move: kind, text })
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(r.raise, async (c) =>
      c.json(
        await raiseQuery(c.var.deps, {
          actor: c.var.actor,
          ficheInstanceId: c.req.valid('param').id,
          ...c.req.valid('json'),
        }),
        201,
      ),
    )
    .openapi(r.listOfFiche, async (c) =>
      c.json(await listFicheQueries(c.var.deps.db, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(r.answer, async (c) => {
      const answer = moved('answer', c.var.actor, c.var.deps)
      return c.json(await answer(c.req.valid('param').id, c.req.valid('json').text), 200)
    })
    .openapi(r.close, async (c) => {
      const close = moved('close', c.var.actor, c.var.deps)
      return c.json(await close(c.req.valid('param').id, c.req.valid('json').text), 200)
    })
    .openapi(r.reopen, async (c) => {
      const reopen = moved('reopen', c.var.actor, c.var.deps)
      return c.json(await reopen(c.req.valid('param').id, c.req.valid('json').text), 200)
    })
    .openapi(r.inbox, async (c) =>
      c.json(await queryInbox(c.var.deps.db, c.var.actor, c.req.valid('query').status), 200),
    )
}
