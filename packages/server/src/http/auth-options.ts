/**
 * What the HTTP layer needs to authenticate: the public origin (cookies, redirects, CSRF), the session
 * policy, the clock, and the identity provider client (absent: sign-in answers 503).
 */
import type { Clock, SessionPolicy } from '../domain/auth/session-policy.ts'
import type { OidcClient } from '../external/oidc.ts'

export interface AuthOptions {
  publicOrigin: string
  sessions: SessionPolicy
  oidc?: OidcClient | undefined
  now?: Clock
  /** Path of the provider's callback under the public origin. */
  redirectPath?: string
}
