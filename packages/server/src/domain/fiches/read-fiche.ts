/**
 * Reading a fiche (with its signatures), its revision history, and the field-level difference between two
 * revisions: each behind the access rules' `read` on the fiche's record (C5.2–C5.4, C9.2, C10.2).
 */
import type { Db, FicheInstance } from '../../db/database.ts'
import { findFicheInstance, findRevision, listRevisions } from '../../db/queries/fiches.ts'
import { isProblem, problem } from '../../errors.ts'
import { authorizeOnRecord } from '../access/authorize.ts'
import type { Actor } from '../actor.ts'
import { type FicheSignatures, ficheSignatures } from '../signatures/read-signatures.ts'
import { diffData, type FieldChange } from './diff-data.ts'
import { type FicheView, type RevisionView, toFicheView, toRevisionView } from './fiche-view.ts'

/** The fiche, once the actor may read its record; not-found either way for a fiche that does not exist. */
async function readableFiche(db: Db, actor: Actor, id: string) {
  const fiche = await findFicheInstance(db, id)
  if (!fiche) throw problem('not-found', { resource: 'fiche', id })
  await authorizeOnRecord(db, actor, 'read', { enrolmentId: fiche.enrolment_id })
  return fiche
}

/** Whether the actor may write a new revision on this head, and if not, why (in French): the editor's read-only mode. */
export interface FicheEditability {
  editable: boolean
  readOnlyReason: string | null
}

async function editability(db: Db, actor: Actor, fiche: FicheInstance): Promise<FicheEditability> {
  try {
    await authorizeOnRecord(db, actor, 'enter', {
      enrolmentId: fiche.enrolment_id,
      fiche: { kind: fiche.kind, ficheInstanceId: fiche.id },
      baseRevisionId: fiche.head_revision_id ?? undefined,
    })
    return { editable: true, readOnlyReason: null }
  } catch (error) {
    // C12: a frozen programme is read-only for everyone, like a refusal.
    if (!isProblem(error) || (error.code !== 'forbidden' && error.code !== 'programme-frozen')) throw error
    return { editable: false, readOnlyReason: String(error.params.reason ?? '') || null }
  }
}

/**
 * The fiche, its head revision, its signatures with their status (C5.5: a later revision voids them), and
 * whether the reader may enter data on it (the same rule a save is checked against).
 */
export async function readFiche(
  db: Db,
  actor: Actor,
  id: string,
): Promise<FicheView & FicheSignatures & FicheEditability> {
  const fiche = await readableFiche(db, actor, id)
  const [head, signatures, access] = await Promise.all([
    fiche.head_revision_id ? findRevision(db, fiche.head_revision_id) : undefined,
    ficheSignatures(db, id),
    editability(db, actor, fiche),
  ])
  if (!head) throw problem('not-found', { resource: 'fiche', id })
  return { ...toFicheView(fiche, head), ...signatures, ...access }
}

export async function listFicheSignatures(db: Db, actor: Actor, id: string): Promise<FicheSignatures> {
  await readableFiche(db, actor, id)
  return ficheSignatures(db, id)
}

export async function listFicheRevisions(db: Db, actor: Actor, id: string): Promise<RevisionView[]> {
  await readableFiche(db, actor, id)
  return (await listRevisions(db, id)).map(toRevisionView)
}

export async function diffRevisions(db: Db, actor: Actor, ficheId: string, fromId: string, toId: string) {
  await readableFiche(db, actor, ficheId)
  const [from, to] = await Promise.all([findRevision(db, fromId), findRevision(db, toId)])
  if (!from || from.fiche_instance_id !== ficheId)
    throw problem('not-found', { resource: 'revision', id: fromId })
  if (!to || to.fiche_instance_id !== ficheId) throw problem('not-found', { resource: 'revision', id: toId })
  const changes: FieldChange[] = diffData(from.data, to.data)
  return { from: { id: from.id, seq: from.seq }, to: { id: to.id, seq: to.seq }, changes }
}
