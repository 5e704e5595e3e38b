/**
 * Exports for the periodic reports (P3): one CSV file per table (a fiche, or its repeated rows), the data
 * dictionary, and CDISC ODM 1.3.2 XML — each streamed from the database as it is read.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { describeExports, type ExportFile, openExport } from '../domain/exports/export-data.ts'
import type { AppEnv } from './app-env.ts'
import { jsonResponse, PROBLEMS, Uuid } from './common-schemas.ts'
import { validationHook } from './validation-hook.ts'

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const PeriodQuery = z.object({
  from: IsoDay.openapi({ description: 'Premier jour de la période (AAAA-MM-JJ, inclus).' }),
  to: IsoDay.openapi({ description: 'Dernier jour de la période (AAAA-MM-JJ, inclus).' }),
})

const fileResponse = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } },
})
const errors = { 400: PROBLEMS[400], 403: PROBLEMS[403], 404: PROBLEMS[404], 422: PROBLEMS[422] }

export const exportRouteDefinitions = {
  index: createRoute({
    method: 'get',
    path: '/template-versions/{id}/exports',
    summary: 'Exports disponibles : tables CSV et périodes de rapport fixées par le PUT',
    'x-permission': 'export-data',
    request: { params: z.object({ id: Uuid }) },
    responses: {
      200: jsonResponse(
        z
          .object({
            programme: z.string(),
            version: z.string(),
            reportPeriodicity: z.string().nullable(),
            periods: z.array(z.object({ from: z.string(), to: z.string() })),
            tables: z.array(z.string()),
          })
          .openapi('ExportIndex'),
        'Tables et périodes',
      ),
      ...errors,
    },
  }),
  csv: createRoute({
    method: 'get',
    path: '/template-versions/{id}/exports/csv/{table}',
    summary: 'Exporter une table (une fiche, ou ses lignes répétées) en CSV',
    description:
      'UTF-8 avec BOM, séparateur « ; », virgule décimale, guillemets RFC 4180 ; codes et libellés côte à côte. Dernière révision soumise de chaque fiche avant la fin de la période.',
    'x-permission': 'export-data',
    request: {
      params: z.object({
        id: Uuid,
        table: z
          .string()
          .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/)
          .max(130),
      }),
      query: PeriodQuery,
    },
    responses: { 200: fileResponse('text/csv', 'Table CSV'), ...errors },
  }),
  dictionary: createRoute({
    method: 'get',
    path: '/template-versions/{id}/exports/dictionary.csv',
    summary: 'Dictionnaire des données des tables CSV',
    'x-permission': 'export-data',
    request: { params: z.object({ id: Uuid }), query: PeriodQuery },
    responses: { 200: fileResponse('text/csv', 'Dictionnaire CSV'), ...errors },
  }),
  odm: createRoute({
    method: 'get',
    path: '/template-versions/{id}/exports/odm.xml',
    summary: 'Exporter en CDISC ODM 1.3.2 (métadonnées et données)',
    'x-permission': 'export-data',
    request: { params: z.object({ id: Uuid }), query: PeriodQuery },
    responses: { 200: fileResponse('application/xml', 'Document ODM'), ...errors },
  }),
}

/** A stream that reads the next chunk only when the client has taken the previous one (backpressure). */
function toReadable(chunks: AsyncIterable<string> | Iterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await iterator.return?.()
    },
  })
}

export const exportRoutes = () => {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  const send = async (
    c: Parameters<Parameters<typeof app.openapi>[1]>[0],
    id: string,
    period: { from: string; to: string },
    file: ExportFile,
  ) => {
    const stream = await openExport(c.var.deps, { actor: c.var.actor, templateVersionId: id, period, file })
    return new Response(toReadable(stream.chunks), {
      status: 200,
      headers: {
        'content-type': stream.contentType,
        'content-disposition': `attachment; filename="${stream.filename}"`,
        'cache-control': 'no-store',
      },
    })
  }
  return app
    .openapi(exportRouteDefinitions.index, async (c) =>
      c.json(await describeExports(c.var.deps, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(exportRouteDefinitions.dictionary, (c) =>
      send(c, c.req.valid('param').id, c.req.valid('query'), { format: 'dictionary' }),
    )
    .openapi(exportRouteDefinitions.odm, (c) =>
      send(c, c.req.valid('param').id, c.req.valid('query'), { format: 'odm' }),
    )
    .openapi(exportRouteDefinitions.csv, (c) => {
      const { id, table } = c.req.valid('param')
      return send(c, id, c.req.valid('query'), { format: 'csv', table })
    })
}
