/**
 * C7.2, C12.2: a programme's missing-data report, per patient and per establishment: the missing items of
 * each fiche and the missing fiches (overdue planned visits), streamed in batches so memory stays flat.
 */
import type { Db } from '../../db/database.ts'
import { findEstablishmentNames, listScopedRecords } from '../../db/queries/follow-up.ts'
import { calendarDay, holderOn } from '../access/custody.ts'
import type { ReadScope } from '../access/read-scope.ts'
import type { Actor } from '../actor.ts'
import { findProgrammeOrThrow, programmeScope } from './programme-scope.ts'
import { loadProgrammeFacts, type MissingData, summariseRecords, type Treatment } from './records.ts'

export interface ReportEstablishment {
  id: string
  name: string
  finess: string
}

export interface MissingDataRow {
  /** The establishment holding the record on the report's day (C10). */
  establishment: ReportEstablishment
  enrolmentId: string
  patientId: string
  registrationNumber: string | null
  treatment: Treatment
  fiches: {
    ficheInstanceId: string
    ficheId: string
    title: string
    status: 'draft' | 'submitted'
    missing: MissingData
  }[]
  /** The sum of the fiches' missing items. */
  missingItems: number
  /** Overdue planned visits: no submitted fiche (a draft, if one was started, is named). */
  missingFiches: {
    key: string
    label: string
    ficheId: string
    dueDate: string
    draftFicheInstanceId: string | null
  }[]
}

export interface MissingDataReportInput {
  programmeId: string
  /** Only the records this establishment holds on the report's day. */
  establishmentId?: string | undefined
  /** When given, only the records this user may read (and `read` on the programme is enforced). */
  actor?: Actor | undefined
  asOf?: Date | undefined
  /** Records summarised per database round trip (default 500). */
  batchSize?: number | undefined
}

const ALL: ReadScope = { all: true, establishments: [], grantEstablishmentIds: [] }

/**
 * One row per patient, ordered by establishment name, then registration number (none last), then
 * enrolment. The caller (a CSV or PDF writer) consumes it with `for await`.
 */
export async function* missingDataReport(
  db: Db,
  input: MissingDataReportInput,
): AsyncGenerator<MissingDataRow> {
  const now = input.asOf ?? new Date()
  const batchSize = Math.max(1, input.batchSize ?? 500)
  const { facts, scope, today } = input.actor
    ? await programmeScope(db, input.actor, { id: input.programmeId }, undefined, now)
    : {
        facts: await loadProgrammeFacts(db, await findProgrammeOrThrow(db, { id: input.programmeId })),
        scope: ALL,
        today: calendarDay(now),
      }
  const records = await listScopedRecords(db, {
    programmeId: facts.programme.id,
    scope,
    actorId: input.actor?.id ?? '00000000-0000-0000-0000-000000000000',
    establishmentId: input.establishmentId,
  })
  const held = records.map((r) => ({
    record: r,
    holder: holderOn({ originEstablishmentId: r.origin_establishment_id, transfers: r.transfers }, today),
  }))
  const kept = input.establishmentId ? held.filter((h) => h.holder === input.establishmentId) : held
  const establishments = new Map(
    (await findEstablishmentNames(db, [...new Set(kept.map((h) => h.holder))])).map((e) => [e.id, e]),
  )
  const nameOf = (id: string) => establishments.get(id)?.name ?? ''
  kept.sort(
    (a, b) =>
      nameOf(a.holder).localeCompare(nameOf(b.holder), 'fr') ||
      a.holder.localeCompare(b.holder) ||
      (a.record.registration_number ?? '\uffff').localeCompare(b.record.registration_number ?? '\uffff') ||
      a.record.enrolment_id.localeCompare(b.record.enrolment_id),
  )
  for (let start = 0; start < kept.length; start += batchSize) {
    const batch = kept.slice(start, start + batchSize)
    // biome-ignore lint/performance/noAwaitInLoops: one batch at a time keeps memory flat while streaming
    const summaries = await summariseRecords(
      db,
      facts,
      batch.map((b) => b.record),
      today,
    )
    for (const [i, s] of summaries.entries()) {
      const holder = batch[i]!.holder
      const fiches = s.fiches.map((f) => ({
        ficheInstanceId: f.id,
        ficheId: f.ficheId,
        title: f.title,
        status: f.status,
        missing: f.missing,
      }))
      yield {
        establishment: establishments.get(holder) ?? { id: holder, name: '', finess: '' },
        enrolmentId: s.enrolmentId,
        patientId: s.patientId,
        registrationNumber: s.registrationNumber,
        treatment: s.treatment,
        fiches,
        missingItems: fiches.reduce((n, f) => n + f.missing.count, 0),
        missingFiches: s.visits
          .filter((v) => v.state === 'overdue')
          .map((v) => ({
            key: v.key,
            label: v.label,
            ficheId: v.ficheId,
            dueDate: v.dueDate,
            draftFicheInstanceId: v.fiche?.id ?? null,
          })),
      }
    }
  }
}

export interface EstablishmentTotals {
  establishment: ReportEstablishment
  patients: number
  missingItems: number
  missingFiches: number
  /** Patients with at least one missing item or fiche. */
  patientsWithMissingData: number
}

/** Adds the report's rows up per establishment, in the order they come (the report's order). */
export function establishmentTotals() {
  const totals = new Map<string, EstablishmentTotals>()
  return {
    add(row: MissingDataRow) {
      const t = totals.get(row.establishment.id) ?? {
        establishment: row.establishment,
        patients: 0,
        missingItems: 0,
        missingFiches: 0,
        patientsWithMissingData: 0,
      }
      t.patients++
      t.missingItems += row.missingItems
      t.missingFiches += row.missingFiches.length
      if (row.missingItems > 0 || row.missingFiches.length > 0) t.patientsWithMissingData++
      totals.set(row.establishment.id, t)
    },
    result: () => [...totals.values()],
  }
}
