/**
 * C6.1: a record's registration number and what its notification needs: the programme, the record's
 * treatment-access request, and the hospital staff who may have had access to the record at that time.
 */
import { sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Executor, HospitalRole } from '../database.ts'

/** Sets the number of a record that has none; undefined when it already had one. */
export const setRegistrationNumber = (db: Executor, enrolmentId: string, registrationNumber: string) =>
  db
    .updateTable('enrolments')
    .set({ registration_number: registrationNumber })
    .where('id', '=', enrolmentId)
    .where('registration_number', 'is', null)
    .returningAll()
    .executeTakeFirst()

/** The record, its programme, and its treatment-access request (the first: it fixed the access key). */
export const findRegistrationFacts = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .innerJoin('programmes as pr', 'pr.id', 'e.programme_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('access_requests')
          .select(['enrolment_id', 'created_at', 'establishment_id', 'requested_by'])
          .distinctOn('enrolment_id')
          .where('enrolment_id', '=', enrolmentId)
          .orderBy('enrolment_id')
          .orderBy('created_at')
          .orderBy('id')
          .as('ar'),
      (join) => join.onRef('ar.enrolment_id', '=', 'e.id'),
    )
    .select([
      'e.id',
      'e.patient_id',
      'e.programme_id',
      'e.registration_number',
      'p.establishment_id',
      'pr.name as programme_name',
      'pr.slug as programme_slug',
      'pr.framework',
      // As text, to the microsecond: a JS Date would round it down to the millisecond and miss the
      // request's own row in the "as it stood at the request" comparisons below.
      sql<string | null>`ar.created_at::text`.as('requested_at_exact'),
      'ar.created_at as requested_at',
      'ar.establishment_id as request_establishment_id',
      'ar.requested_by',
    ])
    .where('e.id', '=', enrolmentId)
    .executeTakeFirst()

/**
 * The health professionals who could have access to a record at `at`: hospital members of the
 * establishments the record has been with, and pharmacists granted it (C9.2), each with their hospital
 * memberships and what they held for the programme at that instant (requests, designations, grant).
 * Deciding who actually has access is can()'s job (domain/access/record-audience.ts).
 */
export const listRecordStaffCandidates = (
  db: Executor,
  q: { enrolmentId: string; programmeId: string; establishmentIds: readonly string[]; at: string },
) => {
  const at = sql<Date>`${q.at}::timestamptz`
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.email', 'u.display_name'])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('memberships as m')
          .select(['m.role', 'm.establishment_id', 'm.organisation_id'])
          .whereRef('m.user_id', '=', 'u.id')
          .where('m.establishment_id', 'is not', null)
          .where('m.created_at', '<=', at)
          .orderBy('m.created_at')
          .orderBy('m.id'),
      ).as('memberships'),
      jsonArrayFrom(
        eb
          .selectFrom('access_requests as ar')
          .select(['ar.establishment_id as establishmentId', 'ar.indication_id as indicationId'])
          .distinct()
          .whereRef('ar.requested_by', '=', 'u.id')
          .where('ar.programme_id', '=', q.programmeId)
          .where('ar.created_at', '<=', at),
      ).as('requests'),
      jsonArrayFrom(
        eb
          .selectFrom('designations as d')
          .select([
            'd.establishment_id as establishmentId',
            'd.indication_id as indicationId',
            'd.designee_role as designeeRole',
          ])
          .whereRef('d.designee_id', '=', 'u.id')
          .where('d.programme_id', '=', q.programmeId)
          .where('d.created_at', '<=', at)
          .where((w) => w.or([w('d.revoked_at', 'is', null), w('d.revoked_at', '>', at)])),
      ).as('designations'),
      eb
        .exists(
          eb
            .selectFrom('dispensing_grants as g')
            .select(sql.lit(1).as('one'))
            .whereRef('g.pharmacist_id', '=', 'u.id')
            .where('g.enrolment_id', '=', q.enrolmentId)
            .where('g.created_at', '<=', at)
            .where((w) => w.or([w('g.revoked_at', 'is', null), w('g.revoked_at', '>', at)])),
        )
        .as('dispensing_grant'),
    ])
    .where((w) =>
      w.or([
        w.exists(
          w
            .selectFrom('memberships as m')
            .select(sql.lit(1).as('one'))
            .whereRef('m.user_id', '=', 'u.id')
            .where('m.establishment_id', 'in', q.establishmentIds)
            .where('m.role', 'in', ['prescriber', 'pharmacist', 'pnm'] satisfies HospitalRole[]),
        ),
        w.exists(
          w
            .selectFrom('dispensing_grants as g')
            .select(sql.lit(1).as('one'))
            .whereRef('g.pharmacist_id', '=', 'u.id')
            .where('g.enrolment_id', '=', q.enrolmentId),
        ),
      ]),
    )
    .orderBy('u.id')
    .execute()
}
