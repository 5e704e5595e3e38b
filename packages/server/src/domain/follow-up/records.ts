/**
 * One programme's records as follow-up sees them: initiation and stop, planned visits and their states,
 * each fiche's missing data (C7.2) and pending queries. Built from two set-based reads; no query per record.
 */
import type { Executor, Programme } from '../../db/database.ts'
import {
  type FollowUpFiche,
  listFicheItemCounts,
  listFollowUpFiches,
  listProgrammeVersionIds,
  listVersionModels,
  type ReportFicheRow,
} from '../../db/queries/follow-up.ts'
import { type Custody, holderOn } from '../access/custody.ts'
import type { Template } from '../templates/designer.ts'
import {
  nextVisit,
  openVisits,
  overdueVisits,
  type PlanInput,
  type PlannedVisit,
  planVisits,
} from './planned-visits.ts'
import { readAhead } from './read-ahead.ts'
import { type TemplateFacts, templateFacts } from './template-facts.ts'

export type Treatment = 'not-initiated' | 'on-treatment' | 'stopped'
export type FatState = 'none' | 'draft' | 'submitted' | 'signed'

export interface MissingData {
  count: number
  /** The number of PUT items of the fiche (its compiled `itemIds`). */
  total: number
  /** count / total, three decimals. */
  rate: number
}

export interface FicheSummary {
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
  answeredQueries: number
  /** Instants as `Date#toISOString` writes them (a programme-wide dashboard summarises 200,000 fiches). */
  createdAt: string
  updatedAt: string
}

export interface RecordSummary extends Custody {
  enrolmentId: string
  patientId: string
  registrationNumber: string | null
  createdAt: Date
  holderEstablishmentId: string
  initiationDate: string | null
  stopDate: string | null
  treatment: Treatment
  fat: { ficheInstanceId: string | null; state: FatState }
  visits: PlannedVisit[]
  nextVisit: PlannedVisit | null
  overdueCount: number
  fiches: FicheSummary[]
  openQueries: number
  answeredQueries: number
}

/** What summarising a programme's records needs once: its versions' facts and fiche sizes. */
export interface ProgrammeFacts {
  programme: Pick<Programme, 'id' | 'slug' | 'name' | 'organisation_id'>
  /** The current PUT's facts (latest version): its schedule applies to every record. */
  current: TemplateFacts | undefined
  byVersion: Map<string, TemplateFacts>
  itemCounts: Map<string, number>
}

const countKey = (templateVersionId: string, ficheId: string) => `${templateVersionId}/${ficheId}`

/** A published version's facts and fiche sizes: immutable, so kept once read. */
interface VersionFacts {
  facts: TemplateFacts
  itemCounts: Map<string, number>
}

// Keyed by the database handle (the server's one Kysely; a test's own): published versions never change,
// and parsing a model (100 kB of JSON) on every dashboard cost more CPU than planning its visits.
const versionCache = new WeakMap<object, Map<string, VersionFacts>>()

export async function loadProgrammeFacts(
  db: Executor,
  programme: ProgrammeFacts['programme'],
): Promise<ProgrammeFacts> {
  let cache = versionCache.get(db)
  if (!cache) {
    cache = new Map()
    versionCache.set(db, cache)
  }
  const versions = await listProgrammeVersionIds(db, programme.id)
  const missing = versions.map((v) => v.id).filter((id) => !cache.has(id))
  if (missing.length > 0) {
    const [models, counts] = await Promise.all([
      listVersionModels(db, missing),
      listFicheItemCounts(db, missing),
    ])
    for (const v of models) {
      cache.set(v.id, {
        facts: templateFacts(v.id, v.version, v.model as Template),
        itemCounts: new Map(
          counts
            .filter((c) => c.template_version_id === v.id)
            .map((c) => [countKey(c.template_version_id, c.fiche_id), Number(c.item_count)]),
        ),
      })
    }
  }
  const known = versions.flatMap((v) => {
    const hit = cache.get(v.id)
    return hit ? [hit] : []
  })
  return {
    programme,
    current: known.at(-1)?.facts,
    byVersion: new Map(known.map((k) => [k.facts.templateVersionId, k.facts])),
    itemCounts: new Map(known.flatMap((k) => [...k.itemCounts])),
  }
}

