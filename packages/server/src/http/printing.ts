/**
 * Printing as PDF: a template version's blank fiches for paper use (C2.1) and one filled fiche with its
 * signatures for export (C6.2). Without a PDF engine on this server, both answer 503.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { RenderPdf } from '../domain/printing/print-fiches.ts'
import { printBlankFiches, printFilledFiche } from '../domain/printing/print-fiches.ts'
import { problem } from '../errors.ts'
import type { PdfRenderer } from '../external/pdf.ts'
import type { AppEnv } from './app-env.ts'
import { PROBLEMS, Uuid } from './common-schemas.ts'
import { validationHook } from './validation-hook.ts'

const pdfResponse = (description: string) => ({
  description,
  content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
})

const unavailable = {
  description: "Moteur d'impression indisponible sur ce serveur",
  content: PROBLEMS[404].content,
}

export const printingRouteDefinitions = {
  blank: createRoute({
    method: 'get',
    path: '/template-versions/{id}/print.pdf',
    summary: 'Imprimer les fiches vierges d’une version de modèle (PDF, usage papier)',
    description:
      'Toutes les fiches de la version, dans l’ordre et avec les libellés de l’écran ; `fiche` en limite l’impression à une seule (C2.1).',
    'x-permission': 'authenticated',
    request: {
      params: z.object({ id: Uuid }),
      query: z.object({ fiche: z.string().min(1).max(64).optional() }),
    },
    responses: { 200: pdfResponse('Fiches vierges'), 404: PROBLEMS[404], 503: unavailable },
  }),
  filled: createRoute({
    method: 'get',
    path: '/fiches/{id}/print.pdf',
    summary: 'Exporter une fiche remplie, avec ses signatures (PDF)',
    description:
      'Valeurs avec leurs libellés, numéro d’enregistrement, établissement et signatures (qui, rôle, quand, empreinte). Tout export est tracé (C6.2).',
    'x-permission': 'read',
    request: { params: z.object({ id: Uuid }) },
    responses: {
      200: pdfResponse('Fiche remplie'),
      403: PROBLEMS[403],
      404: PROBLEMS[404],
      503: unavailable,
    },
  }),
}

const pdfHeaders = (filename: string) => ({
  'content-type': 'application/pdf',
  'content-disposition': `attachment; filename="${filename}"`,
  'cache-control': 'no-store',
})

export const printingRoutes = (pdf: PdfRenderer | undefined) => {
  const render: RenderPdf = (html, options) => {
    if (!pdf?.isAvailable()) throw problem('pdf-unavailable')
    return pdf.renderPdf(html, options)
  }
  const r = printingRouteDefinitions
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(r.blank, async (c) => {
      const printed = await printBlankFiches(c.var.deps, {
        actor: c.var.actor,
        templateVersionId: c.req.valid('param').id,
        ficheId: c.req.valid('query').fiche,
        render,
      })
      return c.body(printed.pdf, 200, pdfHeaders(printed.filename))
    })
    .openapi(r.filled, async (c) => {
      const printed = await printFilledFiche(c.var.deps, {
        actor: c.var.actor,
        ficheInstanceId: c.req.valid('param').id,
        render,
      })
      return c.body(printed.pdf, 200, pdfHeaders(printed.filename))
    })
}
