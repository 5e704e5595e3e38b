/**
 * zod-openapi's hook for request validation failures: one 400 problem listing every issue as
 * `{ path, keyword, message }`, the same shape as fiche validation errors.
 */
import type { z } from '@hono/zod-openapi'
import { problem } from '../errors.ts'

const pointer = (path: PropertyKey[]) =>
  `/${path.map((k) => String(k).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`

export function invalidRequest(error: z.ZodError, target: string) {
  return problem('invalid-request', {
    target,
    errors: error.issues.map((issue) => ({
      path: pointer(issue.path),
      keyword: issue.code,
      message: issue.message,
    })),
  })
}

export const validationHook = (result: { success: boolean; error?: z.ZodError; target: string }) => {
  if (!result.success && result.error) throw invalidRequest(result.error, result.target)
}
