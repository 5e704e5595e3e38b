/**
 * C7.1–C7.3: the user's activity in one programme: overdue visits, fiches with missing data and the
 * queries waiting for them, counted and listed a page at a time, with the notice that these are not a
 * measure of exhaustiveness.
 */
import type { Db } from '../../db/database.ts'
import { listPendingQueries, listScopedRecords } from '../../db/queries/follow-up.ts'
import { holderOn } from '../access/custody.ts'
import type { Actor } from '../actor.ts'
import { orderFor } from './collation.ts'
import { daysBetween, type PlannedVisit } from './planned-visits.ts'
import { decodeCursor, encodeCursor, programmeScope } from './programme-scope.ts'
import { type MissingData, summariseForDashboard, summariseInBatches } from './records.ts'

/** C7.3, shown with every dashboard. */
export const DASHBOARD_NOTICE_FR =
  "Ces indicateurs servent au suivi de votre activité. Ils ne mesurent pas l'exhaustivité du recueil, " +
  'ne servent pas au calcul d’une compensation et ne remplacent pas le rapport périodique de synthèse.'

export const DASHBOARD_LISTS = ['overdueVisits', 'fichesWithMissingData', 'openQueries'] as const
export type DashboardListName = (typeof DASHBOARD_LISTS)[number]

export interface DashboardInput {
  programme: string
  list?: DashboardListName | undefined
  cursor?: string | undefined
  limit: number
}

export interface OverdueVisitItem {
  enrolmentId: string
  patientId: string
  registrationNumber: string | null
  establishmentId: string
  visit: PlannedVisit
  daysOverdue: number
}

export interface MissingDataItem {
  ficheInstanceId: string
  enrolmentId: string
  patientId: string
  registrationNumber: string | null
  ficheId: string
  title: string
  status: 'draft' | 'submitted'
  missing: MissingData
  updatedAt: string
}

export interface PendingQueryItem {
  queryId: string
  ficheInstanceId: string
  enrolmentId: string
  registrationNumber: string | null
  ficheId: string
  itemPath: string
  status: string
  createdAt: string
}

interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface Dashboard {
  programme: { id: string; slug: string; name: string }
  asOf: string
  notice: string
  counts: {
    patients: number
    overdueVisits: number
    dueVisits: number
    fichesWithMissingData: number
    openQueries: number
  }
  overdueVisits?: Page<OverdueVisitItem>
  fichesWithMissingData?: Page<MissingDataItem>
  openQueries?: Page<PendingQueryItem>
}

const isOffset = (v: unknown): v is { o: number } =>
  typeof v === 'object' &&
  v !== null &&
  Number.isSafeInteger((v as { o: number }).o) &&
  (v as { o: number }).o >= 0

function page<T>(all: T[], offset: number, limit: number): Page<T> {
  const end = offset + limit
  return { items: all.slice(offset, end), nextCursor: end < all.length ? encodeCursor({ o: end }) : null }
}

/**
 * Hospital users see the records their establishment holds today (the work is theirs to do: a centre that
 * handed a record over no longer enters it, C10.2); lab users see every record they may read. Queries:
 * hospital users, those open (awaiting their answer); the lab, those answered (awaiting its close or reopen).
 */
