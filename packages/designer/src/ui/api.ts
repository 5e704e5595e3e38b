/**
 * The designer's calls to the server: same-origin JSON with the session cookie (the server's CSRF rule
 * wants every write to be `application/json`); problems become ApiError with their French detail; a 401
 * sends the browser through sign-in and back.
 */
import type { TextFinding } from '@openput/designer'

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (response.status === 401) {
    const here = `${window.location.pathname}${window.location.search}${window.location.hash}`
    window.location.assign(`/auth/login?returnTo=${encodeURIComponent(here)}`)
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as {
      code?: string
      detail?: string
      params?: Record<string, unknown>
    }
    throw new ApiError(
      problem.code ?? 'unexpected',
      response.status,
      problem.detail ?? `Erreur ${response.status}`,
      problem.params ?? {},
    )
  }
  return (await response.json()) as T
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
}

export interface Session {
  user: { id: string; displayName: string }
  memberships: { role: string; organisationId: string | null; establishmentId: string | null }[]
}

export type DraftState = 'draft' | 'in-review' | 'published'

export interface Review {
  id: string
  revision: number
  reviewerId: string
  reviewerName: string
  decision: 'approved' | 'rejected'
  comment: string
  breakingCount: number
  createdAt: string
}

export interface Draft {
  id: string
  programme: string
  version: string | null
  state: DraftState
  revision: number
  yaml: string
  errorCount: number
  warningCount: number
  findings: TextFinding[]
  authorIds: string[]
  updatedAt: string
  publishedVersionId: string | null
  base: { id: string; version: string } | null
  reviews: Review[]
}

export interface ProgrammeEntry {
  programme: string
  name: string | null
  versions: { id: string; version: string; effectiveDate: string; publishedAt: string }[]
  drafts: {
    id: string
    version: string | null
    state: DraftState
    revision: number
    errorCount: number
    warningCount: number
    updatedAt: string
  }[]
}

export interface ReviewedChange {
  kind: string
  class: 'breaking' | 'review' | 'compatible' | 'cosmetic'
  message: string
  target: Record<string, string>
  pathA?: (string | number)[]
  pathB?: (string | number)[]
  before?: unknown
  after?: unknown
  affectedRevisions?: number
  impact?: { fichesWithValue: number; noLongerFits: number; mustBeReEntered: number }
}

export interface ReviewView {
  draft: Draft
  base: { id: string; version: string } | null
  counts: Record<string, number>
  breakingCount: number
  approvalRequired: boolean
  approved: boolean
  changes: ReviewedChange[]
}

export const STATE_LABELS: Record<DraftState, string> = {
  draft: 'Brouillon',
  'in-review': 'En relecture',
  published: 'Publiée',
}
