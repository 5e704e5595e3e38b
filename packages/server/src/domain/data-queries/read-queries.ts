/**
 * Reading queries: those of one fiche (behind `read` on its record), and the inbox, the queries on every
 * record the actor may read (monitors and hospital users alike read queries; C5.2–C5.4).
 */
import type { Db, QueryStatus } from '../../db/database.ts'
import { findRecordFacts } from '../../db/queries/access.ts'
import { listInboxCandidates, listQueries } from '../../db/queries/data-queries.ts'
import { findFicheInstance } from '../../db/queries/fiches.ts'
import { problem } from '../../errors.ts'
import { authorizeOnRecord, toHeldAccess, toRecordFacts } from '../access/authorize.ts'
import { can } from '../access/can.ts'
import type { Actor } from '../actor.ts'
import { type QueryView, toQueryView } from './query-view.ts'

/** The inbox shows at most this many queries, oldest first: an open query is work to do, not history. */
export const INBOX_LIMIT = 200

export async function listFicheQueries(db: Db, actor: Actor, ficheInstanceId: string): Promise<QueryView[]> {
  const fiche = await findFicheInstance(db, ficheInstanceId)
  if (!fiche) throw problem('not-found', { resource: 'fiche', id: ficheInstanceId })
  await authorizeOnRecord(db, actor, 'read', { enrolmentId: fiche.enrolment_id })
  return (await listQueries(db, { ficheInstanceId })).map(toQueryView)
}

export async function queryInbox(
  db: Db,
  actor: Actor,
  status?: QueryStatus | undefined,
  now = new Date(),
): Promise<QueryView[]> {
  const establishmentIds = actor.memberships.flatMap((m) => (m.establishment_id ? [m.establishment_id] : []))
  const organisationIds = actor.memberships.flatMap((m) => (m.organisation_id ? [m.organisation_id] : []))
  const candidates = await listInboxCandidates(
    db,
    { actorId: actor.id, establishmentIds, organisationIds, ...(status ? { status } : {}) },
    INBOX_LIMIT,
  )
  // One facts query per distinct record (not per query); the rules, not the SQL above, decide who reads.
  const enrolmentIds = [...new Set(candidates.map((c) => c.enrolment_id))]
  const readable = new Set<string>()
  await Promise.all(
    enrolmentIds.map(async (enrolmentId) => {
      const row = await findRecordFacts(db, { actorId: actor.id, enrolmentId })
      if (!row) return
      const record = toRecordFacts(row)
      const decision = can(actor, 'read', { type: 'record', record }, { now, held: toHeldAccess(row) })
      if (decision.allowed) readable.add(enrolmentId)
    }),
  )
  const ids = candidates.filter((c) => readable.has(c.enrolment_id)).map((c) => c.id)
  if (ids.length === 0) return []
  return (await listQueries(db, { ids })).map(toQueryView)
}
