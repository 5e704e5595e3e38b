/**
 * Fiche signatures (append-only) and what signing decides on: the fiche, its template's signature rules,
 * and each signature's revision, with the revision that came next (the one that voided it, if any).
 */
import { type Insertable, sql } from 'kysely'
import type { Executor, FicheSignaturesTable, HospitalRole } from '../database.ts'

/** The template's `signatures` of a fiche: who must (required) and who may (optional) sign it. */
export interface SignatureRules {
  required?: HospitalRole[]
  optional?: HospitalRole[]
}

const signatureRules = sql<SignatureRules | null>`(
  select f -> 'signatures' from jsonb_array_elements(tv.model -> 'fiches') f where f ->> 'id' = fi.fiche_id
)`

/** The fiche with its template's signature rules; lock it to sign (a concurrent write waits). */
export const findFicheForSigning = (db: Executor, id: string, lock: boolean) => {
  const query = db
    .selectFrom('fiche_instances as fi')
    .innerJoin('template_versions as tv', 'tv.id', 'fi.template_version_id')
    .selectAll('fi')
    .select(signatureRules.as('signature_rules'))
    .where('fi.id', '=', id)
  return (lock ? query.forUpdate('fi') : query).executeTakeFirst()
}

export const insertSignature = (db: Executor, row: Insertable<FicheSignaturesTable>) =>
  db.insertInto('fiche_signatures').values(row).returningAll().executeTakeFirstOrThrow()

/** A fiche's signatures, oldest first, each with its revision's seq and the revision written on top of it. */
export const listSignatures = (db: Executor, ficheInstanceId: string) =>
  db
    .selectFrom('fiche_signatures as s')
    .innerJoin('fiche_revisions as r', 'r.id', 's.revision_id')
    .leftJoin('fiche_revisions as next', 'next.base_revision_id', 's.revision_id')
    .selectAll('s')
    .select(['r.seq as revision_seq', 'next.id as next_revision_id', 'next.seq as next_revision_seq'])
    .where('s.fiche_instance_id', '=', ficheInstanceId)
    .orderBy('s.signed_at')
    .orderBy('s.id')
    .execute()

export type SignatureRow = Awaited<ReturnType<typeof listSignatures>>[number]
