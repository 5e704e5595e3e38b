/**
 * Saving a draft and submitting: every write names its base revision. The write is a compare-and-swap on
 * the fiche's head: whoever finds the head moved gets stale-revision with the current revision, and
 * nothing is overwritten. The unique (fiche, base) key is the last line of defence.
 */
import type { Executor } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { findFicheContext, findFicheInstance, findRevision } from '../../db/queries/fiches.ts'
import { problem } from '../../errors.ts'
import { decideOnRecord } from '../access/authorize.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runSingleStatementCommand } from '../idempotency.ts'
import { assertPrefillsConfirmed } from '../lifecycle/prefill.ts'
import type { FicheData } from './evaluate-fiche.ts'
import { type FicheView, toRevisionView } from './fiche-view.ts'
import { type WriteMode, writeNextRevision } from './write-revision.ts'

export interface SaveFicheInput {
  actor: Actor
  ficheInstanceId: string
  baseRevisionId: string
  /** Absent on submit: submit the base revision's data as it is. */
  data?: FicheData | undefined
  mode: WriteMode
  idempotencyKey?: string | undefined
}

/** The 409 for a write whose base is no longer the head, carrying the current head. */
async function staleRevision(db: Executor, baseRevisionId: string, headRevisionId: string | null) {
  const head = headRevisionId ? await findRevision(db, headRevisionId) : undefined
  return problem('stale-revision', {
    baseRevisionId,
    currentRevisionId: head?.id ?? null,
    currentSeq: head?.seq ?? 0,
    current: head ? toRevisionView(head) : null,
  })
}

export async function saveFiche(deps: Deps, input: SaveFicheInput): Promise<FicheView> {
  const { actor, idempotencyKey, ...request } = input
  const scope = { actorId: actor.id, key: idempotencyKey, operation: `fiche.${input.mode}`, request }
  try {
    return await runSingleStatementCommand(deps, scope, async (db) => {
      // Read without a lock: the write below only lands if the head is still the one read here.
      // One round trip: the fiche and the record's access facts for this actor and base.
      const fiche = await findFicheContext(db, {
        ficheInstanceId: input.ficheInstanceId,
        actorId: actor.id,
        baseRevisionId: input.baseRevisionId,
      })
      if (!fiche) throw problem('not-found', { resource: 'fiche', id: input.ficheInstanceId })
      // C10.4 is decided on the base the write names: a stale base fails below anyway.
      const { decision } = decideOnRecord(actor, 'enter', fiche, {
        fiche: { kind: fiche.kind, ficheInstanceId: fiche.id },
        baseRevisionId: input.baseRevisionId,
      })
      if (
        !fiche.head_revision_id ||
        fiche.head_seq === null ||
        fiche.head_revision_id !== input.baseRevisionId
      ) {
        throw await staleRevision(db, input.baseRevisionId, fiche.head_revision_id)
      }
      // Submitting without data submits the base revision as it stands.
      const data = input.data ?? (await findRevision(db, fiche.head_revision_id))!.data
      // C8.1: values prefilled from another programme are confirmed by the user before they are submitted.
      if (input.mode === 'submit' && fiche.unconfirmed_prefills)
        await assertPrefillsConfirmed(db, fiche.id, data)
      const written = await writeNextRevision(deps, db, {
        actor,
        fiche,
        base: { id: fiche.head_revision_id, seq: fiche.head_seq },
        templateFicheRowId: fiche.template_fiche_row_id,
        establishmentId: decision.establishmentId ?? fiche.establishment_id,
        source: decision.source,
        data,
        mode: input.mode,
      })
      if (written) return written
      // Another writer moved the head between our read and our write: report the head it left.
      const now = await findFicheInstance(db, input.ficheInstanceId)
      throw await staleRevision(db, input.baseRevisionId, now?.head_revision_id ?? null)
    })
  } catch (error) {
    // Only reachable if the compare-and-swap was bypassed: the database still refuses a second child of one base.
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
