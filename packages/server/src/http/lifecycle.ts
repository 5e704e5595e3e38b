/**
 * A programme's lifecycle: status changes (C8.2, C8.3), prefilling a FAT from another programme (C8.1),
 * the order check (C11), the database freeze and its closure report (C12), the AAC / CPC access term (P4).
 * Thin: each handler calls one domain function; `x-permission` names the access rule it enforces.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { type AccessTerm, readAccessTerm, renewAccess } from '../domain/lifecycle/access-term.ts'
import { closureReportCsv, closureReportPdf } from '../domain/lifecycle/closure-report.ts'
import { readFreezes, scheduleFreeze } from '../domain/lifecycle/freeze.ts'
import { checkOrder } from '../domain/lifecycle/order-check.ts'
import {
  confirmPrefilledValues,
  createPrefilledFiche,
  prefillProposal,
  readPrefillMarks,
} from '../domain/lifecycle/prefill.ts'
import { changeProgrammeStatus, readStatusHistory } from '../domain/lifecycle/status-changes.ts'
import type { RenderPdf } from '../domain/printing/print-fiches.ts'
import { problem } from '../errors.ts'
import type { PdfRenderer } from '../external/pdf.ts'
import type { AppEnv } from './app-env.ts'
import {
  IdempotencyHeaders,
  jsonBody,
  jsonResponse,
  PROBLEMS,
  READ_PROBLEMS,
  Uuid,
  WRITE_PROBLEMS,
} from './common-schemas.ts'
import { Fiche } from './fiches.ts'
import { limitBody } from './middleware/body-size.ts'
import { validationHook } from './validation-hook.ts'

const small = [limitBody(16 * 1024)]
const IdParams = z.object({ id: Uuid })
const IsoDay = z.iso.date()
const Framework = z.enum(['aap-pre-amm', 'aap-post-amm', 'post-aap-coverage', 'aac', 'cpc'])

const StatusEntry = z
  .object({
    id: Uuid,
    framework: z.string(),
    status: z.string(),
    changedBy: Uuid.nullable(),
    note: z.string().nullable(),
    changedAt: z.string(),
  })
  .openapi('ProgrammeStatusEntry')

const FreezeSchedule = z.object({
  id: Uuid,
  programmeId: Uuid,
  freezeOn: z.string(),
  note: z.string().nullable(),
  scheduledBy: Uuid,
  announcedAt: z.string(),
})

const Freezes = z
  .object({
    freezeOn: z.string().nullable(),
    frozen: z.boolean(),
    schedules: z.array(FreezeSchedule),
    mailings: z.array(z.object({ kind: z.string(), recipients: z.number().int(), sentAt: z.string() })),
  })
  .openapi('ProgrammeFreezes')

const OrderCheck = z
  .object({
    registrationNumber: z.string(),
    fatCompleteAndSigned: z.boolean().openapi({
      description:
        'La FAT est complète (envoyée) et signée : la seule condition qui peut retenir une commande (C11.3).',
    }),
  })
  .openapi('OrderCheck')

const PrefillMark = z.object({ fromFicheRevisionId: Uuid, sourceItem: z.string() })

const PrefillProposal = z
  .object({
    enrolmentId: Uuid,
    ficheId: z.string(),
    templateVersionId: Uuid,
    source: z.object({
      enrolmentId: Uuid,
      programme: z.string(),
      ficheId: z.string(),
      ficheInstanceId: Uuid,
      revisionId: Uuid,
      templateVersion: z.string(),
    }),
    data: z.record(z.string(), z.unknown()),
    prefilled: z.record(z.string(), PrefillMark),
  })
  .openapi('PrefillProposal')

const PrefillMarkView = z
  .object({
    item: z.string(),
    value: z.unknown(),
    fromFicheRevisionId: Uuid,
    sourceItem: z.string(),
    confirmed: z.boolean(),
    confirmedBy: Uuid.nullable(),
    confirmedAt: z.string().nullable(),
  })
  .openapi('PrefillMark')

const AccessTermView = z
  .object({
    enrolmentId: Uuid,
    framework: z.string(),
    authorisationDuration: z.string().nullable(),
    accessEndsOn: z.string().nullable(),
    renewalNeeded: z.boolean(),
  })
  .openapi('AccessTerm')

const ReportQuery = z.object({ establishmentId: Uuid.optional() })

const PrefillQuery = z.object({
  ficheId: z.string().min(1).max(64).optional(),
  sourceEnrolmentId: Uuid.optional(),
})

export const lifecycleRouteDefinitions = {
  changeStatus: createRoute({
    method: 'post',
    path: '/programmes/{id}/status-changes',
    summary:
      'Changer le statut du programme : AAP pré-AMM → post-AMM → prise en charge transitoire (C8.2, C8.3)',
    'x-permission': 'manage-lifecycle',
    middleware: small,
    request: {
      params: IdParams,
      headers: IdempotencyHeaders,
      body: jsonBody(z.strictObject({ framework: Framework, note: z.string().min(1).max(2000).optional() })),
    },
    responses: { 201: jsonResponse(StatusEntry, 'Statut changé'), ...WRITE_PROBLEMS },
  }),
  statusHistory: createRoute({
    method: 'get',
    path: '/programmes/{id}/status-history',
    summary: 'Historique des statuts du programme',
    'x-permission': 'authenticated',
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.array(StatusEntry), 'Historique'), 404: PROBLEMS[404] },
  }),
  scheduleFreeze: createRoute({
    method: 'post',
    path: '/programmes/{id}/freezes',
    summary:
      'Programmer le gel de la base, au moins deux mois à l’avance ; les utilisateurs sont prévenus (C12.1)',
    'x-permission': 'manage-lifecycle',
    middleware: small,
    request: {
      params: IdParams,
      headers: IdempotencyHeaders,
      body: jsonBody(z.strictObject({ freezeOn: IsoDay, note: z.string().min(1).max(2000).optional() })),
    },
    responses: {
      201: jsonResponse(FreezeSchedule.extend({ notified: z.number().int() }), 'Gel programmé'),
      ...WRITE_PROBLEMS,
    },
  }),
  freezes: createRoute({
    method: 'get',
    path: '/programmes/{id}/freezes',
    summary: 'Gel de la base : date en vigueur, historique des annonces et envois',
    'x-permission': 'authenticated',
    request: { params: IdParams },
    responses: { 200: jsonResponse(Freezes, 'Gel de la base'), 404: PROBLEMS[404] },
  }),
  orderCheck: createRoute({
    method: 'get',
    path: '/order-check/{registrationNumber}',
    summary: 'Vérification d’une commande : la FAT est-elle complète et signée ? Rien d’autre (C11)',
    'x-permission': 'check-order',
    request: {
      params: z.object({ registrationNumber: z.string().min(1).max(64) }),
      query: z.object({ programme: z.string().min(1).max(64).optional() }),
    },
    responses: { 200: jsonResponse(OrderCheck, 'Réponse'), ...READ_PROBLEMS, 409: PROBLEMS[409] },
  }),
  prefillProposal: createRoute({
    method: 'get',
    path: '/enrolments/{id}/prefill',
    summary: 'Valeurs reprises d’un autre programme (AAC → AAP) pour la FAT de cette inclusion (C8.1)',
    'x-permission': 'enter',
    request: { params: IdParams, query: PrefillQuery },
    responses: { 200: jsonResponse(PrefillProposal, 'Proposition'), ...READ_PROBLEMS, 422: PROBLEMS[422] },
  }),
  createPrefilled: createRoute({
    method: 'post',
    path: '/enrolments/{id}/prefilled-fiches',
    summary: 'Ouvrir la FAT préremplie ; chaque valeur reprise est à confirmer avant l’envoi (C8.1)',
    'x-permission': 'enter',
    middleware: small,
    request: {
      params: IdParams,
      headers: IdempotencyHeaders,
      body: jsonBody(
        z.strictObject({
          ficheId: z.string().min(1).max(64).optional(),
          sourceEnrolmentId: Uuid.optional(),
          indicationId: z.string().min(1).max(64).optional(),
        }),
      ),
    },
    responses: {
      201: jsonResponse(Fiche.extend({ prefilled: z.array(PrefillMarkView) }), 'Fiche préremplie'),
      ...WRITE_PROBLEMS,
    },
  }),
  prefillMarks: createRoute({
    method: 'get',
    path: '/fiches/{id}/prefill',
    summary: 'Valeurs préremplies de la fiche, leur origine et leur confirmation (C8.1)',
    'x-permission': 'read',
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.array(PrefillMarkView), 'Valeurs préremplies'), ...READ_PROBLEMS },
  }),
  confirmPrefill: createRoute({
    method: 'post',
    path: '/fiches/{id}/prefill/confirmations',
    summary: 'Confirmer des valeurs préremplies, toujours exactes (C8.1)',
    'x-permission': 'enter',
    middleware: small,
    request: {
      params: IdParams,
      body: jsonBody(z.strictObject({ items: z.array(z.string().min(1).max(64)).min(1).max(500) })),
    },
    responses: { 200: jsonResponse(z.array(PrefillMarkView), 'Valeurs préremplies'), ...WRITE_PROBLEMS },
  }),
  closureReportCsv: createRoute({
    method: 'get',
    path: '/programmes/{id}/closure-report.csv',
    summary: 'Rapport des données et fiches manquantes par patient et par établissement, en CSV (C12.2)',
    'x-permission': 'read-closure-report',
    request: { params: IdParams, query: ReportQuery },
    responses: {
      200: {
        description: 'Une ligne par patient (UTF-8, « ; »)',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...READ_PROBLEMS,
    },
  }),
  closureReportPdf: createRoute({
    method: 'get',
    path: '/programmes/{id}/closure-report.pdf',
    summary: 'Rapport des données et fiches manquantes par patient et par établissement, en PDF (C12.2)',
    'x-permission': 'read-closure-report',
    request: { params: IdParams, query: ReportQuery },
    responses: {
      200: {
        description: 'Rapport',
        content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...READ_PROBLEMS,
      503: { description: 'Moteur PDF indisponible', content: PROBLEMS[404].content },
    },
  }),
  accessTerm: createRoute({
    method: 'get',
    path: '/enrolments/{id}/access-term',
    summary: 'Échéance de l’autorisation d’accès compassionnel du patient (P4)',
    'x-permission': 'read',
    request: { params: IdParams },
    responses: { 200: jsonResponse(AccessTermView, 'Échéance'), ...READ_PROBLEMS },
  }),
  renewAccess: createRoute({
    method: 'post',
    path: '/enrolments/{id}/access-renewals',
    summary: 'Enregistrer une décision de renouvellement de l’AAC (P4)',
    'x-permission': 'enter',
    middleware: small,
    request: { params: IdParams, body: jsonBody(z.strictObject({ decisionDate: IsoDay })) },
    responses: { 201: jsonResponse(AccessTermView, 'Échéance renouvelée'), ...WRITE_PROBLEMS },
  }),
}

const attachment = (contentType: string, filename: string) => ({
  'content-type': contentType,
  'content-disposition': `attachment; filename="${filename}"`,
  'cache-control': 'no-store',
})

export const lifecycleRoutes = (pdf?: PdfRenderer) => {
  const r = lifecycleRouteDefinitions
  const render: RenderPdf = (html, options) => {
    if (!pdf?.isAvailable()) throw problem('pdf-unavailable')
    return pdf.renderPdf(html, options)
  }
  const key = (headers: { 'idempotency-key'?: string | undefined }) => headers['idempotency-key']
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(r.changeStatus, async (c) =>
      c.json(
        await changeProgrammeStatus(c.var.deps, {
          actor: c.var.actor,
          programmeId: c.req.valid('param').id,
          ...c.req.valid('json'),
          idempotencyKey: key(c.req.valid('header')),
        }),
        201,
      ),
    )
    .openapi(r.statusHistory, async (c) =>
      c.json(await readStatusHistory(c.var.deps.db, c.req.valid('param').id), 200),
    )
    .openapi(r.scheduleFreeze, async (c) =>
      c.json(
        await scheduleFreeze(c.var.deps, {
          actor: c.var.actor,
          programmeId: c.req.valid('param').id,
          ...c.req.valid('json'),
          idempotencyKey: key(c.req.valid('header')),
        }),
        201,
      ),
    )
    .openapi(r.freezes, async (c) => c.json(await readFreezes(c.var.deps.db, c.req.valid('param').id), 200))
    .openapi(r.orderCheck, async (c) =>
      c.json(
        await checkOrder(c.var.deps.db, c.var.actor, {
          registrationNumber: c.req.valid('param').registrationNumber,
          programme: c.req.valid('query').programme,
        }),
        200,
      ),
    )
    .openapi(r.prefillProposal, async (c) =>
      c.json(
        await prefillProposal(c.var.deps.db, {
          actor: c.var.actor,
          enrolmentId: c.req.valid('param').id,
          ...c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi(r.createPrefilled, async (c) =>
      c.json(
        await createPrefilledFiche(c.var.deps, {
          actor: c.var.actor,
          enrolmentId: c.req.valid('param').id,
          ...c.req.valid('json'),
          idempotencyKey: key(c.req.valid('header')),
        }),
        201,
      ),
    )
    .openapi(r.prefillMarks, async (c) =>
      c.json(await readPrefillMarks(c.var.deps.db, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(r.confirmPrefill, async (c) =>
      c.json(
        await confirmPrefilledValues(c.var.deps, {
          actor: c.var.actor,
          ficheInstanceId: c.req.valid('param').id,
          items: c.req.valid('json').items,
        }),
        200,
      ),
    )
    .openapi(r.closureReportCsv, async (c) => {
      const { stream, filename } = await closureReportCsv(c.var.deps.db, {
        actor: c.var.actor,
        programmeId: c.req.valid('param').id,
        establishmentId: c.req.valid('query').establishmentId,
      })
      return c.body(stream, 200, attachment('text/csv; charset=utf-8', filename))
    })
    .openapi(r.closureReportPdf, async (c) => {
      const { pdf: bytes, filename } = await closureReportPdf(c.var.deps.db, {
        actor: c.var.actor,
        programmeId: c.req.valid('param').id,
        establishmentId: c.req.valid('query').establishmentId,
        render,
      })
      return c.body(bytes, 200, attachment('application/pdf', filename))
    })
    .openapi(r.accessTerm, async (c) =>
      c.json<AccessTerm, 200>(await readAccessTerm(c.var.deps.db, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(r.renewAccess, async (c) =>
      c.json(
        await renewAccess(c.var.deps, {
          actor: c.var.actor,
          enrolmentId: c.req.valid('param').id,
          decisionDate: c.req.valid('json').decisionDate,
        }),
        201,
      ),
    )
}
