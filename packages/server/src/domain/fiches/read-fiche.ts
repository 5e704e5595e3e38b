/**
 * Reading a fiche, its revision history, and the field-level difference between two revisions.
 */
import type { Db } from '../../db/database.ts'
import { findFicheInstance, findRevision, listRevisions } from '../../db/queries/fiches.ts'
import { problem } from '../../errors.ts'
import { diffData, type FieldChange } from './diff-data.ts'
import { type FicheView, type RevisionView, toFicheView, toRevisionView } from './fiche-view.ts'

export async function readFiche(db: Db, id: string): Promise<FicheView> {
  const fiche = await findFicheInstance(db, id)
  const head = fiche?.head_revision_id ? await findRevision(db, fiche.head_revision_id) : undefined
  if (!fiche || !head) throw problem('not-found', { resource: 'fiche', id })
  return toFicheView(fiche, head)
}

export async function listFicheRevisions(db: Db, id: string): Promise<RevisionView[]> {
  const fiche = await findFicheInstance(db, id)
  if (!fiche) throw problem('not-found', { resource: 'fiche', id })
  return (await listRevisions(db, id)).map(toRevisionView)
}

export async function diffRevisions(db: Db, ficheId: string, fromId: string, toId: string) {
  const [from, to] = await Promise.all([findRevision(db, fromId), findRevision(db, toId)])
  if (!from || from.fiche_instance_id !== ficheId)
    throw problem('not-found', { resource: 'revision', id: fromId })
  if (!to || to.fiche_instance_id !== ficheId) throw problem('not-found', { resource: 'revision', id: toId })
  const changes: FieldChange[] = diffData(from.data, to.data)
  return { from: { id: from.id, seq: from.seq }, to: { id: to.id, seq: to.seq }, changes }
}
