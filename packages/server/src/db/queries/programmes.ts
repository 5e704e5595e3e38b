/**
 * Programmes (one authorisation and its template lineage), their status history, and their immutable
 * template versions with the compiled fiches.
 */
import type { Insertable } from 'kysely'
import type {
  Executor,
  ProgrammeStatusHistoryTable,
  ProgrammesTable,
  TemplateFichesTable,
  TemplateVersionsTable,
} from '../database.ts'

export const findProgrammeBySlug = (db: Executor, slug: string) =>
  db.selectFrom('programmes').selectAll().where('slug', '=', slug).executeTakeFirst()

export const findProgramme = (db: Executor, id: string) =>
  db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst()

export const insertProgramme = (db: Executor, row: Insertable<ProgrammesTable>) =>
  db.insertInto('programmes').values(row).returningAll().executeTakeFirstOrThrow()

export const insertProgrammeStatus = (db: Executor, row: Insertable<ProgrammeStatusHistoryTable>) =>
  db.insertInto('programme_status_history').values(row).returningAll().executeTakeFirstOrThrow()

export const insertTemplateVersion = (db: Executor, row: Insertable<TemplateVersionsTable>) =>
  db.insertInto('template_versions').values(row).returningAll().executeTakeFirstOrThrow()

/** All fiches of one version in one statement. */
export const insertTemplateFiches = (db: Executor, rows: Insertable<TemplateFichesTable>[]) =>
  db.insertInto('template_fiches').values(rows).returningAll().execute()

const versionSummary = (db: Executor) =>
  db
    .selectFrom('template_versions as v')
    .innerJoin('programmes as p', 'p.id', 'v.programme_id')
    .select([
      'v.id',
      'v.programme_id',
      'p.slug as programme',
      'v.version',
      'v.effective_date',
      'v.template_hash',
      'v.published_by',
      'v.published_at',
    ])

export const listTemplateVersions = (db: Executor, programme?: string) => {
  let query = versionSummary(db)
  if (programme !== undefined) query = query.where('p.slug', '=', programme)
  return query.orderBy('p.slug').orderBy('v.published_at').orderBy('v.id').execute()
}

export const findTemplateVersionSummary = (db: Executor, id: string) =>
  versionSummary(db).where('v.id', '=', id).executeTakeFirst()

export const findTemplateVersion = (db: Executor, id: string) =>
  db.selectFrom('template_versions').selectAll().where('id', '=', id).executeTakeFirst()

/** The programme's most recently published version. */
export const findLatestTemplateVersion = (db: Executor, programmeId: string) =>
  db
    .selectFrom('template_versions')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()

export const listTemplateFicheHeaders = (db: Executor, templateVersionId: string) =>
  db
    .selectFrom('template_fiches')
    .select(['fiche_id', 'kind', 'title', 'hash', 'position'])
    .where('template_version_id', '=', templateVersionId)
    .orderBy('position')
    .execute()

/** A stored compiled fiche by its row id: read once per process, when its validator is first needed. */
export const findTemplateFicheDefinition = (db: Executor, id: string) =>
  db
    .selectFrom('template_fiches')
    .select(['definition', 'date_item'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

export const findTemplateFiche = (db: Executor, templateVersionId: string, ficheId: string) =>
  db
    .selectFrom('template_fiches')
    .selectAll()
    .where('template_version_id', '=', templateVersionId)
    .where('fiche_id', '=', ficheId)
    .executeTakeFirst()

/** Every programme with its most recently published version's parsed model, in one statement. */
export const listLatestVersionModels = (db: Executor) =>
  db
    .selectFrom('template_versions as v')
    .innerJoin('programmes as p', 'p.id', 'v.programme_id')
    .distinctOn('p.slug')
    .select(['p.id as programme_id', 'p.slug as programme', 'v.id', 'v.version', 'v.model'])
    .orderBy('p.slug')
    .orderBy('v.published_at', 'desc')
    .orderBy('v.id', 'desc')
    .execute()
