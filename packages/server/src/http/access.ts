/**
 * Who has access: designations (C4.2, C5.2, C5.4), dispensing grants (C9.2), transfers (C10) and the
 * treatment-access requests (C5.2). Thin: each handler calls one domain command; `x-permission` names the
 * action of the access rules the command enforces (listed in the OpenAPI document).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { listAccessRequestsOf } from '../domain/access/access-requests.ts'
import { designate, listDesignationsOf, revokeDesignationCommand } from '../domain/access/designations.ts'
import {
  grantDispensingAccess,
  listDispensingGrantsOf,
  revokeDispensingAccess,
} from '../domain/access/dispensing-grants.ts'
import { listTransfersOf, transferRecord } from '../domain/access/transfers.ts'
import type { AppEnv } from './app-env.ts'
import { jsonBody, jsonResponse, READ_PROBLEMS, Uuid, WRITE_PROBLEMS } from './common-schemas.ts'
import { limitBody } from './middleware/body-size.ts'
import { validationHook } from './validation-hook.ts'

const SMALL_BODY = 16 * 1024
const small = [limitBody(SMALL_BODY)]
const IdParams = z.object({ id: Uuid })
const Scope = z.object({ establishmentId: Uuid, programme: z.string().min(1).max(64) })
const IsoDay = z.iso.date()
/** Writes are JSON (CSRF defence, json-writes.ts): a revocation sends `{}`. */
const EmptyBody = jsonBody(z.strictObject({}))

const Designation = z
  .object({
    id: Uuid,
    establishmentId: Uuid,
    programmeId: Uuid,
    indicationId: z.string().nullable(),
    designatedBy: Uuid,
    designatedByRole: z.enum(['prescriber', 'pharmacist']),
    designeeId: Uuid,
    designeeRole: z.enum(['prescriber', 'pnm']),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    revokedBy: Uuid.nullable(),
  })
  .openapi('Designation')

const DispensingGrant = z
  .object({
    id: Uuid,
    enrolmentId: Uuid,
    establishmentId: Uuid,
    pharmacistId: Uuid,
    grantedBy: Uuid,
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    revokedBy: Uuid.nullable(),
  })
  .openapi('DispensingGrant')

const Transfer = z
  .object({
    id: Uuid,
    enrolmentId: Uuid,
    fromEstablishmentId: Uuid,
    toEstablishmentId: Uuid,
    effectiveDate: z.string(),
    transferredBy: Uuid,
    createdAt: z.string(),
  })
  .openapi('Transfer')

const AccessRequest = z
  .object({
    id: Uuid,
    establishmentId: Uuid,
    programmeId: Uuid,
    indicationId: z.string().nullable(),
    enrolmentId: Uuid.nullable(),
    requestedBy: Uuid,
    createdAt: z.string(),
  })
  .openapi('AccessRequest')

