/**
 * Step-up: some acts (e-signature of a fiche) need an authentication younger than a few minutes, not just
 * a live session. The caller sends the user to /auth/step-up, which refreshes the session's auth_time.
 */
import { problem } from '../../errors.ts'

export const STEP_UP_PATH = '/auth/step-up'

/** Throws `recent-authentication-required` unless the session authenticated within `maxAgeSeconds`. */
export function requireRecentAuthentication(
  session: { authTime: Date },
  maxAgeSeconds: number,
  now: Date = new Date(),
) {
  const ageSeconds = (now.getTime() - session.authTime.getTime()) / 1000
  if (ageSeconds <= maxAgeSeconds) return
  throw problem('recent-authentication-required', { maxAgeSeconds, stepUpPath: STEP_UP_PATH })
}
