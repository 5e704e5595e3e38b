/**
 * Exports (P3): the fiches of one template version as they stood at the end of a period, page by page,
 * keyset-paginated so that an export of any size reads a bounded number of rows at a time.
 */
import { sql } from 'kysely'
import type { Executor } from '../database.ts'

export interface ExportFilter {
  templateVersionId: string
  /** Only this fiche (a CSV table); all fiches when absent (ODM). */
  ficheId?: string | undefined
  /** Inclusive start and exclusive end of the period, as instants. */
  start: Date
  end: Date
}

export interface ExportRow {
  enrolment_id: string
  fiche_instance_id: string
  fiche_id: string
  registration_number: string | null
  establishment_id: string
  seq: number
  revision_created_at: Date
  data: Record<string, unknown>
}

/** Keyset position: (enrolment, fiche instance), the order subjects and their forms are written in. */
export interface ExportCursor {
  enrolmentId: string
  ficheInstanceId: string
}

/**
 * Each fiche's latest submitted revision written before the end of the period, for the fiches with one in
 * the period: exporting a past period again gives the same data, and drafts (work in progress at the
 * hospital, possibly invalid) are never exported.
 */
export const listExportPage = async (
  db: Executor,
  filter: ExportFilter,
  after: ExportCursor | null,
  limit: number,
) =>
  (
    await sql<ExportRow>`
      select fi.enrolment_id, fi.id as fiche_instance_id, fi.fiche_id, e.registration_number,
        p.establishment_id, r.seq, r.created_at as revision_created_at, r.data
      from fiche_instances fi
      join enrolments e on e.id = fi.enrolment_id
      join patients p on p.id = e.patient_id
      join lateral (
        select seq, created_at, data from fiche_revisions r
        where r.fiche_instance_id = fi.id and r.kind = 'submission' and r.created_at < ${filter.end}
        order by r.seq desc limit 1
      ) r on true
      where fi.template_version_id = ${filter.templateVersionId}::uuid
        and r.created_at >= ${filter.start}
        ${filter.ficheId ? sql`and fi.fiche_id = ${filter.ficheId}` : sql``}
        ${after ? sql`and (fi.enrolment_id, fi.id) > (${after.enrolmentId}::uuid, ${after.ficheInstanceId}::uuid)` : sql``}
      order by fi.enrolment_id, fi.id
      limit ${limit}
    `.execute(db)
  ).rows
