/**
 * Browser sign-in routes: /auth/login and /auth/step-up (to the provider), /auth/callback (back from it),
 * /auth/logout (revoke, then the provider's logout). Thin: the work is in domain/auth/.
 */
import { Hono } from 'hono'
import { csrf } from 'hono/csrf'
import { beginLogin, completeLogin } from '../domain/auth/login.ts'
import { safeReturnTo } from '../domain/auth/return-to.ts'
import { systemClock } from '../domain/auth/session-policy.ts'
import { closeSession, resolveSession } from '../domain/auth/sessions.ts'
import { isProblem, type Problem } from '../errors.ts'
import type { AppEnv } from './app-env.ts'
import type { AuthOptions } from './auth-options.ts'
import { problemPage } from './problem-page.ts'
import {
  clearLoginCookie,
  clearSessionCookie,
  readLoginCookie,
  readSessionCookie,
  setLoginCookie,
  setSessionCookie,
} from './session-cookie.ts'

export function authRoutes(options: AuthOptions) {
  const now = options.now ?? systemClock
  const redirectPath = options.redirectPath ?? '/auth/callback'
  const app = new Hono<AppEnv>()
  const ctx = (deps: AppEnv['Variables']['deps']) => ({
    deps,
    oidc: options.oidc,
    policy: options.sessions,
    now: now(),
  })

  // Browsers land here: a refusal is a French page (or a problem document for API clients).
  app.onError((error, c) => {
    if (isProblem(error)) return problemPage(c, error as Problem)
    throw error
  })

  app.get('/login', async (c) => {
    const returnTo = safeReturnTo(c.req.query('returnTo'))
    const { url, bindingToken } = await beginLogin(ctx(c.var.deps), { returnTo })
    setLoginCookie(c, bindingToken)
    return c.redirect(url.href, 302)
  })

  app.get('/step-up', async (c) => {
    const returnTo = safeReturnTo(c.req.query('returnTo'))
    const token = readSessionCookie(c)
    const resolved = token ? await resolveSession(c.var.deps, token, options.sessions, now()) : undefined
    if (!resolved || 'refused' in resolved) {
      // No live session to step up: an ordinary sign-in is the same ceremony.
      return c.redirect(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`, 302)
    }
    const { url, bindingToken } = await beginLogin(ctx(c.var.deps), {
      returnTo,
      stepUpSessionId: resolved.session.id,
    })
    setLoginCookie(c, bindingToken)
    return c.redirect(url.href, 302)
  })

  app.get(redirectPath.replace(/^\/auth/, ''), async (c) => {
    // Behind a TLS-terminating proxy the request URL is http://…: rebuild the one the provider called.
    const requested = new URL(c.req.url)
    const callbackUrl = new URL(`${requested.pathname}${requested.search}`, options.publicOrigin)
    const bindingToken = readLoginCookie(c)
    clearLoginCookie(c)
    const outcome = await completeLogin(ctx(c.var.deps), { bindingToken, callbackUrl })
    if (outcome.kind === 'signed-in') setSessionCookie(c, outcome.token)
    return c.redirect(outcome.returnTo, 302)
  })

  // A form post from the application's own pages: the origin is checked like any form write.
  app.post('/logout', csrf({ origin: options.publicOrigin }), async (c) => {
    const token = readSessionCookie(c)
    clearSessionCookie(c)
    const resolved = token ? await resolveSession(c.var.deps, token, options.sessions, now()) : undefined
    if (!resolved || 'refused' in resolved) return c.redirect('/', 303)
    const closed = await closeSession(c.var.deps, resolved.session.id, now())
    const endSession = await options.oidc?.endSessionUrl(closed?.idToken ?? undefined).catch(() => undefined)
    return c.redirect(endSession?.href ?? '/', 303)
  })

  return app
}