export const loadFiches = (db: Executor, enrolmentIds: readonly string[]) =>
  listFollowUpFiches(db, enrolmentIds)

const round3 = (x: number) => Math.round(x * 1000) / 1000

export const missingData = (count: number, total: number): MissingData => ({
  count,
  total,
  rate: total > 0 ? round3(Math.min(count, total) / total) : 0,
})

export interface RecordRow {
  enrolment_id: string
  patient_id: string
  registration_number: string | null
  created_at: Date
  origin_establishment_id: string
  transfers: { toEstablishmentId: string; effectiveDate: string }[]
}

/** What planning a record's visits starts from: its initiation and stop, and its fiches as planning reads them. */
function planInput(facts: ProgrammeFacts, fiches: readonly FollowUpFiche[], today: string): PlanInput {
  // A calendar day or null: the fiche row's head_date.
  const date = (f: FollowUpFiche) => f.date_value
  const anchor = facts.current?.schedule?.anchor
  const initiationDate =
    fiches
      .filter((f) => anchor && f.fiche_id === anchor.fiche)
      .map(date)
      .filter((d): d is string => d !== null)
      .sort()[0] ?? null
  const stops = fiches.filter((f) => f.kind === 'arret' && (f.status === 'submitted' || date(f)))
  const stopDate =
    stops
      .map((f) => date(f) ?? f.created_at.slice(0, 10))
      .filter((d): d is string => d !== null)
      .sort()[0] ?? null
  return {
    schedule: facts.current?.schedule,
    initiationDate,
    stopDate,
    today,
    fiches: fiches.map((f) => ({
      id: f.id,
      ficheId: f.fiche_id,
      status: f.status,
      plannedVisitId: f.planned_visit_id,
      date: date(f) ?? f.created_at.slice(0, 10),
      createdAt: f.created_at,
    })),
  }
}

export function summariseRecord(
  facts: ProgrammeFacts,
  record: RecordRow,
  fiches: readonly FollowUpFiche[],
  today: string,
): RecordSummary {
  const versionOf = (f: FollowUpFiche) => facts.byVersion.get(f.template_version_id)
  const date = (f: FollowUpFiche) => f.date_value
  const input = planInput(facts, fiches, today)
  const { initiationDate, stopDate } = input
  const plan = planVisits(input)
  const summaries = fiches.map((f): FicheSummary => {
    const size = ficheSize(facts, f.template_version_id, f.fiche_id)
    return {
      id: f.id,
      ficheId: f.fiche_id,
      kind: f.kind,
      title: size.title,
      templateVersionId: f.template_version_id,
      version: versionOf(f)?.version ?? '',
      status: f.status,
      plannedVisitKey: plan.matchedFiches.get(f.id) ?? null,
      date: date(f),
      missing: missingOf(size, f.missing_count ?? 0),
      openQueries: f.open_queries,
      answeredQueries: f.answered_queries,
      createdAt: f.created_at,
      updatedAt: f.updated_at,
    }
  })
  const fat = fiches.find((f) => f.kind === 'fat')
  let fatState: FatState = 'none'
  if (fat) {
    const required = versionOf(fat)?.fiches.get(fat.fiche_id)?.requiredSigners ?? []
    const signed = new Set(fat.head_signer_roles ?? [])
    fatState =
      fat.status === 'draft'
        ? 'draft'
        : required.length > 0 && required.every((r) => signed.has(r))
          ? 'signed'
          : 'submitted'
  }
  const custody = { originEstablishmentId: record.origin_establishment_id, transfers: record.transfers }
  return {
    ...custody,
    enrolmentId: record.enrolment_id,
    patientId: record.patient_id,
    registrationNumber: record.registration_number,
    createdAt: new Date(record.created_at),
    holderEstablishmentId: holderOn(custody, today),
    initiationDate,
    stopDate,
    treatment: stopDate ? 'stopped' : initiationDate ? 'on-treatment' : 'not-initiated',
    fat: { ficheInstanceId: fat?.id ?? null, state: fatState },
    visits: plan.visits,
    nextVisit: nextVisit(plan.visits),
    overdueCount: plan.visits.filter((v) => v.state === 'overdue').length,
    fiches: summaries,
    openQueries: fiches.reduce((n, f) => n + f.open_queries, 0),
    answeredQueries: fiches.reduce((n, f) => n + f.answered_queries, 0),
  }
}

