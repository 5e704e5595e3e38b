/**
 * The server's error model, shared by http/, domain/ and db/: a closed union of problem codes, one table
 * from code to HTTP status, and `problem()` to raise one. French wording lives in messages.fr.ts.
 */

/** Every problem the API can answer with, and its HTTP status. Review this table against the API doc. */
export const PROBLEM_STATUS = {
  'invalid-request': 400,
  'malformed-json': 400,
  'unsafe-return-to': 400,
  'invalid-cursor': 400,
  unauthenticated: 401,
  'authentication-failed': 401,
  forbidden: 403,
  'unknown-account': 403,
  'recent-authentication-required': 403,
  'not-found': 404,
  'route-not-found': 404,
  'template-version-exists': 409,
  'stale-revision': 409,
  'already-enrolled': 409,
  'registration-number-taken': 409,
  'registration-number-already-assigned': 409,
  'immutable-record': 409,
  'already-revoked': 409,
  'already-signed': 409,
  'invalid-query-transition': 409,
  'draft-stale': 409,
  'draft-not-editable': 409,
  'draft-already-open': 409,
  'approval-required': 409,
  'draft-programme-changed': 422,
  'draft-has-errors': 422,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'template-invalid': 422,
  'field-outside-put': 422,
  'fiche-invalid': 422,
  'idempotency-key-reused': 422,
  'referenced-record-missing': 422,
  'unknown-template-version': 422,
  'unknown-indication': 422,
  'indication-required': 422,
  'invalid-designee': 422,
  'invalid-grantee': 422,
  'invalid-transfer': 422,
  'revision-not-signable': 422,
  'invalid-paper-signature': 422,
  'unknown-item': 422,
  'invalid-status-change': 422,
  'freeze-too-soon': 422,
  'prefill-unconfirmed': 422,
  'prefill-source-missing': 422,
  'programme-frozen': 409,
  'ambiguous-registration-number': 409,
  'access-renewal-not-applicable': 422,
  'invalid-migration': 422,
  'invalid-period': 422,
  internal: 500,
  'database-unavailable': 503,
  'identity-provider-unavailable': 503,
  'pdf-unavailable': 503,
} as const

export type ProblemCode = keyof typeof PROBLEM_STATUS
export type ProblemParams = Record<string, unknown>

export const PROBLEM_CODES = Object.keys(PROBLEM_STATUS) as ProblemCode[]

/** A refusal the API explains to its caller: data (code + params), never a pre-formatted message. */
export class Problem extends Error {
  readonly code: ProblemCode
  readonly status: number
  readonly params: ProblemParams

  constructor(code: ProblemCode, params: ProblemParams = {}) {
    super(code)
    this.name = 'Problem'
    this.code = code
    this.status = PROBLEM_STATUS[code]
    this.params = params
  }
}

/**
 * Builds a problem to throw.
 * @example throw problem('not-found', { resource: 'fiche', id })
 */
export const problem = (code: ProblemCode, params: ProblemParams = {}) => new Problem(code, params)

export const isProblem = (error: unknown): error is Problem => error instanceof Problem
