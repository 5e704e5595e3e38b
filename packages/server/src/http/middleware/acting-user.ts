/**
 * Who is acting: for now the `x-openput-user` header (a user id), checked against the users table.
 * TEMPORARY by design: the OIDC / Pro Santé Connect issue replaces this one file with a session lookup;
 * handlers only ever read `c.var.actor` and do not change.
 */
import { createMiddleware } from 'hono/factory'
import { findActor } from '../../domain/actor.ts'
import { problem } from '../../errors.ts'
import type { AppEnv } from '../app-env.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const actingUser = createMiddleware<AppEnv>(async function actingUser(c, next) {
  const userId = c.req.header('x-openput-user')
  if (!userId || !UUID.test(userId)) throw problem('unauthenticated')
  const actor = await findActor(c.var.deps.db, userId)
  if (!actor) throw problem('unauthenticated')
  c.set('actor', actor)
  await next()
})