export const accessRouteDefinitions = {
  designate: createRoute({
    method: 'post',
    path: '/designations',
    summary: 'Désigner un prescripteur ou un personnel non médical (C4.2, C5.2, C5.4)',
    'x-permission': 'designate',
    middleware: small,
    request: {
      body: jsonBody(
        z.strictObject({
          establishmentId: Uuid,
          programme: z.string().min(1).max(64),
          indicationId: z.string().min(1).max(64).optional(),
          designeeId: Uuid,
          designeeRole: z.enum(['prescriber', 'pnm']),
        }),
      ),
    },
    responses: { 201: jsonResponse(Designation, 'Désignation enregistrée'), ...WRITE_PROBLEMS },
  }),
  revokeDesignation: createRoute({
    method: 'post',
    path: '/designations/{id}/revoke',
    summary: 'Révoquer une désignation',
    'x-permission': 'designate',
    middleware: small,
    request: { params: IdParams, body: EmptyBody },
    responses: { 200: jsonResponse(Designation, 'Désignation révoquée'), ...WRITE_PROBLEMS },
  }),
  listDesignations: createRoute({
    method: 'get',
    path: '/designations',
    summary: "Désignations d'un programme dans un établissement",
    'x-permission': 'view-access',
    request: { query: Scope },
    responses: { 200: jsonResponse(z.array(Designation), 'Désignations'), ...READ_PROBLEMS },
  }),
  grant: createRoute({
    method: 'post',
    path: '/dispensing-grants',
    summary: 'Ouvrir la lecture d’un dossier au pharmacien d’un centre dispensateur (C9.2)',
    'x-permission': 'grant-dispensing',
    middleware: small,
    request: {
      body: jsonBody(z.strictObject({ enrolmentId: Uuid, pharmacistId: Uuid, establishmentId: Uuid })),
    },
    responses: { 201: jsonResponse(DispensingGrant, 'Accès en lecture accordé'), ...WRITE_PROBLEMS },
  }),
  revokeGrant: createRoute({
    method: 'post',
    path: '/dispensing-grants/{id}/revoke',
    summary: 'Retirer l’accès en lecture d’un centre dispensateur',
    'x-permission': 'grant-dispensing',
    middleware: small,
    request: { params: IdParams, body: EmptyBody },
    responses: { 200: jsonResponse(DispensingGrant, 'Accès retiré'), ...WRITE_PROBLEMS },
  }),
  listGrants: createRoute({
    method: 'get',
    path: '/enrolments/{id}/dispensing-grants',
    summary: 'Accès accordés aux centres dispensateurs pour ce dossier',
    'x-permission': 'read',
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.array(DispensingGrant), 'Accès accordés'), ...READ_PROBLEMS },
  }),
  transfer: createRoute({
    method: 'post',
    path: '/transfers',
    summary: 'Transférer un dossier dans un autre établissement (C10.1, C10.3)',
    'x-permission': 'transfer',
    middleware: small,
    request: {
      body: jsonBody(z.strictObject({ enrolmentId: Uuid, toEstablishmentId: Uuid, effectiveDate: IsoDay })),
    },
    responses: { 201: jsonResponse(Transfer, 'Dossier transféré'), ...WRITE_PROBLEMS },
  }),
  listTransfers: createRoute({
    method: 'get',
    path: '/enrolments/{id}/transfers',
    summary: 'Transferts successifs du dossier',
    'x-permission': 'read',
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.array(Transfer), 'Transferts'), ...READ_PROBLEMS },
  }),
  listAccessRequests: createRoute({
    method: 'get',
    path: '/access-requests',
    summary: "Demandes d'accès au traitement d'un programme dans un établissement (C5.2)",
    'x-permission': 'view-access',
    request: { query: Scope },
    responses: { 200: jsonResponse(z.array(AccessRequest), "Demandes d'accès"), ...READ_PROBLEMS },
  }),
}

export const accessRoutes = () => {
  const r = accessRouteDefinitions
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(r.designate, async (c) =>
      c.json(await designate(c.var.deps, { actor: c.var.actor, ...c.req.valid('json') }), 201),
    )
    .openapi(r.revokeDesignation, async (c) =>
      c.json(
        await revokeDesignationCommand(c.var.deps, { actor: c.var.actor, id: c.req.valid('param').id }),
        200,
      ),
    )
    .openapi(r.listDesignations, async (c) =>
      c.json(await listDesignationsOf(c.var.deps, { actor: c.var.actor, ...c.req.valid('query') }), 200),
    )
    .openapi(r.grant, async (c) =>
      c.json(await grantDispensingAccess(c.var.deps, { actor: c.var.actor, ...c.req.valid('json') }), 201),
    )
    .openapi(r.revokeGrant, async (c) =>
      c.json(
        await revokeDispensingAccess(c.var.deps, { actor: c.var.actor, id: c.req.valid('param').id }),
        200,
      ),
    )
    .openapi(r.listGrants, async (c) =>
      c.json(
        await listDispensingGrantsOf(c.var.deps, {
          actor: c.var.actor,
          enrolmentId: c.req.valid('param').id,
        }),
        200,
      ),
    )
    .openapi(r.transfer, async (c) =>
      c.json(await transferRecord(c.var.deps, { actor: c.var.actor, ...c.req.valid('json') }), 201),
    )
    .openapi(r.listTransfers, async (c) =>
      c.json(
        await listTransfersOf(c.var.deps, { actor: c.var.actor, enrolmentId: c.req.valid('param').id }),
        200,
      ),
    )
    .openapi(r.listAccessRequests, async (c) =>
      c.json(await listAccessRequestsOf(c.var.deps, { actor: c.var.actor, ...c.req.valid('query') }), 200),
    )
}
