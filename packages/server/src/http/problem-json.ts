/**
 * The one place errors become HTTP responses: RFC 9457 problem documents in French, never a stack trace.
 * Unknown errors are logged server-side and answered with a bare 500.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { commandErrorToProblem } from '../domain/error-to-problem.ts'
import { type Problem, problem } from '../errors.ts'
import { MESSAGES_FR } from '../messages.fr.ts'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export function toProblemDocument(p: Problem, instance?: string) {
  const message = MESSAGES_FR[p.code]
  return {
    type: `urn:openput:problem:${p.code}`,
    title: message.title,
    status: p.status,
    detail: message.detail(p.params),
    code: p.code,
    ...(instance ? { instance } : {}),
    params: p.params,
  }
}

export type ProblemDocument = ReturnType<typeof toProblemDocument>

function fromHttpException(error: HTTPException): Problem {
  if (error.status === 400 && /malformed json/i.test(error.message)) return problem('malformed-json')
  if (error.status === 413) return problem('payload-too-large')
  if (error.status === 415) return problem('unsupported-media-type')
  if (error.status === 401) return problem('unauthenticated')
  if (error.status === 403) return problem('forbidden')
  if (error.status === 404) return problem('route-not-found', {})
  if (error.status < 500) return problem('invalid-request')
  return problem('internal')
}

/** Any thrown value → the problem to answer with. */
export function toProblem(error: unknown): Problem {
  if (error instanceof HTTPException) return fromHttpException(error)
  return commandErrorToProblem(error) ?? problem('internal')
}

/** Seconds a client should wait before retrying a 503 (a restarting database, an unreachable provider). */
export const RETRY_AFTER_SECONDS = 5

export function respondWithProblem(c: Context, p: Problem) {
  return c.body(JSON.stringify(toProblemDocument(p, new URL(c.req.url).pathname)), p.status as 400, {
    'content-type': PROBLEM_CONTENT_TYPE,
    // RFC 9110 §10.2.3: a 503 says when to come back, so clients and balancers back off instead of hammering.
    ...(p.status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}),
  })
}

export type ErrorLogger = (error: unknown, c: Context) => void

/** Hono's onError: translate, log what we did not expect, answer with a problem document. */
export const problemErrorHandler = (log: ErrorLogger) => (error: Error, c: Context) => {
  const p = toProblem(error)
  if (p.code === 'internal' || p.code === 'database-unavailable') log(error, c)
  return respondWithProblem(c, p)
}
