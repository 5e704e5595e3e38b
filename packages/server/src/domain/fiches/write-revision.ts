/**
 * The one way a fiche changes: evaluate the data against the published fiche, append a revision on top of
 * the named base, move the head, audit. Shared by creating a fiche, saving a draft and submitting.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type {
  Database,
  Executor,
  FicheInstance,
  FicheRevision,
  FicheStatus,
  RevisionSource,
} from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { appendRevision, insertRevision, moveFicheHead } from '../../db/queries/fiches.ts'
import { findTemplateFicheDefinition } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import type { CompiledFiche } from '../templates/designer.ts'
import { evaluateFiche, type FicheData } from './evaluate-fiche.ts'
import { type FicheView, toFicheView } from './fiche-view.ts'
import { ownDateOf } from './validators.ts'

export type WriteMode = 'draft' | 'submit'

export interface RevisionWrite {
  actor: Actor
  fiche: FicheInstance
  templateFicheRowId: string
  establishmentId: string
  source: RevisionSource
  data: FicheData
  mode: WriteMode
}

/** Validates and prunes the data; refuses what must not be stored; says what the revision will be. */
async function prepare(deps: Deps, db: Executor, w: RevisionWrite) {
  const validator = await deps.validators.get(w.templateFicheRowId, async () => {
    const stored = await findTemplateFicheDefinition(db, w.templateFicheRowId)
    return { definition: stored.definition as CompiledFiche, dateItem: stored.date_item }
  })
  const evaluation = evaluateFiche(validator, w.data)
  if (!evaluation.ok) throw problem('field-outside-put', { paths: evaluation.outsidePut })
  // Drafts may be incomplete and are always saved; a submission (or a correction of one) must be valid.
  const mustBeValid = w.mode === 'submit' || w.fiche.status === 'submitted'
  if (mustBeValid && evaluation.issues.length > 0) {
    throw problem('fiche-invalid', { errorCount: evaluation.issues.length, errors: evaluation.issues })
  }
  const status: FicheStatus = mustBeValid ? 'submitted' : 'draft'
  return {
    ...evaluation,
    status,
    kind: mustBeValid ? ('submission' as const) : ('draft' as const),
    // What the fiche row keeps of its head for follow-up (C7.2): moved with the head, never apart.
    head: { missingCount: evaluation.missingCount, date: ownDateOf(validator, evaluation.data) },
  }
}

const auditAction = (mode: WriteMode) => (mode === 'submit' ? 'fiche.submit' : 'fiche.save')

const auditDetails = (
  revision: Pick<FicheRevision, 'id' | 'seq' | 'source'>,
  prepared: { pruned: FicheData; missingCount: number },
) => ({
  revisionId: revision.id,
  seq: revision.seq,
  source: revision.source,
  prunedItems: Object.keys(prepared.pruned),
  missingCount: prepared.missingCount,
})

/** A fiche's first revision, in the transaction that created the fiche. */
export async function writeFirstRevision(
  deps: Deps,
  trx: Transaction<Database>,
  w: RevisionWrite,
): Promise<FicheView> {
  const prepared = await prepare(deps, trx, w)
  const revision = await insertRevision(trx, {
    fiche_instance_id: w.fiche.id,
    seq: 1,
    base_revision_id: null,
    kind: prepared.kind,
    data: JSON.stringify(prepared.data),
    author_id: w.actor.id,
    establishment_id: w.establishmentId,
    source: w.source,
    pruned: JSON.stringify(prepared.pruned),
    warnings: JSON.stringify(prepared.issues),
    missing_count: prepared.missingCount,
  })
  const fiche = await moveFicheHead(trx, w.fiche.id, revision.id, prepared.status, prepared.head)
  await insertAuditEvent(trx, {
    actorId: w.actor.id,
    action: auditAction(w.mode),
    subjectType: 'fiche',
    subjectId: fiche.id,
    details: auditDetails(revision, prepared),
  })
  return toFicheView(fiche, revision)
}

/**
 * A revision on top of `base`, the fiche's head when the caller read it: one atomic statement (see
 * appendRevision). Undefined when the head has moved since: nothing was written.
 */
export async function writeNextRevision(
  deps: Deps,
  db: Executor,
  w: RevisionWrite & { base: Pick<FicheRevision, 'id' | 'seq'> },
): Promise<FicheView | undefined> {
  const prepared = await prepare(deps, db, w)
  const id = randomUUID()
  const seq = w.base.seq + 1
  const moved = await appendRevision(db, {
    id,
    ficheInstanceId: w.fiche.id,
    baseId: w.base.id,
    seq,
    expectedStatus: w.fiche.status,
    status: prepared.status,
    kind: prepared.kind,
    data: JSON.stringify(prepared.data),
    authorId: w.actor.id,
    establishmentId: w.establishmentId,
    source: w.source,
    pruned: JSON.stringify(prepared.pruned),
    warnings: JSON.stringify(prepared.issues),
    missingCount: prepared.missingCount,
    headDate: prepared.head.date,
    auditAction: auditAction(w.mode),
    auditDetails: JSON.stringify(auditDetails({ id, seq, source: w.source }, prepared)),
  })
  if (!moved) return undefined
  const { revision_created_at: createdAt, ...fiche } = moved
  // The stored revision is what was just sent: no need to read the (large) data back.
  return toFicheView(fiche, {
    id,
    fiche_instance_id: fiche.id,
    seq,
    base_revision_id: w.base.id,
    kind: prepared.kind,
    data: prepared.data,
    author_id: w.actor.id,
    establishment_id: w.establishmentId,
    source: w.source,
    pruned: prepared.pruned,
    warnings: prepared.issues,
    missing_count: prepared.missingCount,
    created_at: createdAt,
  })
}
