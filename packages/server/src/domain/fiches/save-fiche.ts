/**
 * Saving a draft and submitting: every write names its base revision. The fiche row is locked, so
 * concurrent writers queue; whoever finds the head moved gets stale-revision with the current revision,
 * and nothing is overwritten. The unique (fiche, base) key is the last line of defence.
 */
import { isUniqueViolation } from '../../db/errors.ts'
import { findRevision, lockFicheContext } from '../../db/queries/fiches.ts'
import { problem } from '../../errors.ts'
import { type Actor, writeSource } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import type { FicheData } from './evaluate-fiche.ts'
import { type FicheView, toRevisionView } from './fiche-view.ts'
import { type WriteMode, writeRevision } from './write-revision.ts'

export interface SaveFicheInput {
  actor: Actor
  ficheInstanceId: string
  baseRevisionId: string
  /** Absent on submit: submit the base revision's data as it is. */
  data?: FicheData | undefined
  mode: WriteMode
  idempotencyKey?: string | undefined
}

export async function saveFiche(deps: Deps, input: SaveFicheInput): Promise<FicheView> {
  const { actor, idempotencyKey, ...request } = input
  const scope = { actorId: actor.id, key: idempotencyKey, operation: `fiche.${input.mode}`, request }
  try {
    return await runCommand(deps, scope, async (trx) => {
      const fiche = await lockFicheContext(trx, input.ficheInstanceId)
      if (!fiche) throw problem('not-found', { resource: 'fiche', id: input.ficheInstanceId })
      const source = writeSource(actor, fiche.establishment_id, fiche.organisation_id)
      if (
        !fiche.head_revision_id ||
        fiche.head_seq === null ||
        fiche.head_revision_id !== input.baseRevisionId
      ) {
        const head = fiche.head_revision_id ? await findRevision(trx, fiche.head_revision_id) : undefined
        throw problem('stale-revision', {
          baseRevisionId: input.baseRevisionId,
          currentRevisionId: head?.id ?? null,
          currentSeq: head?.seq ?? 0,
          current: head ? toRevisionView(head) : null,
        })
      }
      return writeRevision(deps, trx, {
        actor,
        fiche,
        base: { id: fiche.head_revision_id, seq: fiche.head_seq },
        templateFicheRowId: fiche.template_fiche_row_id,
        establishmentId: fiche.establishment_id,
        source,
        // Submitting without data submits the base revision as it stands.
        data: input.data ?? (await findRevision(trx, fiche.head_revision_id))!.data,
        mode: input.mode,
      })
    })
  } catch (error) {
    // Only reachable if the row lock was bypassed: the database still refuses a second child of one base.
    if (
      isUniqueViolation(error, 'fiche_revisions_base_uq') ||
      isUniqueViolation(error, 'fiche_revisions_seq_uq')
    ) {
      throw problem('stale-revision', {
        baseRevisionId: input.baseRevisionId,
        currentRevisionId: null,
        currentSeq: null,
      })
    }
    throw error
  }
}
