/**
 * The one way a fiche changes: evaluate the data against the published fiche, append a revision on top of
 * the named base, move the head, audit. Shared by creating a fiche, saving a draft and submitting.
 */
import type { Transaction } from 'kysely'
import type { Database, FicheInstance, FicheRevision, RevisionSource } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { insertRevision, moveFicheHead } from '../../db/queries/fiches.ts'
import { findTemplateFicheDefinition } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import type { CompiledFiche } from '../templates/designer.ts'
import { evaluateFiche, type FicheData } from './evaluate-fiche.ts'
import { type FicheView, toFicheView } from './fiche-view.ts'

export type WriteMode = 'draft' | 'submit'

export interface RevisionWrite {
  actor: Actor
  fiche: FicheInstance
  /** The revision this write builds on (undefined for a fiche's first revision). */
  base: Pick<FicheRevision, 'id' | 'seq'> | undefined
  templateFicheRowId: string
  establishmentId: string
  source: RevisionSource
  data: FicheData
  mode: WriteMode
}

export async function writeRevision(
  deps: Deps,
  trx: Transaction<Database>,
  w: RevisionWrite,
): Promise<FicheView> {
  const validator = await deps.validators.get(
    w.templateFicheRowId,
    async () => (await findTemplateFicheDefinition(trx, w.templateFicheRowId)).definition as CompiledFiche,
  )
  const evaluation = evaluateFiche(validator, w.data)
  if (!evaluation.ok) throw problem('field-outside-put', { paths: evaluation.outsidePut })
  // Drafts may be incomplete and are always saved; a submission (or a correction of one) must be valid.
  const mustBeValid = w.mode === 'submit' || w.fiche.status === 'submitted'
  if (mustBeValid && evaluation.issues.length > 0) {
    throw problem('fiche-invalid', { errorCount: evaluation.issues.length, errors: evaluation.issues })
  }
  const revision = await insertRevision(trx, {
    fiche_instance_id: w.fiche.id,
    seq: (w.base?.seq ?? 0) + 1,
    base_revision_id: w.base?.id ?? null,
    kind: mustBeValid ? 'submission' : 'draft',
    data: JSON.stringify(evaluation.data),
    author_id: w.actor.id,
    establishment_id: w.establishmentId,
    source: w.source,
    pruned: JSON.stringify(evaluation.pruned),
    warnings: JSON.stringify(evaluation.issues),
    missing_count: evaluation.missingCount,
  })
  const fiche = await moveFicheHead(trx, w.fiche.id, revision.id, mustBeValid ? 'submitted' : 'draft')
  await insertAuditEvent(trx, {
    actorId: w.actor.id,
    action: w.mode === 'submit' ? 'fiche.submit' : 'fiche.save',
    subjectType: 'fiche',
    subjectId: fiche.id,
    details: {
      revisionId: revision.id,
      seq: revision.seq,
      source: revision.source,
      prunedItems: Object.keys(evaluation.pruned),
      missingCount: evaluation.missingCount,
    },
  })
  return toFicheView(fiche, revision)
}