export async function userDashboard(
  db: Db,
  actor: Actor,
  input: DashboardInput,
  now = new Date(),
): Promise<Dashboard> {
  const { facts, scope, today } = await programmeScope(db, actor, { slug: input.programme }, undefined, now)
  const offset = decodeCursor(input.cursor, isOffset)?.o ?? 0
  const readable = await listScopedRecords(db, { programmeId: facts.programme.id, scope, actorId: actor.id })
  const held = new Set(scope.establishments.map((r) => r.establishmentId))
  const records = scope.all
    ? readable
    : readable.filter((r) =>
        held.has(
          holderOn({ originEstablishmentId: r.origin_establishment_id, transfers: r.transfers }, today),
        ),
      )
  // The queries need only the records: read them while the fiches are read and summarised. Records are
  // summarised a batch at a time, and only into what the dashboard shows: a lab's dashboard covers a whole
  // programme (20,000 records, 200,000 fiches), whose full summaries held at once cost seconds of GC.
  const pendingRead = listPendingQueries(
    db,
    records.map((r) => r.enrolment_id),
    scope.all ? 'answered' : 'open',
  )
  pendingRead.catch(() => undefined)
  const overdue: OverdueVisitItem[] = []
  const missing: MissingDataItem[] = []
  let dueVisits = 0
  for await (const batch of summariseInBatches(db, facts, records, today, summariseForDashboard)) {
    for (const s of batch) {
      for (const visit of s.openVisits) {
        if (visit.state === 'due') dueVisits++
        else if (visit.state === 'overdue')
          overdue.push({
            enrolmentId: s.enrolmentId,
            patientId: s.patientId,
            registrationNumber: s.registrationNumber,
            establishmentId: s.holderEstablishmentId,
            visit,
            daysOverdue: daysBetween(visit.windowEnd, today),
          })
      }
      for (const f of s.fichesWithMissingData) {
        missing.push({
          ficheInstanceId: f.id,
          enrolmentId: s.enrolmentId,
          patientId: s.patientId,
          registrationNumber: s.registrationNumber,
          ficheId: f.ficheId,
          title: f.title,
          status: f.status,
          missing: f.missing,
          updatedAt: f.updatedAt,
        })
      }
    }
  }
  const pending = await pendingRead
  // `localeCompare`'s order (the default collator's), in code-point order where that is the same (uuids).
  const plain = new Intl.Collator()
  const byRecordId = orderFor(
    records.map((r) => r.enrolment_id),
    plain,
  )
  const byFicheId = orderFor(
    missing.map((m) => m.ficheInstanceId),
    plain,
  )
  overdue.sort(
    (a, b) =>
      b.daysOverdue - a.daysOverdue ||
      byRecordId(a.enrolmentId, b.enrolmentId) ||
      plain.compare(a.visit.key, b.visit.key),
  )
  missing.sort(
    (a, b) =>
      b.missing.count - a.missing.count ||
      // Instants of one format (`Date#toISOString`): code-unit order is their order, and the collation's.
      (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0) ||
      byFicheId(a.ficheInstanceId, b.ficheInstanceId),
  )
  const registrationNumbers = new Map(records.map((r) => [r.enrolment_id, r.registration_number]))
  const queries = pending.map(
    (q): PendingQueryItem => ({
      queryId: q.id,
      ficheInstanceId: q.fiche_instance_id,
      enrolmentId: q.enrolment_id,
      registrationNumber: registrationNumbers.get(q.enrolment_id) ?? null,
      ficheId: q.fiche_id,
      itemPath: q.item_path,
      status: q.status,
      createdAt: new Date(q.created_at).toISOString(),
    }),
  )

  const show = (name: DashboardListName) => input.list === undefined || input.list === name
  const from = (name: DashboardListName) => (input.list === name ? offset : 0)
  return {
    programme: { id: facts.programme.id, slug: facts.programme.slug, name: facts.programme.name },
    asOf: today,
    notice: DASHBOARD_NOTICE_FR,
    counts: {
      patients: records.length,
      overdueVisits: overdue.length,
      dueVisits,
      fichesWithMissingData: missing.length,
      openQueries: queries.length,
    },
    ...(show('overdueVisits') ? { overdueVisits: page(overdue, from('overdueVisits'), input.limit) } : {}),
    ...(show('fichesWithMissingData')
      ? { fichesWithMissingData: page(missing, from('fichesWithMissingData'), input.limit) }
      : {}),
    ...(show('openQueries') ? { openQueries: page(queries, from('openQueries'), input.limit) } : {}),
  }
}
