/**
 * Fiche instances (one fiche of one patient's enrolment) and their append-only revisions. The head
 * pointer is the only thing that moves; revisions are only ever inserted.
 */
import { type Insertable, sql } from 'kysely'
import type {
  Executor,
  FicheInstance,
  FicheInstancesTable,
  FicheStatus,
  NewFicheRevision,
  RevisionKind,
  RevisionSource,
} from '../database.ts'
import { preparedQuery } from '../prepared.ts'
import { recordFactsQuery } from './access.ts'

export const insertFicheInstance = (db: Executor, row: Insertable<FicheInstancesTable>) =>
  db.insertInto('fiche_instances').values(row).returningAll().executeTakeFirstOrThrow()

export const findFicheInstance = (db: Executor, id: string) =>
  db.selectFrom('fiche_instances').selectAll().where('id', '=', id).executeTakeFirst()

/** Locks the fiche row for the rest of the transaction, so concurrent writers queue behind each other. */
export const lockFicheInstance = (db: Executor, id: string) =>
  db.selectFrom('fiche_instances').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()

/** What the fiche row keeps of its head revision (see FicheInstancesTable): moved with the head. */
export interface HeadFacts {
  missingCount: number
  date: string | null
}

export const moveFicheHead = (
  db: Executor,
  id: string,
  headRevisionId: string,
  status: FicheStatus,
  head: HeadFacts,
) =>
  db
    .updateTable('fiche_instances')
    .set({
      head_revision_id: headRevisionId,
      head_missing_count: head.missingCount,
      head_date: head.date,
      status,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

export const insertRevision = (db: Executor, row: NewFicheRevision) =>
  db.insertInto('fiche_revisions').values(row).returningAll().executeTakeFirstOrThrow()

export const findRevision = (db: Executor, id: string) =>
  db.selectFrom('fiche_revisions').selectAll().where('id', '=', id).executeTakeFirst()

export const listRevisions = (db: Executor, ficheInstanceId: string) =>
  db
    .selectFrom('fiche_revisions')
    .selectAll()
    .where('fiche_instance_id', '=', ficheInstanceId)
    .orderBy('seq')
    .execute()

/** Named, not `*`, in prepared statements (see prepared.ts). */
const FICHE_INSTANCE_COLUMNS = [
  'id',
  'enrolment_id',
  'template_version_id',
  'fiche_id',
  'kind',
  'planned_visit_id',
  'status',
  'head_revision_id',
  'head_missing_count',
  'head_date',
  'created_by',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof FicheInstancesTable)[]

interface FicheContextArgs {
  ficheInstanceId: string
  actorId: string
  baseRevisionId: string | null
}

const ficheContext = preparedQuery<FicheContextArgs>()((db, arg) =>
  recordFactsQuery(db, arg)
    .innerJoin('fiche_instances as fi', 'fi.enrolment_id', 'e.id')
    .innerJoin('template_fiches as tf', (join) =>
      join
        .onRef('tf.template_version_id', '=', 'fi.template_version_id')
        .onRef('tf.fiche_id', '=', 'fi.fiche_id'),
    )
    .leftJoin('fiche_revisions as hr', 'hr.id', 'fi.head_revision_id')
    .select(FICHE_INSTANCE_COLUMNS.map((c) => `fi.${c}` as const))
    .select([
      'p.establishment_id',
      'tf.id as template_fiche_row_id',
      'tf.access as fiche_access',
      'hr.seq as head_seq',
    ])
    // C8.1: whether a prefilled value still awaits its confirmation (then the marks are read).
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('fiche_prefills as fp')
            .select(sql.lit(1).as('one'))
            .whereRef('fp.fiche_instance_id', '=', 'fi.id')
            .where('fp.confirmed_at', 'is', null),
        )
        .as('unconfirmed_prefills'),
    )
    .where('fi.id', '=', arg('ficheInstanceId')),
)

