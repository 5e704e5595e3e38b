/**
 * Who is acting: the session named by the `__Host-openput_session` cookie, resolved (and its idle expiry
 * slid) on every /api request. Handlers read `c.var.actor` and `c.var.session`; no session is a 401.
 */
import { createMiddleware } from 'hono/factory'
import type { Clock, SessionPolicy } from '../../domain/auth/session-policy.ts'
import { resolveSession } from '../../domain/auth/sessions.ts'
import { problem } from '../../errors.ts'
import type { AppEnv } from '../app-env.ts'
import { readSessionCookie } from '../session-cookie.ts'

export const requireSession = (policy: SessionPolicy, now: Clock) =>
  createMiddleware<AppEnv>(async function requireSession(c, next) {
    const token = readSessionCookie(c)
    if (!token) throw problem('unauthenticated', { reason: 'missing' })
    const resolved = await resolveSession(c.var.deps, token, policy, now())
    if ('refused' in resolved) throw problem('unauthenticated', { reason: resolved.refused })
    c.set('session', resolved.session)
    c.set('actor', resolved.actor)
    await next()
  })
