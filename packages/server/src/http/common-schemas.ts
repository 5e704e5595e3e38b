/**
 * Schemas shared by several resources: ids, the idempotency header, problem documents and the error
 * responses every route documents.
 */
import { z } from '@hono/zod-openapi'
import { PROBLEM_CONTENT_TYPE } from './problem-json.ts'

export const Uuid = z.uuid().openapi({ example: '0b6f8c1e-2f4a-4d3b-9a51-7c2d9e8f1a20' })

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().openapi({
    description: 'Une requête rejouée avec la même clé renvoie la première réponse sans rien recréer.',
  }),
})

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    params: z.record(z.string(), z.unknown()),
  })
  .openapi('Problem')

export const ValidationIssue = z
  .object({ path: z.string(), keyword: z.string(), message: z.string() })
  .openapi('ValidationIssue')

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } },
})

/** Error responses, picked per route. */
export const PROBLEMS = {
  400: problemResponse('Requête invalide (JSON mal formé, types, propriétés inconnues)'),
  401: problemResponse('Utilisateur non identifié'),
  403: problemResponse('Action non autorisée'),
  404: problemResponse('Ressource introuvable'),
  409: problemResponse('Conflit (révision périmée, doublon)'),
  413: problemResponse('Corps de requête trop volumineux'),
  415: problemResponse('Le corps doit être du JSON'),
  422: problemResponse('Données refusées (hors PUT, fiche invalide, modèle refusé)'),
} as const

/** The problems a route that reads one resource answers with. */
export const READ_PROBLEMS = { 400: PROBLEMS[400], 403: PROBLEMS[403], 404: PROBLEMS[404] }

/** The problems a route that writes answers with: a read's, plus conflicts and refused data. */
export const WRITE_PROBLEMS = { ...READ_PROBLEMS, 409: PROBLEMS[409], 422: PROBLEMS[422] }

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})
