/**
 * Reads and writes of template version migration (P2): the fiches of a template version with their head
 * revision, page by page (keyset on the fiche id), and the migration runs with their per-fiche rows.
 */
import { type Insertable, sql } from 'kysely'
import type {
  AuditEventsTable,
  Executor,
  FicheRevisionsTable,
  QueriesTable,
  QueryMessagesTable,
  TemplateMigrationFichesTable,
  TemplateMigrationsTable,
} from '../database.ts'
import type { HeadFacts } from './fiches.ts'

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
    // A signature is valid while its revision is the head: the migration's new head would void it (C5.5).
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('fiche_signatures as s')
            .select('s.id')
            .whereRef('s.revision_id', '=', 'fi.head_revision_id'),
        )
        .as('signed'),
    )
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

/** Locks the page's fiches that are still on `fromVersionId`, in id order (two runs never deadlock). */
export const lockFichesOnVersion = (db: Executor, ids: readonly string[], fromVersionId: string) =>
  db
    .selectFrom('fiche_instances')
    .select(['id', 'head_revision_id'])
    .where('id', 'in', ids.length ? [...ids] : [null as never])
    .where('template_version_id', '=', fromVersionId)
    .orderBy('id')
    .forUpdate()
    .execute()

export const insertRevisions = (db: Executor, rows: Insertable<FicheRevisionsTable>[]) =>
  db.insertInto('fiche_revisions').values(rows).execute()

/** Moves locked fiches to `toVersionId`, each onto its new head: one statement for the page. */
export const moveFichesToVersion = (
  db: Executor,
  toVersionId: string,
  heads: readonly { id: string; headId: string; head: HeadFacts }[],
) =>
  sql`
    update fiche_instances as fi
    set template_version_id = ${toVersionId}::uuid, head_revision_id = v.head_id, updated_at = now(),
      head_missing_count = v.missing_count, head_date = v.head_date
    from (values ${sql.join(
      heads.map(
        (h) => sql`(${h.id}::uuid, ${h.headId}::uuid, ${h.head.missingCount}::integer, ${h.head.date}::text)`,
      ),
    )}) as v(id, head_id, missing_count, head_date)
    where fi.id = v.id
  `.execute(db)

export const insertMigrationRun = (db: Executor, row: Insertable<TemplateMigrationsTable>) =>
  db.insertInto('template_migrations').values(row).returningAll().executeTakeFirstOrThrow()

export const insertMigrationFiches = (db: Executor, rows: Insertable<TemplateMigrationFichesTable>[]) =>
  db.insertInto('template_migration_fiches').values(rows).execute()

export const insertQueries = (db: Executor, rows: Insertable<QueriesTable>[]) =>
  db.insertInto('queries').values(rows).returning(['id', 'fiche_instance_id', 'item_path']).execute()

export const insertQueryMessages = (db: Executor, rows: Insertable<QueryMessagesTable>[]) =>
  db.insertInto('query_messages').values(rows).execute()

export const insertAuditEvents = (db: Executor, rows: Insertable<AuditEventsTable>[]) =>
  db.insertInto('audit_events').values(rows).execute()

/** The fiches a run moved, with their revisions before and after. */
export const listMigratedFiches = (db: Executor, migrationId: string) =>
  db
    .selectFrom('template_migration_fiches')
    .selectAll()
    .where('migration_id', '=', migrationId)
    .orderBy('fiche_instance_id')
    .execute()
