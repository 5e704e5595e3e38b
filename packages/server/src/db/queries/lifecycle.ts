/**
 * A programme's lifecycle (status history, database freezes and their mailings), the recipients of its
 * notices, the order check's one fact, prefilled values (C8.1) and the end of an AAC / CPC access (P4).
 */
import { type Insertable, sql } from 'kysely'
import type { Executor, FichePrefillsTable, FreezeMailingKind, ProgrammeFreezesTable } from '../database.ts'

export const listProgrammeStatusHistory = (db: Executor, programmeId: string) =>
  db
    .selectFrom('programme_status_history')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .orderBy('changed_at')
    .orderBy('id')
    .execute()

/** Compare-and-swap on the framework: undefined when another change landed first. */
export const updateProgrammeFramework = (db: Executor, id: string, from: string, to: string) =>
  db
    .updateTable('programmes')
    .set({ framework: to })
    .where('id', '=', id)
    .where('framework', '=', from)
    .returningAll()
    .executeTakeFirst()

/** A freeze row with its day as `YYYY-MM-DD` text on every backend (PGlite would parse a `date` into a Date). */
const FREEZE_COLUMNS = [
  'id',
  'programme_id',
  sql<string>`freeze_on::text`.as('freeze_on'),
  'scheduled_by',
  'note',
  'announced_at',
] as const

export const insertFreeze = (db: Executor, row: Insertable<ProgrammeFreezesTable>) =>
  db.insertInto('programme_freezes').values(row).returning(FREEZE_COLUMNS).executeTakeFirstOrThrow()

/** Every schedule of a programme, the one in force (the latest) last. */
export const listFreezes = (db: Executor, programmeId: string) =>
  db
    .selectFrom('programme_freezes')
    .select(FREEZE_COLUMNS)
    .where('programme_id', '=', programmeId)
    .orderBy('announced_at')
    .orderBy('id')
    .execute()