/**
 * What deciding on a write to a fiche needs, in one round trip: the fiche with its stored definition and
 * head seq, the patient's establishment, whether prefills await confirmation, and the record's access
 * facts for this actor (authorizeOnRecord's, with the base revision's establishment). Not locked: the
 * write that follows is a compare-and-swap on the head it read.
 */
export const findFicheContext = async (db: Executor, q: FicheContextArgs) => (await ficheContext(db, q))[0]

export interface AppendedRevision {
  /** Ids are made by the caller so that the head move and the insert need not wait for each other. */
  id: string
  ficheInstanceId: string
  baseId: string
  seq: number
  /** The status the caller decided on: the head moves only if the fiche still has it. */
  expectedStatus: FicheStatus
  status: FicheStatus
  kind: RevisionKind
  data: string
  authorId: string
  establishmentId: string
  source: RevisionSource
  pruned: string
  warnings: string
  missingCount: number
  /** The new head's own date (HeadFacts). */
  headDate: string | null
  auditAction: string
  auditDetails: string
}

const FICHE_COLUMNS_SQL = sql.raw(FICHE_INSTANCE_COLUMNS.join(', '))
const MOVED_COLUMNS_SQL = sql.raw(FICHE_INSTANCE_COLUMNS.map((c) => `moved.${c}`).join(', '))

const appendRevisionStatement = preparedQuery<AppendedRevision>()(
  (_db, arg) => sql<FicheInstance & { revision_created_at: Date }>`
    with moved as (
      update fiche_instances
      set head_revision_id = ${arg('id')}::uuid, status = ${arg('status')}::text, updated_at = now(),
        head_missing_count = ${arg('missingCount')}::integer, head_date = ${arg('headDate')}::text
      where id = ${arg('ficheInstanceId')}::uuid
        and head_revision_id = ${arg('baseId')}::uuid
        and status = ${arg('expectedStatus')}::text
      returning ${FICHE_COLUMNS_SQL}
    ), revision as (
      insert into fiche_revisions (id, fiche_instance_id, seq, base_revision_id, kind, data, author_id,
        establishment_id, source, pruned, warnings, missing_count)
      select ${arg('id')}::uuid, moved.id, ${arg('seq')}::integer, ${arg('baseId')}::uuid, ${arg('kind')}::text,
        ${arg('data')}::jsonb, ${arg('authorId')}::uuid, ${arg('establishmentId')}::uuid,
        ${arg('source')}::text, ${arg('pruned')}::jsonb, ${arg('warnings')}::jsonb,
        ${arg('missingCount')}::integer
      from moved
      returning id, created_at
    ), audit as (
      insert into audit_events (actor_id, action, subject_type, subject_id, details)
      select ${arg('authorId')}::uuid, ${arg('auditAction')}::text, 'fiche', ${arg('ficheInstanceId')}::uuid,
        ${arg('auditDetails')}::jsonb
      from revision
      returning id
    )
    -- audit is not read: a data-modifying WITH runs to completion whether or not it is referenced
    select ${MOVED_COLUMNS_SQL}, revision.created_at as revision_created_at from moved cross join revision
  `,
)

/**
 * Appends a revision on top of its base and moves the head to it, with its audit row, as ONE statement:
 * atomic without a transaction, and one round trip instead of begin/lock/insert/update/audit/commit.
 * The head moves only if it still is the base (compare-and-swap; a concurrent writer blocks on the row
 * and re-checks), and the insert and the audit row only happen if it moved. Undefined: the head had moved.
 */
export const appendRevision = async (db: Executor, r: AppendedRevision) =>
  (await appendRevisionStatement(db, r))[0]

export const findEnrolmentContext = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .innerJoin('programmes as pr', 'pr.id', 'e.programme_id')
    .select(['e.id', 'e.programme_id', 'p.establishment_id', 'pr.organisation_id'])
    .where('e.id', '=', enrolmentId)
    .executeTakeFirst()
