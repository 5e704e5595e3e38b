/**
 * Failed API calls as one error type: the server's RFC 9457 problem document (already in French), or a
 * French message for what the server could not say itself (network down, unexpected answer).
 */

/** The server's problem document (packages/server/src/http/problem-json.ts). */
export interface ProblemDocument {
  type: string
  title: string
  status: number
  detail: string
  code: string
  instance?: string
  params: Record<string, unknown>
}

export type ApiErrorKind = 'problem' | 'network' | 'unexpected'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly kind: ApiErrorKind,
    /** HTTP status, 0 when no answer came back. */
    readonly status: number,
    message: string,
    readonly problem?: ProblemDocument,
  ) {
    super(message)
  }

  /** The problem code (`stale-revision`, `forbidden`…) when the server sent one. */
  get code(): string | undefined {
    return this.problem?.code
  }

  /** A sentence to show the user. */
  get userMessage(): string {
    return this.problem ? `${this.problem.title} : ${this.problem.detail}` : this.message
  }
}

const isProblemDocument = (value: unknown): value is ProblemDocument =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ProblemDocument).code === 'string' &&
  typeof (value as ProblemDocument).title === 'string' &&
  typeof (value as ProblemDocument).detail === 'string'

/** The error for a non-2xx response, reading its problem document when there is one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  if (isProblemDocument(body)) return new ApiError('problem', response.status, body.detail, body)
  return new ApiError(
    'unexpected',
    response.status,
    response.status >= 500
      ? `Le serveur a rencontré une erreur (HTTP ${response.status}). Réessayez dans un instant.`
      : `Réponse inattendue du serveur (HTTP ${response.status}).`,
  )
}

export const networkError = () =>
  new ApiError('network', 0, 'Serveur injoignable : vérifiez votre connexion, un nouvel essai suivra.')

/** A save that may succeed later as it is (network, 5xx, 503): the data must be kept and retried. */
export const isRetryable = (error: unknown) =>
  error instanceof ApiError &&
  (error.kind === 'network' || error.status >= 500 || error.status === 408 || error.status === 429)
