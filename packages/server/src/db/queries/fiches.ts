/**
 * Fiche instances (one fiche of one patient's enrolment) and their append-only revisions. The head
 * pointer is the only thing that moves; revisions are only ever inserted.
 */
import type { Insertable } from 'kysely'
import type { Executor, FicheInstancesTable, FicheStatus, NewFicheRevision } from '../database.ts'

export const insertFicheInstance = (db: Executor, row: Insertable<FicheInstancesTable>) =>
  db.insertInto('fiche_instances').values(row).returningAll().executeTakeFirstOrThrow()

export const findFicheInstance = (db: Executor, id: string) =>
  db.selectFrom('fiche_instances').selectAll().where('id', '=', id).executeTakeFirst()

/** Locks the fiche row for the rest of the transaction, so concurrent writers queue behind each other. */
export const lockFicheInstance = (db: Executor, id: string) =>
  db.selectFrom('fiche_instances').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()

export const moveFicheHead = (db: Executor, id: string, headRevisionId: string, status: FicheStatus) =>
  db
    .updateTable('fiche_instances')
    .set({ head_revision_id: headRevisionId, status, updated_at: new Date() })
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

/** A fiche with what deciding on a write needs: patient's establishment, programme's lab, stored fiche. */
export const lockFicheContext = (db: Executor, id: string) =>
  db
    .selectFrom('fiche_instances as fi')
    .innerJoin('enrolments as e', 'e.id', 'fi.enrolment_id')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .innerJoin('programmes as pr', 'pr.id', 'e.programme_id')
    .innerJoin('template_fiches as tf', (join) =>
      join
        .onRef('tf.template_version_id', '=', 'fi.template_version_id')
        .onRef('tf.fiche_id', '=', 'fi.fiche_id'),
    )
    .leftJoin('fiche_revisions as hr', 'hr.id', 'fi.head_revision_id')
    .selectAll('fi')
    .select([
      'p.establishment_id',
      'pr.organisation_id',
      'tf.id as template_fiche_row_id',
      'hr.seq as head_seq',
    ])
    .where('fi.id', '=', id)
    .forUpdate('fi')
    .executeTakeFirst()

export const findEnrolmentContext = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .innerJoin('programmes as pr', 'pr.id', 'e.programme_id')
    .select(['e.id', 'e.programme_id', 'p.establishment_id', 'pr.organisation_id'])
    .where('e.id', '=', enrolmentId)
    .executeTakeFirst()
