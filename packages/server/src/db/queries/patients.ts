/**
 * Pseudonymous patients (no name: an internal id and the establishment) and their enrolments in
 * programmes, with the registration number unique per programme.
 */
import type { Insertable } from 'kysely'
import type { EnrolmentsTable, Executor, PatientsTable } from '../database.ts'

export const insertPatient = (db: Executor, row: Insertable<PatientsTable>) =>
  db.insertInto('patients').values(row).returningAll().executeTakeFirstOrThrow()

export const findPatient = (db: Executor, id: string) =>
  db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst()

export const insertEnrolment = (db: Executor, row: Insertable<EnrolmentsTable>) =>
  db.insertInto('enrolments').values(row).returningAll().executeTakeFirstOrThrow()

export const findEnrolment = (db: Executor, id: string) =>
  db.selectFrom('enrolments').selectAll().where('id', '=', id).executeTakeFirst()

export const listEnrolmentsOfPatient = (db: Executor, patientId: string) =>
  db
    .selectFrom('enrolments')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
