/**
 * Reads and writes of template version migration (P2): the fiches of a template version with their head
 * revision, page by page (keyset on the fiche id), and the migration runs with their per-fiche rows.
 */
import { sql } from 'kysely'
import type { Executor } from '../database.ts'

export interface VersionFicheFilter {
  templateVersionId: string
  /** The patients' establishment; all establishments when absent. */
  establishmentId?: string | undefined
  /** Only these fiche instances (a re-run, a test). */
  ficheInstanceIds?: readonly string[] | undefined
}

/**
 * One page of the fiches stored on a template version, with their head revision's data, in fiche id
 * order after `afterId`. One statement per page, whatever the page size.
 */
export const listVersionFichePage = (
  db: Executor,
  filter: VersionFicheFilter,
  afterId: string | null,
  limit: number,
) => {
  let query = db
    .selectFrom('fiche_instances as fi')
    .innerJoin('enrolments as e', 'e.id', 'fi.enrolment_id')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .leftJoin('fiche_revisions as hr', 'hr.id', 'fi.head_revision_id')
    .select([
      'fi.id',
      'fi.fiche_id',
      'fi.kind',
      'fi.status',
      'fi.enrolment_id',
      'fi.head_revision_id',
      'hr.seq as head_seq',
      'hr.data',
      'e.registration_number',
      'p.establishment_id',
    ])
    .where('fi.template_version_id', '=', filter.templateVersionId)
  if (filter.establishmentId) query = query.where('p.establishment_id', '=', filter.establishmentId)
  if (filter.ficheInstanceIds) {
    query = query.where(
      'fi.id',
      'in',
      filter.ficheInstanceIds.length ? [...filter.ficheInstanceIds] : [null as never],
    )
  }
  if (afterId) query = query.where('fi.id', '>', afterId)
  return query.orderBy('fi.id').limit(limit).execute()
}

export type VersionFicheRow = Awaited<ReturnType<typeof listVersionFichePage>>[number]

/** Moves a fiche to another version with a new head, only if it is still on `fromVersionId` at `baseId`. */
export const moveFicheToVersion = (
  db: Executor,
  m: { id: string; fromVersionId: string; toVersionId: string; baseId: string | null; headId: string },
) =>
  db
    .updateTable('fiche_instances')
    .set({ template_version_id: m.toVersionId, head_revision_id: m.headId, updated_at: sql`now()` })
    .where('id', '=', m.id)
    .where('template_version_id', '=', m.fromVersionId)
    .where((eb) =>
      m.baseId === null ? eb('head_revision_id', 'is', null) : eb('head_revision_id', '=', m.baseId),
    )
    .returning(['id', 'status'])
    .executeTakeFirst()