/** One record as a dashboard lists it: its due and overdue visits and its fiches with missing data. */
export interface DashboardSummary {
  enrolmentId: string
  patientId: string
  registrationNumber: string | null
  holderEstablishmentId: string
  /** The due and overdue visits of summariseRecord's `visits`, in the same order and shape. */
  openVisits: PlannedVisit[]
  /** The fiches of summariseRecord's `fiches` with at least one missing item, in the same order. */
  fichesWithMissingData: Pick<FicheSummary, 'id' | 'ficheId' | 'title' | 'status' | 'missing' | 'updatedAt'>[]
}

/**
 * The dashboard's part of summariseRecord, by the same rules: a lab's dashboard covers a whole programme
 * (20,000 records, 200,000 fiches), and whole summaries (every visit, every fiche) cost most of its time.
 */
export function summariseForDashboard(
  facts: ProgrammeFacts,
  record: RecordRow,
  fiches: readonly FollowUpFiche[],
  today: string,
): DashboardSummary {
  const missing: DashboardSummary['fichesWithMissingData'] = []
  for (const f of fiches) {
    const count = f.missing_count ?? 0
    if (count === 0) continue
    const size = ficheSize(facts, f.template_version_id, f.fiche_id)
    missing.push({
      id: f.id,
      ficheId: f.fiche_id,
      title: size.title,
      status: f.status,
      missing: missingOf(size, count),
      updatedAt: f.updated_at,
    })
  }
  return {
    enrolmentId: record.enrolment_id,
    patientId: record.patient_id,
    registrationNumber: record.registration_number,
    holderEstablishmentId: holderOn(
      { originEstablishmentId: record.origin_establishment_id, transfers: record.transfers },
      today,
    ),
    openVisits: openVisits(planInput(facts, fiches, today)),
    fichesWithMissingData: missing,
  }
}

/** Summaries of many records from one fiche read (fiches come ordered by record). */
export async function summariseRecords(
  db: Executor,
  facts: ProgrammeFacts,
  records: readonly RecordRow[],
  today: string,
): Promise<RecordSummary[]> {
  return summariseWith(db, facts, records, today, summariseRecord)
}

type Summarise<T> = (
  facts: ProgrammeFacts,
  record: RecordRow,
  fiches: readonly FollowUpFiche[],
  today: string,
) => T

async function summariseWith<T>(
  db: Executor,
  facts: ProgrammeFacts,
  records: readonly RecordRow[],
  today: string,
  summarise: Summarise<T>,
): Promise<T[]> {
  if (records.length === 0) return []
  const ids = records.map((r) => r.enrolment_id)
  const batches: string[][] = []
  for (let i = 0; i < ids.length; i += FICHE_BATCH) batches.push(ids.slice(i, i + FICHE_BATCH))
  const fiches = (await Promise.all(batches.map((batch) => loadFiches(db, batch)))).flat()
  const byRecord = new Map<string, FollowUpFiche[]>()
  for (const f of fiches) {
    const list = byRecord.get(f.enrolment_id)
    if (list) list.push(f)
    else byRecord.set(f.enrolment_id, [f])
  }
  return records.map((r) => summarise(facts, r, byRecord.get(r.enrolment_id) ?? [], today))
}

/**
 * Summaries of many records, FICHE_BATCH records at a time (one fiche read each, the next one read while the
 * current batch is consumed): for callers that keep only part of each summary, so memory stays flat.
 */
export async function* summariseInBatches<T>(
  db: Executor,
  facts: ProgrammeFacts,
  records: readonly RecordRow[],
  today: string,
  summarise: Summarise<T>,
  batchSize = FICHE_BATCH,
): AsyncGenerator<T[]> {
  const batches = readAhead(records.length, batchSize, 1, (start, end) =>
    summariseWith(db, facts, records.slice(start, end), today, summarise),
  )
  for await (const { batch } of batches) yield batch
}

