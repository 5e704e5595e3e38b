/**
 * Data-clarification queries and their append-only messages. A query's status is a column moved in the
 * transaction that appends the message recording the move.
 */
import { type Insertable, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Executor, QueriesTable, QueryMessagesTable, QueryStatus } from '../database.ts'

/** A fiche with what raising a query on it needs: its record and the items its published fiche collects. */
export const findFicheForQuery = (db: Executor, ficheInstanceId: string) =>
  db
    .selectFrom('fiche_instances as fi')
    .innerJoin('template_fiches as tf', (join) =>
      join
        .onRef('tf.template_version_id', '=', 'fi.template_version_id')
        .onRef('tf.fiche_id', '=', 'fi.fiche_id'),
    )
    .select(['fi.id', 'fi.enrolment_id', 'fi.kind', 'fi.head_revision_id'])
    .select(sql<string[] | null>`tf.definition -> 'itemIds'`.as('item_ids'))
    .where('fi.id', '=', ficheInstanceId)
    .executeTakeFirst()

export const insertQuery = (db: Executor, row: Insertable<QueriesTable>) =>
  db.insertInto('queries').values(row).returningAll().executeTakeFirstOrThrow()

export const insertQueryMessage = (db: Executor, row: Insertable<QueryMessagesTable>) =>
  db.insertInto('query_messages').values(row).returning('id').executeTakeFirstOrThrow()

/** The query with its fiche's record; locked, so that two status moves queue behind each other. */
export const lockQuery = (db: Executor, id: string) =>
  db
    .selectFrom('queries as q')
    .innerJoin('fiche_instances as fi', 'fi.id', 'q.fiche_instance_id')
    .selectAll('q')
    .select(['fi.enrolment_id', 'fi.kind'])
    .where('q.id', '=', id)
    .forUpdate('q')
    .executeTakeFirst()

export const setQueryStatus = (db: Executor, id: string, status: QueryStatus, now: Date) =>
  db.updateTable('queries').set({ status, updated_at: now }).where('id', '=', id).execute()

/** Queries with their whole message history, oldest first. */
export const listQueries = (
  db: Executor,
  filter: { ficheInstanceId?: string; ids?: string[]; status?: QueryStatus },
) => {
  let query = db
    .selectFrom('queries as q')
    .innerJoin('fiche_instances as fi', 'fi.id', 'q.fiche_instance_id')
    .selectAll('q')
    .select(['fi.enrolment_id'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('query_messages as m')
          .select(['m.id', 'm.author_id as authorId', 'm.kind', 'm.text', 'm.created_at as createdAt'])
          .whereRef('m.query_id', '=', 'q.id')
          .orderBy('m.created_at')
          .orderBy('m.id'),
      ).as('messages'),
    )
  if (filter.ficheInstanceId) query = query.where('q.fiche_instance_id', '=', filter.ficheInstanceId)
  if (filter.ids) query = query.where('q.id', 'in', filter.ids.length ? filter.ids : [null as never])
  if (filter.status) query = query.where('q.status', '=', filter.status)
  return query.orderBy('q.created_at').orderBy('q.id').execute()
}

export type QueryRow = Awaited<ReturnType<typeof listQueries>>[number]

/**
 * Inbox candidates: queries on records the actor is in a position to see (their establishments hold,
 * received or are granted the record; their labs run the programme). The access rules decide after.
 */
export const listInboxCandidates = (
  db: Executor,
  q: { actorId: string; establishmentIds: string[]; organisationIds: string[]; status?: QueryStatus },
  limit: number,
) => {
  const none = ['00000000-0000-0000-0000-000000000000']
  const est = q.establishmentIds.length ? q.establishmentIds : none
  const org = q.organisationIds.length ? q.organisationIds : none
  let query = db
    .selectFrom('queries as q')
    .innerJoin('fiche_instances as fi', 'fi.id', 'q.fiche_instance_id')
    .innerJoin('enrolments as e', 'e.id', 'fi.enrolment_id')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .innerJoin('programmes as pr', 'pr.id', 'e.programme_id')
    .select(['q.id', 'fi.enrolment_id'])
    .where((eb) =>
      eb.or([
        eb('pr.organisation_id', 'in', org),
        eb('p.establishment_id', 'in', est),
        eb.exists(
          eb
            .selectFrom('transfers as t')
            .select(sql.lit(1).as('one'))
            .whereRef('t.enrolment_id', '=', 'e.id')
            .where('t.to_establishment_id', 'in', est),
        ),
        eb.exists(
          eb
            .selectFrom('dispensing_grants as g')
            .select(sql.lit(1).as('one'))
            .whereRef('g.enrolment_id', '=', 'e.id')
            .where('g.pharmacist_id', '=', q.actorId)
            .where('g.revoked_at', 'is', null),
        ),
      ]),
    )
  if (q.status) query = query.where('q.status', '=', q.status)
  return query.orderBy('q.created_at').orderBy('q.id').limit(limit).execute()
}
