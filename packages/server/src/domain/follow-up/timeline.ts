/**
 * C7.1, C7.2, C10.4: one patient's fiches against the planned visit dates, each with its missing data and,
 * for each fiche and revision, the establishment and the person who entered it.
 */
import type { Db, RevisionSource } from '../../db/database.ts'
import { findEstablishmentNames, listRecordRevisions, listScopedRecords } from '../../db/queries/follow-up.ts'
import { authorizeOnRecord } from '../access/authorize.ts'
import { calendarDay } from '../access/custody.ts'
import type { Actor } from '../actor.ts'
import type { PlannedVisit } from './planned-visits.ts'
import { findProgrammeOrThrow } from './programme-scope.ts'
import { loadProgrammeFacts, type MissingData, summariseRecords, type Treatment } from './records.ts'

export interface EnteredBy {
  establishmentId: string
  establishmentName: string
  authorId: string
  authorName: string
  source: RevisionSource
}

export interface TimelineRevision extends EnteredBy {
  id: string
  seq: number
  kind: 'draft' | 'submission'
  createdAt: string
  missingCount: number
}

export interface TimelineFiche {
  id: string
  ficheId: string
  kind: string
  title: string
  templateVersionId: string
  version: string
  status: 'draft' | 'submitted'
  plannedVisitKey: string | null
  date: string | null
  missing: MissingData
  openQueries: number
  createdAt: string
  enteredBy: EnteredBy | null
  revisions: TimelineRevision[]
}

export interface Timeline {
  enrolmentId: string
  patientId: string
  programme: { id: string; slug: string; name: string }
  registrationNumber: string | null
  asOf: string
  initiationDate: string | null
  treatment: Treatment
  stopDate: string | null
  custody: { establishmentId: string; establishmentName: string; from: string | null; to: string | null }[]
  visits: PlannedVisit[]
  missingFiches: number
  fiches: TimelineFiche[]
}

export async function enrolmentTimeline(
  db: Db,
  actor: Actor,
  enrolmentId: string,
  now = new Date(),
): Promise<Timeline> {
  const { row } = await authorizeOnRecord(db, actor, 'read', { enrolmentId }, now)
  const today = calendarDay(now)
  const programme = await findProgrammeOrThrow(db, { id: row.programme_id })
  const [facts, records, revisions] = await Promise.all([
    loadProgrammeFacts(db, programme),
    // Authorised above by can() on this very record: the scope only selects it.
    listScopedRecords(db, {
      programmeId: programme.id,
      scope: { all: true, establishments: [], grantEstablishmentIds: [] },
      actorId: actor.id,
      enrolmentIds: [enrolmentId],
    }),
    listRecordRevisions(db, enrolmentId),
  ])
  const [summary] = await summariseRecords(db, facts, records, today)
  if (!summary) throw new Error(`enrolment ${enrolmentId} passed authorisation but was not read`)
  const stays = [
    { establishmentId: summary.originEstablishmentId, from: null as string | null },
    ...summary.transfers.map((t) => ({
      establishmentId: t.toEstablishmentId,
      from: t.effectiveDate as string | null,
    })),
  ]
  const names = new Map(
    (await findEstablishmentNames(db, [...new Set(stays.map((s) => s.establishmentId))])).map((e) => [
      e.id,
      e.name,
    ]),
  )
  const revisionsOf = new Map<string, TimelineRevision[]>()
  for (const r of revisions) {
    const list = revisionsOf.get(r.fiche_instance_id) ?? []
    list.push({
      id: r.id,
      seq: r.seq,
      kind: r.kind,
      createdAt: new Date(r.created_at).toISOString(),
      establishmentId: r.establishment_id,
      establishmentName: r.establishment_name,
      authorId: r.author_id,
      authorName: r.author_name,
      source: r.source,
      missingCount: r.missing_count,
    })
    revisionsOf.set(r.fiche_instance_id, list)
  }
  return {
    enrolmentId,
    patientId: summary.patientId,
    programme: { id: programme.id, slug: programme.slug, name: programme.name },
    registrationNumber: summary.registrationNumber,
    asOf: today,
    initiationDate: summary.initiationDate,
    treatment: summary.treatment,
    stopDate: summary.stopDate,
    custody: stays.map((s, i) => ({
      establishmentId: s.establishmentId,
      establishmentName: names.get(s.establishmentId) ?? '',
      from: s.from,
      to: stays[i + 1]?.from ?? null,
    })),
    visits: summary.visits,
    missingFiches: summary.overdueCount,
    fiches: summary.fiches.map((f) => {
      const history = revisionsOf.get(f.id) ?? []
      const head = history.at(-1)
      return {
        id: f.id,
        ficheId: f.ficheId,
        kind: f.kind,
        title: f.title,
        templateVersionId: f.templateVersionId,
        version: f.version,
        status: f.status,
        plannedVisitKey: f.plannedVisitKey,
        date: f.date,
        missing: f.missing,
        openQueries: f.openQueries,
        createdAt: f.createdAt,
        enteredBy: head
          ? {
              establishmentId: head.establishmentId,
              establishmentName: head.establishmentName,
              authorId: head.authorId,
              authorName: head.authorName,
              source: head.source,
            }
          : null,
        revisions: history,
      }
    }),
  }
}
