/**
 * Raising, answering, closing and reopening data-clarification queries (C5.2–C5.4: the establishment's
 * write rights include answering them). Each move appends a message and its audit row in one transaction.
 */
import type { QueryStatus } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  findFicheForQuery,
  insertQuery,
  insertQueryMessage,
  listQueries,
  lockQuery,
  setQueryStatus,
} from '../../db/queries/data-queries.ts'
import { problem } from '../../errors.ts'
import { authorizeOnRecord } from '../access/authorize.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { nextQueryStatus, pointerItem, type QueryMove } from './query-transitions.ts'
import { type QueryView, toQueryView } from './query-view.ts'

export interface RaiseQueryInput {
  actor: Actor
  ficheInstanceId: string
  itemPath: string
  text: string
  now?: Date | undefined
}

/** The lab's data manager asks about one item of a fiche, on the fiche's current revision. */
export async function raiseQuery(deps: Deps, input: RaiseQueryInput): Promise<QueryView> {
  const now = input.now ?? new Date()
  return deps.db.transaction().execute(async (trx) => {
    const fiche = await findFicheForQuery(trx, input.ficheInstanceId)
    if (!fiche) throw problem('not-found', { resource: 'fiche', id: input.ficheInstanceId })
    await authorizeOnRecord(
      trx,
      input.actor,
      'manage-queries',
      { enrolmentId: fiche.enrolment_id, fiche: { kind: fiche.kind, ficheInstanceId: fiche.id } },
      now,
    )
    const item = pointerItem(input.itemPath)
    if (!item || !(fiche.item_ids ?? []).includes(item) || !fiche.head_revision_id) {
      throw problem('unknown-item', { itemPath: input.itemPath })
    }
    const query = await insertQuery(trx, {
      fiche_instance_id: fiche.id,
      item_path: input.itemPath,
      revision_id: fiche.head_revision_id,
      status: 'open',
      raised_by: input.actor.id,
      created_at: now,
      updated_at: now,
    })
    await insertQueryMessage(trx, {
      query_id: query.id,
      author_id: input.actor.id,
      kind: 'raise',
      text: input.text,
      created_at: now,
    })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'query.raise',
      subjectType: 'query',
      subjectId: query.id,
      details: { ficheInstanceId: fiche.id, itemPath: input.itemPath, revisionId: fiche.head_revision_id },
    })
    return toQueryView((await listQueries(trx, { ids: [query.id] }))[0]!)
  })
}

export interface MoveQueryInput {
  actor: Actor
  queryId: string
  move: QueryMove
  text?: string | undefined
  now?: Date | undefined
}

/**
 * Answering is a write on the record (`answer-query`: the hospital users who may enter the fiche);
 * closing and reopening are the lab's (`manage-queries`).
 */
export async function moveQuery(deps: Deps, input: MoveQueryInput): Promise<QueryView> {
  const now = input.now ?? new Date()
  return deps.db.transaction().execute(async (trx) => {
    const query = await lockQuery(trx, input.queryId)
    if (!query) throw problem('not-found', { resource: 'query', id: input.queryId })
    await authorizeOnRecord(
      trx,
      input.actor,
      input.move === 'answer' ? 'answer-query' : 'manage-queries',
      {
        enrolmentId: query.enrolment_id,
        fiche: { kind: query.kind, ficheInstanceId: query.fiche_instance_id },
      },
      now,
    )
    const status: QueryStatus | undefined = nextQueryStatus(query.status, input.move)
    if (!status) throw problem('invalid-query-transition', { status: query.status, action: input.move })
    await setQueryStatus(trx, query.id, status, now)
    await insertQueryMessage(trx, {
      query_id: query.id,
      author_id: input.actor.id,
      kind: input.move,
      text: input.text ?? null,
      created_at: now,
    })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: `query.${input.move}`,
      subjectType: 'query',
      subjectId: query.id,
      details: { from: query.status, to: status },
    })
    return toQueryView((await listQueries(trx, { ids: [query.id] }))[0]!)
  })
}
