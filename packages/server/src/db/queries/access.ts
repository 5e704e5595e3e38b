/**
 * What the access rules decide on: a record's custody (origin, transfers), its access key (C3.3), and what
 * the acting user holds for its programme (requests, designations, dispensing grants). Also the writes.
 */
import { type Insertable, type Kysely, sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type {
  AccessRequestsTable,
  Database,
  DesignationsTable,
  DispensingGrantsTable,
  Executor,
  TransfersTable,
} from '../database.ts'
import { preparedQuery } from '../prepared.ts'

export interface RecordFactsQuery {
  actorId: string
  enrolmentId: string
  /** When a fiche is concerned: its template access overrides are read too. */
  ficheInstanceId?: string | undefined
  /** When a write names its base: the establishment that entered it is read too (C10.4). */
  baseRevisionId?: string | undefined
}

interface RecordFactsArgs {
  actorId: string
  enrolmentId: string
  ficheInstanceId: string | null
  baseRevisionId: string | null
}

type RecordFactsSlots = Omit<RecordFactsArgs, 'enrolmentId' | 'ficheInstanceId'>

/**
 * The enrolment, its custody and everything the actor holds for its programme; the caller adds the WHERE
 * (one enrolment, or the enrolment of one fiche) and the fiche's overrides. `arg` names the actor and the
 * base revision.
 */
export const recordFactsQuery = (
  db: Kysely<Database>,
  arg: <K extends keyof RecordFactsSlots>(name: K) => RecordFactsSlots[K],
) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .innerJoin('programmes as pr', 'pr.id', 'e.programme_id')
    .select(['e.id as enrolment_id', 'e.patient_id', 'e.programme_id', 'pr.organisation_id'])
    .select('p.establishment_id as origin_establishment_id')
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('transfers as t')
          .select(['t.to_establishment_id as toEstablishmentId', 't.effective_date as effectiveDate'])
          .whereRef('t.enrolment_id', '=', 'e.id')
          .orderBy('t.effective_date')
          .orderBy('t.created_at'),
      ).as('transfers'),
      // The record's access key is the indication of the request its FAT made (null: shared access).
      eb
        .selectFrom('access_requests as ar')
        .select('ar.indication_id')
        .whereRef('ar.enrolment_id', '=', 'e.id')
        .orderBy('ar.created_at')
        .limit(1)
        .as('access_key'),
      eb
        .exists(
          eb
            .selectFrom('fiche_instances as fi')
            .select(sql.lit(1).as('one'))
            .whereRef('fi.enrolment_id', '=', 'e.id')
            .where('fi.kind', '=', 'fat'),
        )
        .as('has_fat'),
      jsonArrayFrom(
        eb
          .selectFrom('access_requests as ar')
          .select(['ar.establishment_id as establishmentId', 'ar.indication_id as indicationId'])
          .distinct()
          .whereRef('ar.programme_id', '=', 'e.programme_id')
          .where('ar.requested_by', '=', arg('actorId')),
      ).as('requests'),
      jsonArrayFrom(
        eb
          .selectFrom('designations as d')
          .select([
            'd.establishment_id as establishmentId',
            'd.indication_id as indicationId',
            'd.designee_role as designeeRole',
          ])
          .whereRef('d.programme_id', '=', 'e.programme_id')
          .where('d.designee_id', '=', arg('actorId'))
          .where('d.revoked_at', 'is', null),
      ).as('designations'),
      eb
        .exists(
          eb
            .selectFrom('dispensing_grants as g')
            .select(sql.lit(1).as('one'))
            .whereRef('g.enrolment_id', '=', 'e.id')
            .where('g.pharmacist_id', '=', arg('actorId'))
            .where('g.revoked_at', 'is', null),
        )
        .as('dispensing_grant'),
      eb
        .selectFrom('fiche_revisions as r')
        .select('r.establishment_id')
        .where('r.id', '=', arg('baseRevisionId'))
        .as('base_establishment_id'),
      // C12: the freeze in force is the programme's latest schedule.
      eb
        .selectFrom('programme_freezes as pf')
        .select(sql<string>`pf.freeze_on::text`.as('freeze_on'))
        .whereRef('pf.programme_id', '=', 'e.programme_id')
        .orderBy('pf.announced_at', 'desc')
        .orderBy('pf.id', 'desc')
        .limit(1)
        .as('freezes_on'),
    ])