/**
 * Records per fiche statement: a national read (20,000 records) is 20 index-driven statements, each
 * costed low enough for Postgres to run it at once instead of JIT-compiling it first.
 */
const FICHE_BATCH = 1000

/** One record as the missing-data report (C7.2, C12.2) sees it. */
export interface ReportSummary {
  treatment: Treatment
  fiches: {
    ficheInstanceId: string
    ficheId: string
    title: string
    status: 'draft' | 'submitted'
    missing: MissingData
  }[]
  missingItems: number
  /** The overdue planned visits (missing fiches). */
  overdue: PlannedVisit[]
}

/** A fiche kind's title and size in one version, with its missing-data values made once per count. */
interface FicheSize {
  title: string
  total: number
  byCount: MissingData[]
}

const ficheSizes = new WeakMap<ProgrammeFacts, Map<string, Map<string, FicheSize>>>()

function ficheSize(facts: ProgrammeFacts, templateVersionId: string, ficheId: string): FicheSize {
  let byVersion = ficheSizes.get(facts)
  if (!byVersion) {
    byVersion = new Map()
    ficheSizes.set(facts, byVersion)
  }
  let byFiche = byVersion.get(templateVersionId)
  if (!byFiche) {
    byFiche = new Map()
    byVersion.set(templateVersionId, byFiche)
  }
  let size = byFiche.get(ficheId)
  if (!size) {
    size = {
      title: facts.byVersion.get(templateVersionId)?.fiches.get(ficheId)?.title ?? ficheId,
      total: facts.itemCounts.get(countKey(templateVersionId, ficheId)) ?? 0,
      byCount: [],
    }
    byFiche.set(ficheId, size)
  }
  return size
}

/** The (shared, never mutated) missing-data value of a fiche of this size with this many items missing. */
function missingOf(size: FicheSize, count: number): MissingData {
  let missing = size.byCount[count]
  if (!missing) {
    missing = missingData(count, size.total)
    size.byCount[count] = missing
  }
  return missing
}

/**
 * The report's part of summariseRecord, for the fiches `rows[start..end)` of one record, with the same
 * rules (initiation, stop, planned visits, missing data) and far fewer objects: a national report
 * summarises 200,000 fiches, and building whole record summaries cost more in garbage collection than
 * the rest of the work.
 */
export function summariseForReport(
  facts: ProgrammeFacts,
  rows: readonly ReportFicheRow[],
  start: number,
  end: number,
  today: string,
): ReportSummary {
  const schedule = facts.current?.schedule
  const anchor = schedule?.anchor
  let initiationDate: string | null = null
  let stopDate: string | null = null
  let missingItems = 0
  const fiches: ReportSummary['fiches'] = []
  for (let i = start; i < end; i++) {
    const f = rows[i]!
    const date = f.own_date
    if (
      anchor &&
      f.ficheId === anchor.fiche &&
      date !== null &&
      (initiationDate === null || date < initiationDate)
    )
      initiationDate = date
    // The fiche's date, else its creation day (`date` is exactly that).
    if (f.kind === 'arret' && (f.status === 'submitted' || date) && (stopDate === null || f.date < stopDate))
      stopDate = f.date
    const size = ficheSize(facts, f.template_version_id, f.ficheId)
    const count = f.missing_count ?? 0
    missingItems += count
    fiches.push({
      ficheInstanceId: f.id,
      ficheId: f.ficheId,
      title: size.title,
      status: f.status,
      missing: missingOf(size, count),
    })
  }
  // The rows are VisitFiches (id, ficheId, status, plannedVisitId, date, createdAt) as they come.
  const overdue =
    schedule && initiationDate
      ? overdueVisits({ schedule, initiationDate, stopDate, today, fiches: rows.slice(start, end) })
      : []
  return {
    treatment: stopDate ? 'stopped' : initiationDate ? 'on-treatment' : 'not-initiated',
    fiches,
    missingItems,
    overdue,
  }
}
