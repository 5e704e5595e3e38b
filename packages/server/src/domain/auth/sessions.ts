/**
 * Session commands: open (sign-in), resolve (every request), close (sign-out), revoke all of a user's
 * sessions, and record a step-up. Each change is audited in its own transaction.
 */
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  findSessionByTokenHash,
  insertSession,
  refreshSessionAuthentication,
  revokeSession,
  revokeSessionsOfUser,
  touchSession,
} from '../../db/queries/sessions.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { addSeconds, type SessionPolicy } from './session-policy.ts'
import { hashToken, newToken } from './tokens.ts'

/** What a request knows about its session (`c.var.session`). */
export interface SessionView {
  id: string
  userId: string
  createdAt: Date
  authTime: Date
  acr: string | null
  idleExpiresAt: Date
  absoluteExpiresAt: Date
}

export type SessionRefusal = 'unknown' | 'revoked' | 'expired'

/**
 * The idle expiry is pushed forward at most once a minute: a write per request would cost every API call
 * a row update (and WAL) for no meaningful gain in precision.
 */
const SLIDE_EVERY_MS = 60_000

export interface OpenSessionInput {
  userId: string
  authTime: Date
  acr: string | null
  idToken: string | null
  /** Recorded in the audit event (e.g. the provider's acr, the login attempt). */
  details?: Record<string, unknown>
}

/** Signs a user in: a new session row and its token (returned once, for the cookie; never stored). */
export async function openSession(deps: Deps, input: OpenSessionInput, policy: SessionPolicy, now: Date) {
  const token = newToken()
  const absoluteExpiresAt = addSeconds(now, policy.absoluteSeconds)
  const session = await deps.db.transaction().execute(async (trx) => {
    const row = await insertSession(trx, {
      user_id: input.userId,
      token_hash: hashToken(token),
      created_at: now,
      last_seen_at: now,
      idle_expires_at: minDate(addSeconds(now, policy.idleSeconds), absoluteExpiresAt),
      absolute_expires_at: absoluteExpiresAt,
      auth_time: input.authTime,
      acr: input.acr,
      id_token: input.idToken,
    })
    await insertAuditEvent(trx, {
      actorId: input.userId,
      action: 'session.sign-in',
      subjectType: 'session',
      subjectId: row.id,
      details: { acr: input.acr, ...input.details },
    })
    return row
  })
  return { token, session }
}

/** The live session and acting user behind a cookie token, or why there is none. */
export async function resolveSession(
  deps: Deps,
  token: string,
  policy: SessionPolicy,
  now: Date,
): Promise<{ session: SessionView; actor: Actor } | { refused: SessionRefusal }> {
  const row = await findSessionByTokenHash(deps.db, hashToken(token))
  if (!row) return { refused: 'unknown' }
  if (row.revoked_at) return { refused: 'revoked' }
  if (now >= row.idle_expires_at || now >= row.absolute_expires_at) return { refused: 'expired' }
  let idleExpiresAt = row.idle_expires_at
  if (now.getTime() - row.last_seen_at.getTime() >= SLIDE_EVERY_MS) {
    idleExpiresAt = minDate(addSeconds(now, policy.idleSeconds), row.absolute_expires_at)
    await touchSession(deps.db, row.id, now, idleExpiresAt)
  }
  return {
    session: {
      id: row.id,
      userId: row.user_id,
      createdAt: row.created_at,
      authTime: row.auth_time,
      acr: row.acr,
      idleExpiresAt,
      absoluteExpiresAt: row.absolute_expires_at,
    },
    actor: { id: row.user_id, displayName: row.display_name, memberships: row.memberships },
  }
}

/** Signs out: revokes the session; returns its ID token for the provider's logout, if it was live. */
export async function closeSession(deps: Deps, sessionId: string, now: Date) {
  return deps.db.transaction().execute(async (trx) => {
    const revoked = await revokeSession(trx, sessionId, now, 'sign-out')
    if (!revoked) return undefined
    await insertAuditEvent(trx, {
      actorId: revoked.user_id,
      action: 'session.sign-out',
      subjectType: 'session',
      subjectId: revoked.id,
    })
    return { idToken: revoked.id_token }
  })
}

/**
 * Ends every live session of a user (account suspended, device lost, role withdrawn). `actorId` is who
 * asked (an administrator), null for the system.
 */
export async function revokeUserSessions(
  deps: Deps,
  input: { userId: string; actorId: string | null; reason?: string },
  now: Date,
) {
  return deps.db.transaction().execute(async (trx) => {
    const revoked = await revokeSessionsOfUser(trx, input.userId, now)
    await insertAuditEvent(trx, {
      actorId: input.actorId,
      action: 'session.revoke',
      subjectType: 'user',
      subjectId: input.userId,
      details: { sessions: revoked.map((r) => r.id), ...(input.reason ? { reason: input.reason } : {}) },
    })
    return revoked.length
  })
}

/** Records a fresh authentication on a live session (step-up); false when the session is gone. */
export async function recordStepUp(
  deps: Deps,
  input: { sessionId: string; userId: string; authTime: Date; acr: string | null; idToken: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const updated = await refreshSessionAuthentication(trx, input.sessionId, input)
    if (!updated) return false
    await insertAuditEvent(trx, {
      actorId: input.userId,
      action: 'session.step-up',
      subjectType: 'session',
      subjectId: input.sessionId,
      details: { acr: input.acr },
    })
    return true
  })
}

const minDate = (a: Date, b: Date) => (a <= b ? a : b)
