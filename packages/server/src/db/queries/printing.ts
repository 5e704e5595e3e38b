/**
 * What a printed form needs beyond the fiche itself: the template version with its compiled fiches, the
 * record's registration number and establishment, and the names of the people and centres it cites.
 */
import type { Executor } from '../database.ts'

/** A template version's programme, model and medicine, for the header of its printed forms. */
export const findVersionForPrint = (db: Executor, templateVersionId: string) =>
  db
    .selectFrom('template_versions as v')
    .innerJoin('programmes as p', 'p.id', 'v.programme_id')
    .select(['v.id', 'v.version', 'v.model', 'p.slug as programme', 'p.name'])
    .where('v.id', '=', templateVersionId)
    .executeTakeFirst()

/** The version's compiled fiches in template order (one, when `ficheId` is given). */
export const listFicheDefinitions = (db: Executor, templateVersionId: string, ficheId?: string) => {
  let query = db
    .selectFrom('template_fiches')
    .select(['id', 'fiche_id', 'definition', 'date_item'])
    .where('template_version_id', '=', templateVersionId)
  if (ficheId !== undefined) query = query.where('fiche_id', '=', ficheId)
  return query.orderBy('position').execute()
}

/** The record a fiche belongs to: its registration number and the establishment that registered it. */
export const findRecordForPrint = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('enrolments as e')
    .innerJoin('patients as pt', 'pt.id', 'e.patient_id')
    .innerJoin('establishments as es', 'es.id', 'pt.establishment_id')
    .select(['e.registration_number', 'es.name as establishment', 'es.finess'])
    .where('e.id', '=', enrolmentId)
    .executeTakeFirst()

export const listUserNames = (db: Executor, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).orderBy('id').execute()

export const listEstablishmentNames = (db: Executor, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('establishments')
        .select(['id', 'name', 'finess'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute()
