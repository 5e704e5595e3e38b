/**
 * The one way screens talk to the server: fetch with the session cookie, JSON in and out, idempotency keys
 * on writes, problems as ApiError. The server's CSRF rule (http/middleware/json-writes.ts) wants every
 * write to be same-origin `application/json`, which is what this sends. A 401 means the session ended:
 * the browser goes through sign-in and comes back to the same page.
 */
import { ApiError, errorFromResponse, networkError } from './problem.ts'

export type Unauthenticated = () => void

/** Sign-in through the server's OpenID Connect flow, back to where the user was. */
export const loginUrl = (returnTo: string) => `/auth/login?returnTo=${encodeURIComponent(returnTo)}`

export function redirectToLogin() {
  const here = `${window.location.pathname}${window.location.search}${window.location.hash}`
  window.location.assign(loginUrl(here))
}

let onUnauthenticated: Unauthenticated = redirectToLogin

/** Tests and the shell may replace what a 401 does (default: go to sign-in). */
export function setUnauthenticatedHandler(handler: Unauthenticated) {
  onUnauthenticated = handler
}

export interface RequestOptions {
  /** Replays of the same key get the first answer without a second write. */
  idempotencyKey?: string
  signal?: AbortSignal
}

export const newIdempotencyKey = () => crypto.randomUUID()

async function request<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey
  let response: Response
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw networkError()
  }
  if (response.status === 401) {
    onUnauthenticated()
    throw await errorFromResponse(response)
  }
  if (!response.ok) throw await errorFromResponse(response)
  if (response.status === 204) return undefined as T
  try {
    return (await response.json()) as T
  } catch {
    throw new ApiError('unexpected', response.status, 'Réponse illisible du serveur.')
  }
}

export const api = {
  get: <T>(path: string, options: RequestOptions = {}) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body: unknown = {}, options: RequestOptions = {}) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body: unknown, options: RequestOptions = {}) =>
    request<T>('PUT', path, body, options),
  delete: <T>(path: string, body: unknown = {}, options: RequestOptions = {}) =>
    request<T>('DELETE', path, body, options),
}
