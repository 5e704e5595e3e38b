/**
 * P3: exporting one template version's collected data for a period — who may (the lab's data management,
 * decided by `can`), the audit row written before the first byte, and the stream of the file asked for.
 */
import { type ParsedTemplate, parseTemplateObject, type Template } from '@openput/designer'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findTemplateVersion } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { authorizeOnProgramme } from '../lifecycle/programme-facts.ts'
import { dictionary, ficheTable, repeatTable } from './csv-export.ts'
import { type ExportModel, exportModel, exportTables } from './export-model.ts'
import { odmDocument } from './odm-export.ts'
import { type Period, periodBounds, reportPeriods } from './periods.ts'

export type ExportFile = { format: 'csv'; table: string } | { format: 'dictionary' } | { format: 'odm' }

export interface ExportRequest {
  actor: Actor
  templateVersionId: string
  period: Period
  file: ExportFile
  now?: Date | undefined
}

export interface ExportStream {
  filename: string
  contentType: string
  chunks: AsyncIterable<string> | Iterable<string>
}

async function versionFor(deps: Deps, actor: Actor, templateVersionId: string, now: Date) {
  const version = await findTemplateVersion(deps.db, templateVersionId)
  if (!version) throw problem('not-found', { resource: 'template-version', id: templateVersionId })
  // C12: exports go on after the freeze (they read), with the programme's freeze known to can().
  await authorizeOnProgramme(deps.db, actor, 'export-data', version.programme_id, { now })
  const parsed = parseTemplateObject(version.model)
  const template = (parsed as { ok: true; value: ParsedTemplate }).value.template as Template
  return { version, template, model: exportModel(template) }
}

/** What can be exported from a version: its tables and the periods its PUT sets. */
export async function describeExports(deps: Deps, actor: Actor, templateVersionId: string, now = new Date()) {
  const { template, model } = await versionFor(deps, actor, templateVersionId, now)
  return {
    programme: template.programme,
    version: template.version,
    reportPeriodicity: template.metadata.reportPeriodicity ?? null,
    periods: reportPeriods(template.effectiveDate, template.metadata.reportPeriodicity, now),
    tables: exportTables(model),
  }
}

function streamOf(deps: Deps, model: ExportModel, request: ExportRequest, now: Date): ExportStream {
  const bounds = periodBounds(request.period)
  const filter = { templateVersionId: request.templateVersionId, ...bounds }
  const base = `${model.programme}_${model.version}_${request.period.from}_${request.period.to}`
  const file = request.file
  if (file.format === 'odm') {
    return {
      filename: `${base}.odm.xml`,
      contentType: 'application/xml; charset=utf-8',
      chunks: odmDocument(deps.db, model, filter, {
        fileOid: `${base}.${now.toISOString()}`,
        createdAt: now,
        description: `Export ${model.programme} ${model.version}, du ${request.period.from} au ${request.period.to}`,
      }),
    }
  }
  const csv = { contentType: 'text/csv; charset=utf-8' }
  if (file.format === 'dictionary')
    return { ...csv, filename: `${base}_dictionnaire.csv`, chunks: dictionary(model) }
  const [ficheId, repeatId] = file.table.split('.')
  const fiche = model.fiches.find((f) => f.id === ficheId)
  if (!fiche || !exportTables(model).includes(file.table)) {
    throw problem('not-found', { resource: 'export-table', id: file.table })
  }
  return {
    ...csv,
    filename: `${base}_${file.table}.csv`,
    chunks: repeatId ? repeatTable(deps.db, fiche, repeatId, filter) : ficheTable(deps.db, fiche, filter),
  }
}

/** Authorises, checks the period and the table, audits, then hands back the file as a lazy stream. */
export async function openExport(deps: Deps, request: ExportRequest): Promise<ExportStream> {
  const now = request.now ?? new Date()
  const { version, model } = await versionFor(deps, request.actor, request.templateVersionId, now)
  const stream = streamOf(deps, model, request, now)
  await insertAuditEvent(deps.db, {
    actorId: request.actor.id,
    action: 'data.export',
    subjectType: 'template-version',
    subjectId: version.id,
    details: {
      format: request.file.format,
      ...(request.file.format === 'csv' ? { table: request.file.table } : {}),
      from: request.period.from,
      to: request.period.to,
    },
  })
  return stream
}
