/**
 * C7.1: an establishment's patients in one programme, each with its state (registration number, FAT,
 * initiation, treatment, next visit, overdue visits, open queries), a page at a time (keyset).
 */
import type { Db } from '../../db/database.ts'
import { listScopedRecords } from '../../db/queries/follow-up.ts'
import type { Actor } from '../actor.ts'
import type { PlannedVisit } from './planned-visits.ts'
import { decodeCursor, encodeCursor, programmeScope } from './programme-scope.ts'
import { type FatState, summariseRecords, type Treatment } from './records.ts'

export interface PatientListInput {
  programme: string
  establishmentId?: string | undefined
  cursor?: string | undefined
  limit: number
}

export interface PatientState {
  patientId: string
  enrolmentId: string
  establishmentId: string
  registrationNumber: string | null
  createdAt: string
  fat: { ficheInstanceId: string | null; state: FatState }
  initiationDate: string | null
  treatment: Treatment
  stopDate: string | null
  nextVisit: PlannedVisit | null
  overdueCount: number
  openQueriesCount: number
}

export interface PatientList {
  programme: { id: string; slug: string; name: string }
  asOf: string
  items: PatientState[]
  nextCursor: string | null
}

interface Keyset {
  c: string
  i: string
}
const isKeyset = (v: unknown): v is Keyset =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Keyset).c === 'string' &&
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/.test((v as Keyset).c) &&
  typeof (v as Keyset).i === 'string' &&
  /^[0-9a-f-]{36}$/.test((v as Keyset).i)

export async function listFollowUpPatients(
  db: Db,
  actor: Actor,
  input: PatientListInput,
  now = new Date(),
): Promise<PatientList> {
  const { facts, scope, today } = await programmeScope(
    db,
    actor,
    { slug: input.programme },
    input.establishmentId,
    now,
  )
  const after = decodeCursor(input.cursor, isKeyset)
  const rows = await listScopedRecords(db, {
    programmeId: facts.programme.id,
    scope,
    actorId: actor.id,
    establishmentId: input.establishmentId,
    after: after ? { createdAt: after.c, id: after.i } : undefined,
    limit: input.limit + 1,
  })
  const page = rows.slice(0, input.limit)
  const last = page.at(-1)
  const summaries = await summariseRecords(db, facts, page, today)
  return {
    programme: { id: facts.programme.id, slug: facts.programme.slug, name: facts.programme.name },
    asOf: today,
    items: summaries.map((s) => ({
      patientId: s.patientId,
      enrolmentId: s.enrolmentId,
      establishmentId: s.holderEstablishmentId,
      registrationNumber: s.registrationNumber,
      createdAt: s.createdAt.toISOString(),
      fat: s.fat,
      initiationDate: s.initiationDate,
      treatment: s.treatment,
      stopDate: s.stopDate,
      nextVisit: s.nextVisit,
      overdueCount: s.overdueCount,
      openQueriesCount: s.openQueries,
    })),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ c: last.created_at_key, i: last.enrolment_id })
        : null,
  }
}
