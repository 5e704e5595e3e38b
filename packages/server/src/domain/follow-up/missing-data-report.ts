/**
 * C7.2, C12.2: a programme's missing-data report, per patient and per establishment: the missing items of
 * each fiche and the missing fiches (overdue planned visits), streamed in batches so memory stays flat.
 */
import type { Db } from '../../db/database.ts'
import { findEstablishmentNames, listReportFiches, listScopedRecords } from '../../db/queries/follow-up.ts'
import { calendarDay, holderOn } from '../access/custody.ts'
import type { ReadScope } from '../access/read-scope.ts'
import type { Actor } from '../actor.ts'
import { orderFor } from './collation.ts'
import { findProgrammeOrThrow, programmeScope } from './programme-scope.ts'
import { readAhead } from './read-ahead.ts'
import { loadProgrammeFacts, type ReportSummary, summariseForReport, type Treatment } from './records.ts'

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
  fiches: ReportSummary['fiches']
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
  /** Records summarised per database round trip (default 1000). */
  batchSize?: number | undefined
  /** Batches read ahead while one is summarised (default 2: Postgres reads them in parallel). */
  readAhead?: number | undefined
}

// Measured on the national volume (docs/scaling.md, "Third step"): 1,000 records (≈ 10,400 fiches) per read,
// two reads in flight, keep each statement an index-driven loop under the JIT threshold, and Postgres busy
// on one core while Node summarises on the other.
const BATCH_SIZE = 1000
const READ_AHEAD = 2

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
  // Establishments ranked once (French collation of their names, then id): records then sort on integers.
  const collator = new Intl.Collator('fr')
  // What `a.localeCompare(b)` does, without building a collator per comparison.
  const plain = new Intl.Collator()
  const rank = new Map(
    [...new Set(kept.map((h) => h.holder))]
      .sort((a, b) => collator.compare(nameOf(a), nameOf(b)) || plain.compare(a, b))
      .map((id, i) => [id, i]),
  )
  const ranked = kept.map((h) => ({ ...h, rank: rank.get(h.holder)! }))
  // Registration number (none last), then enrolment id, each in `plain`'s order (orderFor: fast when safe).
  const byNumber = orderFor(
    kept.flatMap((h) => (h.record.registration_number === null ? [] : [h.record.registration_number])),
    plain,
  )
  const byId = orderFor(
    kept.map((h) => h.record.enrolment_id),
    plain,
  )
  const numberOrder = (a: string | null, b: string | null) =>
    a === null ? (b === null ? 0 : 1) : b === null ? -1 : byNumber(a, b)
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      numberOrder(a.record.registration_number, b.record.registration_number) ||
      byId(a.record.enrolment_id, b.record.enrolment_id),
  )
  const batches = readAhead(
    ranked.length,
    input.batchSize ?? BATCH_SIZE,
    input.readAhead ?? READ_AHEAD,
    (start, end) =>
      listReportFiches(
        db,
        ranked.slice(start, end).map((h) => h.record.enrolment_id),
      ),
  )
  for await (const { start, end, batch: rows } of batches) {
    // Rows come grouped by record, in the batch's order: each record's fiches are the next range of them.
    let next = 0
    for (let k = start; k < end; k++) {
      const { record, holder } = ranked[k]!
      const from = next
      while (next < rows.length && rows[next]!.record === k - start) next++
      const s = summariseForReport(facts, rows, from, next, today)
      yield {
        establishment: establishments.get(holder) ?? { id: holder, name: '', finess: '' },
        enrolmentId: record.enrolment_id,
        patientId: record.patient_id,
        registrationNumber: record.registration_number,
        treatment: s.treatment,
        fiches: s.fiches,
        missingItems: s.missingItems,
        missingFiches: s.overdue.map((v) => ({
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
