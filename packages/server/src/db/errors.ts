/**
 * SQLSTATE → problem code, in one place. Domain commands refine a translated problem where they know
 * more (a unique violation on the revision base becomes stale-revision).
 */
import { type Problem, problem } from '../errors.ts'

interface DatabaseErrorLike {
  code: string
  constraint?: string
}

/** Our own SQLSTATE, raised by the append-only triggers. */
export const APPEND_ONLY_SQLSTATE = 'OP001'

const SQLSTATE_TO_PROBLEM: Record<string, Problem['code']> = {
  '23505': 'conflict',
  '23503': 'referenced-record-missing',
  '23514': 'invalid-request',
  '22P02': 'invalid-request',
  '54001': 'invalid-request', // statement too complex (stack depth): a backstop behind the body checks
  '22P05': 'invalid-request', // text jsonb cannot hold (\u0000 in a string)
  [APPEND_ONLY_SQLSTATE]: 'immutable-record',
  '57P01': 'database-unavailable', // admin shutdown: Postgres is stopping and ended this session
  '57P02': 'database-unavailable', // crash shutdown
  '57P03': 'database-unavailable', // cannot connect now: Postgres is starting up or shutting down
  '53300': 'database-unavailable', // too many connections
  // class 08 (connection exception) is matched as a whole below
}

/**
 * Marks errors of the database connection itself (refused, reset, ended mid-query, connect timeout),
 * which carry no SQLSTATE. Set by the pg client of db/connect.ts on what fails there, so that a refused
 * connection from any other adapter (SMTP, identity provider) is never taken for the database.
 */
const CONNECTION_LOST = Symbol.for('openput.database-connection-lost')

export function markConnectionError<E>(error: E): E {
  // Not a server-reported error (those carry a severity): socket and protocol failures, EPIPE included.
  if (typeof error === 'object' && error !== null && !('severity' in error)) {
    ;(error as { [CONNECTION_LOST]?: true })[CONNECTION_LOST] = true
  }
  return error
}

export const isConnectionError = (error: unknown) =>
  (typeof error === 'object' && error !== null && CONNECTION_LOST in error) ||
  (isDatabaseError(error) &&
    (error.code.startsWith('08') || SQLSTATE_TO_PROBLEM[error.code] === 'database-unavailable'))

export const isDatabaseError = (error: unknown): error is DatabaseErrorLike =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { code?: unknown }).code === 'string' &&
  /^[0-9A-Z]{5}$/.test((error as { code: string }).code)

/** The constraint a unique/foreign-key violation names, when the driver reports it. */
export const violatedConstraint = (error: unknown): string | undefined =>
  isDatabaseError(error) ? error.constraint : undefined

export const isUniqueViolation = (error: unknown, constraint?: string) =>
  isDatabaseError(error) &&
  error.code === '23505' &&
  (constraint === undefined || error.constraint === constraint)

/** Translates a database error into a problem, or returns undefined when it is not one we know. */
export function databaseErrorToProblem(error: unknown): Problem | undefined {
  if (isConnectionError(error)) return problem('database-unavailable')
  if (!isDatabaseError(error)) return undefined
  const code = SQLSTATE_TO_PROBLEM[error.code]
  return code ? problem(code, error.constraint ? { constraint: error.constraint } : {}) : undefined
}
