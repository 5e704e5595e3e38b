/**
 * Sessions and login attempts: plain functions taking db or trx first. Tokens arrive here already hashed;
 * times come from the caller's clock so that expiry is testable.
 */
import type { Insertable } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Executor, LoginAttemptsTable, SessionRevocation, SessionsTable } from '../database.ts'
import { preparedQuery } from '../prepared.ts'

export const insertSession = (db: Executor, row: Insertable<SessionsTable>) =>
  db.insertInto('sessions').values(row).returningAll().executeTakeFirstOrThrow()

const sessionByToken = preparedQuery<{ tokenHash: string }>()((db, arg) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.user_id',
      's.created_at',
      's.last_seen_at',
      's.idle_expires_at',
      's.absolute_expires_at',
      's.auth_time',
      's.acr',
      's.revoked_at',
      'u.display_name',
    ])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('memberships as m')
          .select(['m.role', 'm.establishment_id', 'm.organisation_id'])
          .whereRef('m.user_id', '=', 'u.id')
          .orderBy('m.created_at')
          .orderBy('m.id'),
      ).as('memberships'),
    )
    .where('s.token_hash', '=', arg('tokenHash')),
)

/** The session a token hash names, with its user and memberships, in one round trip (every request). */
export const findSessionByTokenHash = async (db: Executor, tokenHash: string) =>
  (await sessionByToken(db, { tokenHash }))[0]

const touch = preparedQuery<{ id: string; now: Date; idleExpiresAt: Date }>()((db, arg) =>
  db
    .updateTable('sessions')
    .set({ last_seen_at: arg('now'), idle_expires_at: arg('idleExpiresAt') })
    .where('id', '=', arg('id'))
    .where('revoked_at', 'is', null),
)

/** Slides the idle expiry of a live session. */
export const touchSession = async (db: Executor, id: string, now: Date, idleExpiresAt: Date) => {
  await touch(db, { id, now, idleExpiresAt })
}

export const findSession = (db: Executor, id: string) =>
  db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst()

/** Revokes one session; undefined when it was already revoked (nothing to audit twice). */
export const revokeSession = (db: Executor, id: string, now: Date, reason: SessionRevocation) =>
  db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'user_id', 'id_token'])
    .executeTakeFirst()

/** Revokes every live session of a user; returns the ids revoked. */
export const revokeSessionsOfUser = (db: Executor, userId: string, now: Date) =>
  db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: 'revoked' })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute()

/** Records a fresh authentication (step-up) on a live session. */
export const refreshSessionAuthentication = (
  db: Executor,
  id: string,
  values: { authTime: Date; acr: string | null; idToken: string },
) =>
  db
    .updateTable('sessions')
    .set({ auth_time: values.authTime, acr: values.acr, id_token: values.idToken })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst()

export const insertLoginAttempt = (db: Executor, row: Insertable<LoginAttemptsTable>) =>
  db.insertInto('login_attempts').values(row).returning('id').executeTakeFirstOrThrow()

/** Takes the attempt out: whatever happens next, it cannot be replayed. */
export const consumeLoginAttempt = (db: Executor, bindingHash: string) =>
  db.deleteFrom('login_attempts').where('binding_hash', '=', bindingHash).returningAll().executeTakeFirst()

/** Forgets abandoned attempts (users who never came back from the provider). */
export const deleteExpiredLoginAttempts = (db: Executor, now: Date) =>
  db.deleteFrom('login_attempts').where('expires_at', '<', now).execute()

export const findUserBySubject = (db: Executor, subject: string) =>
  db.selectFrom('users').select(['id', 'display_name']).where('oidc_subject', '=', subject).executeTakeFirst()
