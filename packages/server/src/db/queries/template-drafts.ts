/**
 * Template drafts of the designer (saved YAML, optimistic revision counter, state) and the reviews of them;
 * the programme listing the designer shows; the stored fiche data a draft's review re-validates.
 */
import { type Insertable, sql } from 'kysely'
import type { Executor, TemplateDraftState, TemplateDraftsTable, TemplateReviewsTable } from '../database.ts'

export const insertDraft = (db: Executor, row: Insertable<TemplateDraftsTable>) =>
  db.insertInto('template_drafts').values(row).returningAll().executeTakeFirstOrThrow()

export const findDraft = (db: Executor, id: string) =>
  db.selectFrom('template_drafts').selectAll().where('id', '=', id).executeTakeFirst()

/** Locks the draft row for the rest of the transaction (a review, a submission, a publication). */
export const findDraftForUpdate = (db: Executor, id: string) =>
  db.selectFrom('template_drafts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()

/**
 * Saves new content only if nobody saved since `expectedRevision`: the check and the write are one
 * statement, so two concurrent saves of the same revision cannot both succeed.
 */
export const updateDraftContent = (
  db: Executor,
  id: string,
  expectedRevision: number,
  content: {
    yaml_source: string
    version: string | null
    error_count: number
    warning_count: number
    updated_by: string
  },
) =>
  db
    .updateTable('template_drafts')
    .set({
      ...content,
      revision: sql<number>`revision + 1`,
      authors: sql<
        string[]
      >`case when ${content.updated_by}::uuid = any(authors) then authors else array_append(authors, ${content.updated_by}::uuid) end`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('revision', '=', expectedRevision)
    .where('state', '=', 'draft')
    .returningAll()
    .executeTakeFirst()

export const setDraftState = (
  db: Executor,
  id: string,
  state: TemplateDraftState,
  publishedVersionId: string | null = null,
) =>
  db
    .updateTable('template_drafts')
    .set({ state, published_version_id: publishedVersionId, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

export const listDrafts = (db: Executor, organisationIds: readonly string[]) =>
  organisationIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('template_drafts')
        .select([
          'id',
          'organisation_id',
          'programme',
          'version',
          'state',
          'revision',
          'error_count',
          'warning_count',
          'updated_at',
          'published_version_id',
        ])
        .where('organisation_id', 'in', organisationIds)
        .orderBy('programme')
        .orderBy('created_at')
        .orderBy('id')
        .execute()

/** Published versions of the organisations' programmes, oldest first per programme. */
export const listPublishedVersions = (db: Executor, organisationIds: readonly string[]) =>
  organisationIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('template_versions as v')
        .innerJoin('programmes as p', 'p.id', 'v.programme_id')
        .select([
          'v.id',
          'p.slug as programme',
          'p.name as programme_name',
          'p.framework',
          'v.version',
          'v.effective_date',
          'v.published_at',
        ])
        .where('p.organisation_id', 'in', organisationIds)
        .orderBy('p.slug')
        .orderBy('v.published_at')
        .orderBy('v.id')
        .execute()

/** The latest published version of a programme, by slug, with its source. */
export const findLatestPublishedBySlug = (db: Executor, programme: string) =>
  db
    .selectFrom('template_versions as v')
    .innerJoin('programmes as p', 'p.id', 'v.programme_id')
    .select(['v.id', 'v.version', 'v.yaml_source', 'v.programme_id', 'p.organisation_id'])
    .where('p.slug', '=', programme)
    .orderBy('v.published_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(1)
    .executeTakeFirst()

export const insertReview = (db: Executor, row: Insertable<TemplateReviewsTable>) =>
  db.insertInto('template_reviews').values(row).returningAll().executeTakeFirstOrThrow()

export const listReviews = (db: Executor, draftId: string) =>
  db
    .selectFrom('template_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .select([
      'r.id',
      'r.draft_revision',
      'r.reviewer_id',
      'u.display_name as reviewer_name',
      'r.decision',
      'r.comment',
      'r.breaking_count',
      'r.created_at',
    ])
    .where('r.draft_id', '=', draftId)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute()

/** The current data of every fiche of a programme (each instance's head revision), for re-validation. */
export const listHeadRevisions = (db: Executor, programmeId: string) =>
  db
    .selectFrom('fiche_instances as i')
    .innerJoin('enrolments as e', 'e.id', 'i.enrolment_id')
    .innerJoin('fiche_revisions as r', 'r.id', 'i.head_revision_id')
    .select(['r.id', 'i.fiche_id', 'r.kind', 'r.data'])
    .where('e.programme_id', '=', programmeId)
    .orderBy('r.id')
    .execute()