export const findFreezeInForce = (db: Executor, programmeId: string) =>
  db
    .selectFrom('programme_freezes')
    .select(FREEZE_COLUMNS)
    .where('programme_id', '=', programmeId)
    .orderBy('announced_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()

/** The freezes in force whose day has not come yet, with their programme: what reminders are about. */
export const listUpcomingFreezes = (db: Executor, today: string) =>
  db
    .selectFrom('programme_freezes as f')
    .innerJoin('programmes as p', 'p.id', 'f.programme_id')
    .select([
      'f.id',
      'f.programme_id',
      sql<string>`f.freeze_on::text`.as('freeze_on'),
      'f.note',
      'p.slug',
      'p.name',
    ])
    .where('f.freeze_on', '>', today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('programme_freezes as later')
            .select(sql.lit(1).as('one'))
            .whereRef('later.programme_id', '=', 'f.programme_id')
            .where((eb) =>
              eb.or([
                eb('later.announced_at', '>', eb.ref('f.announced_at')),
                eb.and([
                  eb('later.announced_at', '=', eb.ref('f.announced_at')),
                  eb('later.id', '>', eb.ref('f.id')),
                ]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('f.freeze_on')
    .orderBy('f.id')
    .execute()

/**
 * Claims one mailing of one freeze: the row is inserted by exactly one caller, whatever the number of
 * instances ticking at once; the others get undefined and send nothing.
 */
export const claimFreezeMailing = (
  db: Executor,
  freezeId: string,
  kind: FreezeMailingKind,
  recipients: number,
) =>
  db
    .insertInto('freeze_mailings')
    .values({ freeze_id: freezeId, kind, recipients })
    .onConflict((oc) => oc.columns(['freeze_id', 'kind']).doNothing())
    .returningAll()
    .executeTakeFirst()

export const listFreezeMailings = (db: Executor, freezeId: string) =>
  db.selectFrom('freeze_mailings').selectAll().where('freeze_id', '=', freezeId).orderBy('sent_at').execute()

/**
 * C12.1: everyone with access to a programme's data: the lab's roles that read records, the pharmacists of
 * every establishment that holds or held one of its records (C5.3), the prescribers who requested access
 * (C5.2), active designees (C5.4) and dispensing pharmacists (C9.2). One row per user.
 */
export const listProgrammeRecipients = (db: Executor, programmeId: string) =>
  db
    .selectFrom('users as u')
    .select(['u.id', 'u.email', 'u.display_name'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .innerJoin('programmes as p', 'p.organisation_id', 'm.organisation_id')
            .select(sql.lit(1).as('one'))
            .whereRef('m.user_id', '=', 'u.id')
            .where('p.id', '=', programmeId)
            .where('m.role', 'in', ['programme-manager', 'data-manager', 'monitor']),
        ),
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .select(sql.lit(1).as('one'))
            .whereRef('m.user_id', '=', 'u.id')
            .where('m.role', '=', 'pharmacist')
            .where((inner) =>
              inner.or([
                inner.exists(
                  inner
                    .selectFrom('enrolments as e')
                    .innerJoin('patients as pa', 'pa.id', 'e.patient_id')
                    .select(sql.lit(1).as('one'))
                    .where('e.programme_id', '=', programmeId)
                    .whereRef('pa.establishment_id', '=', 'm.establishment_id'),
                ),
                inner.exists(
                  inner
                    .selectFrom('transfers as t')
                    .innerJoin('enrolments as e', 'e.id', 't.enrolment_id')
                    .select(sql.lit(1).as('one'))
                    .where('e.programme_id', '=', programmeId)
                    .whereRef('t.to_establishment_id', '=', 'm.establishment_id'),
                ),
              ]),
            ),
        ),
        eb.exists(
          eb
            .selectFrom('access_requests as ar')
            .select(sql.lit(1).as('one'))
            .whereRef('ar.requested_by', '=', 'u.id')
            .where('ar.programme_id', '=', programmeId),
        ),
        eb.exists(
          eb
            .selectFrom('designations as d')
            .select(sql.lit(1).as('one'))
            .whereRef('d.designee_id', '=', 'u.id')
            .where('d.programme_id', '=', programmeId)
            .where('d.revoked_at', 'is', null),
        ),
        eb.exists(
          eb
            .selectFrom('dispensing_grants as g')
            .innerJoin('enrolments as e', 'e.id', 'g.enrolment_id')
            .select(sql.lit(1).as('one'))
            .whereRef('g.pharmacist_id', '=', 'u.id')
            .where('e.programme_id', '=', programmeId)
            .where('g.revoked_at', 'is', null),
        ),
      ]),
    )
    .orderBy('u.email')
    .execute()

/** C11: the enrolments carrying a registration number, optionally in one programme (by slug). */
export const findEnrolmentsByRegistrationNumber = (
  db: Executor,
  registrationNumber: string,
  programme?: string,
) => {
  let query = db
    .selectFrom('enrolments as e')
    .innerJoin('programmes as p', 'p.id', 'e.programme_id')
    .select(['e.id', 'e.registration_number', 'p.slug as programme'])
    .where('e.registration_number', '=', registrationNumber)
  if (programme !== undefined) query = query.where('p.slug', '=', programme)
  return query.orderBy('p.slug').execute()
}

/** C11: the record's FAT (its first, the treatment-access request) with its head revision's state. */
export const findFatOf = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('fiche_instances as fi')
    .select(['fi.id', 'fi.status', 'fi.head_revision_id'])
    .where('fi.enrolment_id', '=', enrolmentId)
    .where('fi.kind', '=', 'fat')
    .orderBy('fi.created_at')
    .orderBy('fi.id')
    .limit(1)
    .executeTakeFirst()

/** C8.1: the other enrolments of the same patient, in a programme named by its slug. */
export const findEnrolmentOfPatientIn = (db: Executor, patientId: string, programme: string) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('programmes as p', 'p.id', 'e.programme_id')
    .select(['e.id', 'e.patient_id', 'p.slug as programme'])
    .where('e.patient_id', '=', patientId)
    .where('p.slug', '=', programme)
    .executeTakeFirst()

export const findEnrolmentWithProgramme = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('programmes as p', 'p.id', 'e.programme_id')
    .select([
      'e.id',
      'e.patient_id',
      'e.programme_id',
      'e.created_at',
      sql<string | null>`e.access_ends_on::text`.as('access_ends_on'),
      'p.slug as programme',
      'p.framework',
      'p.organisation_id',
    ])
    .where('e.id', '=', enrolmentId)
    .executeTakeFirst()

/**
 * The latest instance of a fiche of an enrolment with its head revision and template model: the source of a
 * prefill. Undefined when the enrolment has no such fiche with a revision.
 */
export const findFicheWithHead = (db: Executor, enrolmentId: string, ficheId: string) =>
  db
    .selectFrom('fiche_instances as fi')
    .innerJoin('fiche_revisions as r', 'r.id', 'fi.head_revision_id')
    .innerJoin('template_versions as tv', 'tv.id', 'fi.template_version_id')
    .select(['fi.id', 'fi.fiche_id', 'fi.status', 'r.id as revision_id', 'r.data', 'tv.model', 'tv.version'])
    .where('fi.enrolment_id', '=', enrolmentId)
    .where('fi.fiche_id', '=', ficheId)
    .orderBy('fi.created_at', 'desc')
    .orderBy('fi.id', 'desc')
    .limit(1)
    .executeTakeFirst()

export const insertPrefills = (db: Executor, rows: Insertable<FichePrefillsTable>[]) =>
  rows.length === 0
    ? Promise.resolve([])
    : db.insertInto('fiche_prefills').values(rows).returningAll().execute()

export const listPrefills = (db: Executor, ficheInstanceId: string) =>
  db
    .selectFrom('fiche_prefills')
    .selectAll()
    .where('fiche_instance_id', '=', ficheInstanceId)
    .orderBy('item_id')
    .execute()

/** Confirms the named prefilled items that are not confirmed yet; returns those it confirmed. */
export const confirmPrefills = (db: Executor, ficheInstanceId: string, items: string[], by: string) =>
  db
    .updateTable('fiche_prefills')
    .set({ confirmed_by: by, confirmed_at: new Date() })
    .where('fiche_instance_id', '=', ficheInstanceId)
    .where('item_id', 'in', items)
    .where('confirmed_at', 'is', null)
    .returningAll()
    .execute()

export const findFicheInstanceRow = (db: Executor, id: string) =>
  db.selectFrom('fiche_instances').selectAll().where('id', '=', id).executeTakeFirst()

/** P4: moves an enrolment's access end (a renewal). */
export const setAccessEnd = (db: Executor, enrolmentId: string, accessEndsOn: string | null) =>
  db
    .updateTable('enrolments')
    .set({ access_ends_on: accessEndsOn })
    .where('id', '=', enrolmentId)
    .returning('id')
    .executeTakeFirstOrThrow()