// Prepared (see prepared.ts): every fiche command runs it once, on the write path too.
const recordFacts = preparedQuery<RecordFactsArgs>()((db, arg) =>
  recordFactsQuery(db, arg)
    // The fiche concerned, if any: its template's C5.5 overrides.
    .select((eb) =>
      eb
        .selectFrom('fiche_instances as fi')
        .innerJoin('template_fiches as tf', (join) =>
          join
            .onRef('tf.template_version_id', '=', 'fi.template_version_id')
            .onRef('tf.fiche_id', '=', 'fi.fiche_id'),
        )
        .select('tf.access')
        .where('fi.id', '=', arg('ficheInstanceId'))
        .as('fiche_access'),
    )
    .where('e.id', '=', arg('enrolmentId')),
)

/** One round trip: the enrolment, its custody and everything the actor holds for its programme. */
export const findRecordFacts = async (db: Executor, q: RecordFactsQuery) =>
  (
    await recordFacts(db, {
      actorId: q.actorId,
      enrolmentId: q.enrolmentId,
      ficheInstanceId: q.ficheInstanceId ?? null,
      baseRevisionId: q.baseRevisionId ?? null,
    })
  )[0]

export type RecordFactsRow = NonNullable<Awaited<ReturnType<typeof findRecordFacts>>>

/** What the actor holds for a programme, outside any record: deciding on a designation needs it. */
export const findHeldAccess = (db: Executor, actorId: string, programmeId: string) =>
  db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('access_requests as ar')
          .select(['ar.establishment_id as establishmentId', 'ar.indication_id as indicationId'])
          .distinct()
          .where('ar.programme_id', '=', programmeId)
          .where('ar.requested_by', '=', actorId),
      ).as('requests'),
      jsonArrayFrom(
        eb
          .selectFrom('designations as d')
          .select([
            'd.establishment_id as establishmentId',
            'd.indication_id as indicationId',
            'd.designee_role as designeeRole',
          ])
          .where('d.programme_id', '=', programmeId)
          .where('d.designee_id', '=', actorId)
          .where('d.revoked_at', 'is', null),
      ).as('designations'),
      // C12: the programme's freeze in force (its latest schedule)
      eb
        .selectFrom('programme_freezes as pf')
        .select(sql<string>`pf.freeze_on::text`.as('freeze_on'))
        .where('pf.programme_id', '=', programmeId)
        .orderBy('pf.announced_at', 'desc')
        .orderBy('pf.id', 'desc')
        .limit(1)
        .as('freezes_on'),
    ])
    .executeTakeFirstOrThrow()

export const insertAccessRequest = (db: Executor, row: Insertable<AccessRequestsTable>) =>
  db.insertInto('access_requests').values(row).returningAll().executeTakeFirstOrThrow()

export const listAccessRequests = (db: Executor, establishmentId: string, programmeId: string) =>
  db
    .selectFrom('access_requests')
    .selectAll()
    .where('establishment_id', '=', establishmentId)
    .where('programme_id', '=', programmeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

export const insertDesignation = (db: Executor, row: Insertable<DesignationsTable>) =>
  db.insertInto('designations').values(row).returningAll().executeTakeFirstOrThrow()

export const findDesignation = (db: Executor, id: string) =>
  db.selectFrom('designations').selectAll().where('id', '=', id).executeTakeFirst()

/** Undefined when it was already revoked. */
export const revokeDesignation = (db: Executor, id: string, by: string) =>
  db
    .updateTable('designations')
    .set({ revoked_at: new Date(), revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()

export const listDesignations = (db: Executor, establishmentId: string, programmeId: string) =>
  db
    .selectFrom('designations')
    .selectAll()
    .where('establishment_id', '=', establishmentId)
    .where('programme_id', '=', programmeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

export const insertDispensingGrant = (db: Executor, row: Insertable<DispensingGrantsTable>) =>
  db.insertInto('dispensing_grants').values(row).returningAll().executeTakeFirstOrThrow()

export const findDispensingGrant = (db: Executor, id: string) =>
  db.selectFrom('dispensing_grants').selectAll().where('id', '=', id).executeTakeFirst()

export const revokeDispensingGrant = (db: Executor, id: string, by: string) =>
  db
    .updateTable('dispensing_grants')
    .set({ revoked_at: new Date(), revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()

export const listDispensingGrants = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('dispensing_grants')
    .selectAll()
    .where('enrolment_id', '=', enrolmentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

export const insertTransfer = (db: Executor, row: Insertable<TransfersTable>) =>
  db.insertInto('transfers').values(row).returningAll().executeTakeFirstOrThrow()

export const listTransfers = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('transfers')
    .selectAll()
    .where('enrolment_id', '=', enrolmentId)
    .orderBy('effective_date')
    .orderBy('created_at')
    .execute()

/** Hospital memberships of a user: a designee or a grantee must hold the role they are given. */
export const findHospitalRoles = (db: Executor, userId: string, establishmentId: string) =>
  db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('establishment_id', '=', establishmentId)
    .execute()
