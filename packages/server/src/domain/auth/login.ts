/**
 * Signing in through the identity provider: begin (a pending attempt bound to the browser, then the
 * provider's URL) and complete (the callback: checks, account lookup by subject, session or step-up).
 */
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  consumeLoginAttempt,
  deleteExpiredLoginAttempts,
  findSession,
  findUserBySubject,
  insertLoginAttempt,
} from '../../db/queries/sessions.ts'
import { problem } from '../../errors.ts'
import { type OidcClient, OidcError } from '../../external/oidc.ts'
import type { Deps } from '../deps.ts'
import { addSeconds, type SessionPolicy } from './session-policy.ts'
import { openSession, recordStepUp } from './sessions.ts'
import { hashToken, newToken } from './tokens.ts'

/** Time allowed at the provider between leaving OpenPUT and coming back to the callback. */
export const LOGIN_ATTEMPT_SECONDS = 10 * 60

export interface LoginContext {
  deps: Deps
  oidc: OidcClient | undefined
  policy: SessionPolicy
  now: Date
}

const providerProblem = (error: unknown) => {
  if (error instanceof OidcError && error.code !== 'discovery-failed' && error.code !== 'issuer-mismatch') {
    return problem('authentication-failed', { ...error.params, reason: error.code })
  }
  // Discovery failing or returning another issuer is a configuration or availability problem, not the user's.
  return problem('identity-provider-unavailable', {
    reason: error instanceof OidcError ? error.code : 'unknown',
  })
}

/**
 * Starts a sign-in (or a step-up of `stepUpSessionId`). Returns the provider URL to redirect to and the
 * binding token the browser keeps in a cookie until the callback.
 */
export async function beginLogin(
  ctx: LoginContext,
  input: { returnTo: string; stepUpSessionId?: string | undefined },
) {
  if (!ctx.oidc) throw problem('identity-provider-unavailable', { reason: 'not-configured' })
  const stepUp = input.stepUpSessionId !== undefined
  let started: Awaited<ReturnType<OidcClient['startAuthorization']>>
  try {
    started = await ctx.oidc.startAuthorization({ stepUp })
  } catch (error) {
    throw providerProblem(error)
  }
  const bindingToken = newToken()
  await deleteExpiredLoginAttempts(ctx.deps.db, ctx.now)
  await insertLoginAttempt(ctx.deps.db, {
    binding_hash: hashToken(bindingToken),
    state: started.secrets.state,
    nonce: started.secrets.nonce,
    code_verifier: started.secrets.codeVerifier,
    return_to: input.returnTo,
    step_up_session_id: input.stepUpSessionId ?? null,
    created_at: ctx.now,
    expires_at: addSeconds(ctx.now, LOGIN_ATTEMPT_SECONDS),
  })
  return { url: started.url, bindingToken }
}

export type LoginOutcome =
  | { kind: 'signed-in'; token: string; sessionId: string; returnTo: string }
  | { kind: 'stepped-up'; sessionId: string; returnTo: string }

/**
 * The provider's callback: the attempt is consumed first (no replay), then the code is exchanged and the
 * identity checked, then the subject must name a provisioned account.
 */
export async function completeLogin(
  ctx: LoginContext,
  input: { bindingToken: string | undefined; callbackUrl: URL },
): Promise<LoginOutcome> {
  if (!ctx.oidc) throw problem('identity-provider-unavailable', { reason: 'not-configured' })
  if (!input.bindingToken) throw problem('authentication-failed', { reason: 'no-login-attempt' })
  const attempt = await consumeLoginAttempt(ctx.deps.db, hashToken(input.bindingToken))
  if (!attempt || attempt.expires_at <= ctx.now) {
    throw problem('authentication-failed', { reason: 'no-login-attempt' })
  }
  const stepUp = attempt.step_up_session_id !== null
  let identity: Awaited<ReturnType<OidcClient['completeAuthorization']>>
  try {
    identity = await ctx.oidc.completeAuthorization(
      input.callbackUrl,
      { state: attempt.state, nonce: attempt.nonce, codeVerifier: attempt.code_verifier },
      { stepUp },
    )
  } catch (error) {
    throw providerProblem(error)
  }
  const user = await findUserBySubject(ctx.deps.db, identity.subject)
  if (!user) {
    await insertAuditEvent(ctx.deps.db, {
      actorId: null,
      action: 'session.refuse',
      subjectType: 'login-attempt',
      subjectId: attempt.id,
      details: { reason: 'unknown-account', subject: identity.subject },
    })
    throw problem('unknown-account', { subject: identity.subject })
  }
  if (stepUp) {
    const session = await findSession(ctx.deps.db, attempt.step_up_session_id!)
    // Re-authenticating as someone else does not vouch for the session's owner.
    if (!session || session.user_id !== user.id) {
      throw problem('authentication-failed', { reason: 'step-up-other-user' })
    }
    const recorded = await recordStepUp(ctx.deps, {
      sessionId: session.id,
      userId: user.id,
      authTime: ctx.now,
      acr: identity.acr ?? null,
      idToken: identity.idToken,
    })
    if (!recorded) throw problem('unauthenticated', { reason: 'revoked' })
    return { kind: 'stepped-up', sessionId: session.id, returnTo: attempt.return_to }
  }
  // The provider may have reused its own earlier sign-in (SSO): its auth_time, when older, is the truth.
  const authTime = identity.authTime && identity.authTime < ctx.now ? identity.authTime : ctx.now
  const { token, session } = await openSession(
    ctx.deps,
    {
      userId: user.id,
      authTime,
      acr: identity.acr ?? null,
      idToken: identity.idToken,
      details: { subject: identity.subject },
    },
    ctx.policy,
    ctx.now,
  )
  return { kind: 'signed-in', token, sessionId: session.id, returnTo: attempt.return_to }
}
