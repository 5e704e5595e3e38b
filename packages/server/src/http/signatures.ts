/**
 * Signing a fiche's current revision (C5.5, C5.6; paper signatures transcribed by the lab, C2.2) and
 * listing its signatures. An e-signature needs an authentication of less than five minutes (/auth/step-up).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Clock } from '../domain/auth/session-policy.ts'
import { listFicheSignatures } from '../domain/fiches/read-fiche.ts'
import { signFiche } from '../domain/signatures/sign-fiche.ts'
import type { AppEnv } from './app-env.ts'
import { jsonBody, jsonResponse, PROBLEMS, Uuid } from './common-schemas.ts'
import { limitBody } from './middleware/body-size.ts'
import { FicheSignatures, Signature } from './signature-schemas.ts'
import { validationHook } from './validation-hook.ts'

const FicheParams = z.object({ id: Uuid })

export const signatureRouteDefinitions = {
  sign: createRoute({
    method: 'post',
    path: '/fiches/{id}/signatures',
    summary: 'Signer la révision courante (validée) d’une fiche',
    description:
      "Signature électronique par un prescripteur ou un pharmacien authentifié depuis moins de 5 minutes (sinon 403 : passer par /auth/step-up). Méthode « paper » : le laboratoire enregistre les signatures du formulaire papier qu'il a transcrit (C2.2).",
    'x-permission': 'sign',
    middleware: [limitBody(16 * 1024)],
    request: {
      params: FicheParams,
      body: jsonBody(
        z.strictObject({
          revisionId: Uuid,
          role: z.enum(['prescriber', 'pharmacist']),
          method: z.enum(['electronic', 'paper']).default('electronic'),
          paperReference: z.string().min(1).max(200).optional(),
        }),
      ),
    },
    responses: {
      201: jsonResponse(Signature, 'Signature enregistrée'),
      400: PROBLEMS[400],
      403: PROBLEMS[403],
      404: PROBLEMS[404],
      409: PROBLEMS[409],
      422: PROBLEMS[422],
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/fiches/{id}/signatures',
    summary: 'Signatures de la fiche, valides ou annulées, et état de signature',
    'x-permission': 'read',
    request: { params: FicheParams },
    responses: {
      200: jsonResponse(FicheSignatures, 'Signatures'),
      403: PROBLEMS[403],
      404: PROBLEMS[404],
    },
  }),
}

export const signatureRoutes = (now: Clock) => {
  const r = signatureRouteDefinitions
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(r.sign, async (c) => {
      const body = c.req.valid('json')
      const signature = await signFiche(c.var.deps, {
        actor: c.var.actor,
        session: c.var.session,
        ficheInstanceId: c.req.valid('param').id,
        ...body,
        now: now(),
      })
      return c.json(signature, 201)
    })
    .openapi(r.list, async (c) =>
      c.json(await listFicheSignatures(c.var.deps.db, c.var.actor, c.req.valid('param').id), 200),
    )
}
