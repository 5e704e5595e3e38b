/**
 * C7.1–C7.3: the user's activity in one programme: overdue visits, fiches with missing data and the
 * queries waiting for them, counted and listed a page at a time, with the notice that these are not a
 * measure of exhaustiveness.
 */
import type { Db } from '../../db/database.ts'
import { listPendingQueries, listScopedRecords } from '../../db/queries/follow-up.ts'
import { holderOn } from '../access/custody.ts'
import type { Actor } from '../actor.ts'
import { daysBetween, type PlannedVisit } from './planned-visits.ts'
import { decodeCursor, encodeCursor, programmeScope } from './programme-scope.ts'
import { type MissingData, summariseRecords } from './records.ts'

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
  // The queries need only the records: read them while the fiches are read and summarised.
  const [mine, pending] = await Promise.all([
    summariseRecords(db, facts, records, today),
    listPendingQueries(
      db,
      records.map((r) => r.enrolment_id),
      scope.all ? 'answered' : 'open',
    ),
  ])
  const byRecord = new Map(mine.map((s) => [s.enrolmentId, s]))

  const overdue = mine
    .flatMap((s) =>
      s.visits
        .filter((v) => v.state === 'overdue')
        .map((visit) => ({
          enrolmentId: s.enrolmentId,
          patientId: s.patientId,
          registrationNumber: s.registrationNumber,
          establishmentId: s.holderEstablishmentId,
          visit,
          daysOverdue: daysBetween(visit.windowEnd, today),
        })),
    )
    .sort(
      (a, b) =>
        b.daysOverdue - a.daysOverdue ||
        a.enrolmentId.localeCompare(b.enrolmentId) ||
        a.visit.key.localeCompare(b.visit.key),
    )
  const missing = mine
    .flatMap((s) =>
      s.fiches
        .filter((f) => f.missing.count > 0)
        .map((f) => ({
          ficheInstanceId: f.id,
          enrolmentId: s.enrolmentId,
          patientId: s.patientId,
          registrationNumber: s.registrationNumber,
          ficheId: f.ficheId,
          title: f.title,
          status: f.status,
          missing: f.missing,
          updatedAt: f.updatedAt.toISOString(),
        })),
    )
    .sort(
      (a, b) =>
        b.missing.count - a.missing.count ||
        a.updatedAt.localeCompare(b.updatedAt) ||
        a.ficheInstanceId.localeCompare(b.ficheInstanceId),
    )
  const queries = pending.map(
    (q): PendingQueryItem => ({
      queryId: q.id,
      ficheInstanceId: q.fiche_instance_id,
      enrolmentId: q.enrolment_id,
      registrationNumber: byRecord.get(q.enrolment_id)?.registrationNumber ?? null,
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
      patients: mine.length,
      overdueVisits: overdue.length,
      dueVisits: mine.reduce((n, s) => n + s.visits.filter((v) => v.state === 'due').length, 0),
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
