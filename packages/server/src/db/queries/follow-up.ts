/**
 * Follow-up reads (C7, C10.4, C12.2): a programme's records within a read scope, their fiches with the
 * dates, missing counts and pending queries the dashboards need, set-based, one statement per batch.
 */
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely'
import type { Database, Executor, QueryStatus, ReminderSettingsTable } from '../database.ts'

/** The records an actor may read, as domain/access/read-scope.ts derives them from the access rules. */
export interface ScopeFilter {
  /** A lab role that reads its organisation's records: every record of the programme. */
  all: boolean
  /** Per hospital membership: records related to its establishment whose access key (C3.3) it covers. */
  establishments: { establishmentId: string; accessKeys: 'any' | (string | null)[] }[]
  /**
   * C9.2: the actor's active dispensing grants open a record when one of these establishments of theirs is
   * not related to it (can() reads a grant through a membership that has no custody relation).
   */
  grantEstablishmentIds: string[]
}

export interface RecordQuery {
  programmeId: string
  scope: ScopeFilter
  actorId: string
  /** Only records related to this establishment (its origin or a transfer's destination). */
  establishmentId?: string | undefined
  enrolmentIds?: readonly string[] | undefined
  /** Keyset: records created after this one (creation instant, then id). */
  after?: { createdAt: string; id: string } | undefined
  limit?: number | undefined
}

type Eb = ExpressionBuilder<Database & { e: Database['enrolments']; p: Database['patients'] }, 'e' | 'p'>

const NONE = '00000000-0000-0000-0000-000000000000'

/** The record's access key (C3.3): the indication of the first access request, null for shared access. */
const accessKey = (eb: Eb) =>
  eb
    .selectFrom('access_requests as ar')
    .select('ar.indication_id')
    .whereRef('ar.enrolment_id', '=', 'e.id')
    .orderBy('ar.created_at')
    .orderBy('ar.id')
    .limit(1)

const relatedTo = (eb: Eb, establishmentId: string) =>
  eb.or([
    eb('p.establishment_id', '=', establishmentId),
    eb.exists(
      eb
        .selectFrom('transfers as t')
        .select(sql.lit(1).as('one'))
        .whereRef('t.enrolment_id', '=', 'e.id')
        .where('t.to_establishment_id', '=', establishmentId),
    ),
  ])

function keyMatches(eb: Eb, keys: (string | null)[]): Expression<SqlBool> {
  const named = keys.filter((k): k is string => k !== null)
  const key = accessKey(eb)
  const tests: Expression<SqlBool>[] = []
  if (named.length > 0) tests.push(eb(key, 'in', named))
  if (named.length < keys.length) tests.push(eb(key, 'is', null))
  return eb.or(tests)
}

/** The exact filter: what scopeAllows (read-scope.ts) decides, as SQL. */
function scopeFilter(eb: Eb, scope: ScopeFilter, actorId: string): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`
  const byCustody = scope.establishments.map((r) =>
    r.accessKeys === 'any'
      ? relatedTo(eb, r.establishmentId)
      : eb.and([relatedTo(eb, r.establishmentId), keyMatches(eb, r.accessKeys)]),
  )
  const byGrant =
    scope.grantEstablishmentIds.length > 0
      ? [
          eb.and([
            eb.exists(
              eb
                .selectFrom('dispensing_grants as g')
                .select(sql.lit(1).as('one'))
                .whereRef('g.enrolment_id', '=', 'e.id')
                .where('g.pharmacist_id', '=', actorId)
                .where('g.revoked_at', 'is', null),
            ),
            eb.or(scope.grantEstablishmentIds.map((id) => eb.not(relatedTo(eb, id)))),
          ]),
        ]
      : []
  const all = [...byCustody, ...byGrant]
  return all.length > 0 ? eb.or(all) : sql<SqlBool>`false`
}

/**
 * The candidates a hospital scope can reach, through indexes (patients by establishment, transfers by
 * destination, grants by pharmacist); the exact filter runs on these few rows only.
 */
function candidates(db: Executor, q: RecordQuery) {
  const ests = [...new Set(q.scope.establishments.map((r) => r.establishmentId))]
  const est = ests.length > 0 ? ests : [NONE]
  return db
    .selectFrom('enrolments as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .select('e.id')
    .where('e.programme_id', '=', q.programmeId)
    .where('p.establishment_id', 'in', est)
    .union(
      db
        .selectFrom('transfers as t')
        .select('t.enrolment_id as id')
        .where('t.to_establishment_id', 'in', est),
    )
    .union(
      db
        .selectFrom('dispensing_grants as g')
        .select('g.enrolment_id as id')
        .where('g.pharmacist_id', '=', q.actorId)
        .where('g.revoked_at', 'is', null),
    )
}

/** A programme's records the scope lets read, in creation order, with their custody and access key. */
export function listScopedRecords(db: Executor, q: RecordQuery) {
  let query = db
    .selectFrom('enrolments as e')
    .innerJoin('patients as p', 'p.id', 'e.patient_id')
    .select([
      'e.id as enrolment_id',
      'e.patient_id',
      'e.registration_number',
      'e.created_at',
      'p.establishment_id as origin_establishment_id',
    ])
    // The keyset's exact instant (microseconds): a JavaScript Date would round it to milliseconds.
    .select(sql<string>`e.created_at::text`.as('created_at_key'))
    // Grouped once and hash-joined: transfers are rare, and a subquery per record would be costed per row.
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('transfers as t')
          .select([
            't.enrolment_id',
            sql<
              { toEstablishmentId: string; effectiveDate: string }[]
            >`json_agg(json_build_object('toEstablishmentId', t.to_establishment_id, 'effectiveDate', t.effective_date) order by t.effective_date, t.created_at)`.as(
              'list',
            ),
          ])
          .groupBy('t.enrolment_id')
          .as('tr'),
      (join) => join.onRef('tr.enrolment_id', '=', 'e.id'),
    )
    .select(
      sql<{ toEstablishmentId: string; effectiveDate: string }[]>`coalesce(tr.list, '[]')`.as('transfers'),
    )
    .where('e.programme_id', '=', q.programmeId)
    .where((eb) => scopeFilter(eb, q.scope, q.actorId))
  if (!q.scope.all) query = query.where('e.id', 'in', candidates(db, q))
  if (q.establishmentId) {
    const establishmentId = q.establishmentId
    query = query.where((eb) => relatedTo(eb, establishmentId))
  }
  if (q.enrolmentIds) query = query.where('e.id', 'in', q.enrolmentIds.length ? q.enrolmentIds : [NONE])
  if (q.after) {
    const { createdAt, id } = q.after
    query = query.where((eb) =>
      eb.or([
        eb('e.created_at', '>', sql<Date>`${createdAt}::timestamptz`),
        eb.and([eb('e.created_at', '=', sql<Date>`${createdAt}::timestamptz`), eb('e.id', '>', id)]),
      ]),
    )
  }
  query = query.orderBy('e.created_at').orderBy('e.id')
  if (q.limit !== undefined) query = query.limit(q.limit)
  return query.execute()
}

export type ScopedRecordRow = Awaited<ReturnType<typeof listScopedRecords>>[number]

/** A programme's published versions, oldest first (ids only: their models are immutable and cached). */
export const listProgrammeVersionIds = (db: Executor, programmeId: string) =>
  db
    .selectFrom('template_versions')
    .select(['id', 'version'])
    .where('programme_id', '=', programmeId)
    .orderBy('published_at')
    .orderBy('id')
    .execute()

/** These versions' parsed models (schedule, fiches, catalogue). */
export const listVersionModels = (db: Executor, ids: readonly string[]) =>
  db
    .selectFrom('template_versions')
    .select(['id', 'version', 'model'])
    .where('id', 'in', ids.length ? ids : [NONE])
    .execute()

/** C7.2: the number of PUT items of each compiled fiche of these versions (the missing-data denominator). */
export const listFicheItemCounts = (db: Executor, templateVersionIds: readonly string[]) =>
  db
    .selectFrom('template_fiches')
    .select(['template_version_id', 'fiche_id', 'title'])
    .select(sql<number>`jsonb_array_length(definition -> 'itemIds')`.as('item_count'))
    .where('template_version_id', 'in', templateVersionIds.length ? templateVersionIds : [NONE])
    .execute()

interface FicheRow {
  id: string
  enrolment_id: string
  template_version_id: string
  fiche_id: string
  kind: string
  status: 'draft' | 'submitted'
  planned_visit_id: string | null
  head_revision_id: string | null
  /** Instants as `Date#toISOString` writes them, formatted by Postgres: no `Date` is parsed nor formatted. */
  created_at: string
  updated_at: string
  missing_count: number | null
  head_establishment_id: string | null
  /** The fiche's own date (its head_date: a calendar day), else null. */
  date_value: string | null
}

export interface FollowUpFicheRow extends FicheRow {
  open_queries: number
  answered_queries: number
  /** The roles that signed the head revision (FATs only; null for other fiches). */
  head_signer_roles: string[] | null
}

/**
 * The fiches of these records with what follow-up reads of each: status, the visit it was opened for, its
 * own date and the head's missing count (both kept on the fiche row), the head's entering establishment, its pending queries and, for a FAT, who signed the head.
 * Three index-driven statements rather than one with a subquery per fiche: the planner costs those
 * subqueries per row, and past a few thousand fiches the estimate alone triggered JIT compilation, which
 * took longer than the query (measured: 2 s of JIT for 40 ms of work). The fiches are one lateral index
 * lookup per record, as in listReportFiches.
 */
export async function listFollowUpFiches(
  db: Executor,
  enrolmentIds: readonly string[],
): Promise<FollowUpFicheRow[]> {
  if (enrolmentIds.length === 0) return []
  // The pending-query counts and signer roles come as placeholders, filled in below on the rows themselves:
  // a programme-wide dashboard reads 200,000 fiches, and copying each row to add them cost more than reading.
  const { rows } = await sql<FollowUpFicheRow>`
    select fi.id, r.enrolment_id, fi.template_version_id, fi.fiche_id, fi.kind, fi.status,
      fi.planned_visit_id, fi.head_revision_id,
      to_char(fi.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
      to_char(fi.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
      fi.head_missing_count as missing_count, hr.establishment_id as head_establishment_id,
      fi.head_date as date_value, 0 as open_queries, 0 as answered_queries, null::text[] as head_signer_roles
    from unnest(${[...enrolmentIds]}::uuid[]) as r (enrolment_id)
    cross join lateral (
      select f.id, f.template_version_id, f.fiche_id, f.kind, f.status, f.planned_visit_id, f.head_revision_id,
        f.created_at, f.updated_at, f.head_missing_count, f.head_date
      from fiche_instances f
      where f.enrolment_id = r.enrolment_id
      -- Keeps the subquery a per-record index lookup: without it the planner flattens it into a join and
      -- scans every fiche of the platform (see listReportFiches).
      order by f.created_at, f.id
    ) fi
    left join fiche_revisions hr on hr.id = fi.head_revision_id
    order by r.enrolment_id, fi.created_at, fi.id`.execute(db)
  if (rows.length === 0) return []
  const fatHeads = rows.flatMap((r) => (r.kind === 'fat' && r.head_revision_id ? [r.head_revision_id] : []))
  const [pending, signatures] = await Promise.all([
    sql<{ fiche_instance_id: string; open: number; answered: number }>`
      select q.fiche_instance_id,
        count(*) filter (where q.status = 'open')::int as open,
        count(*) filter (where q.status = 'answered')::int as answered
      from queries q
      where q.fiche_instance_id = any(${rows.map((r) => r.id)}::uuid[]) and q.status in ('open', 'answered')
      group by q.fiche_instance_id`.execute(db),
    fatHeads.length > 0
      ? db
          .selectFrom('fiche_signatures')
          .select(['revision_id', 'role'])
          .where('revision_id', 'in', fatHeads)
          .execute()
      : Promise.resolve([]),
  ])
  const queries = new Map(pending.rows.map((q) => [q.fiche_instance_id, q]))
  const signers = new Map<string, string[]>()
  for (const s of signatures) {
    const roles = signers.get(s.revision_id)
    if (roles) roles.push(s.role)
    else signers.set(s.revision_id, [s.role])
  }
  for (const r of rows) {
    const q = queries.get(r.id)
    if (q) {
      r.open_queries = q.open
      r.answered_queries = q.answered
    }
    if (r.kind === 'fat')
      r.head_signer_roles = r.head_revision_id ? (signers.get(r.head_revision_id) ?? []) : []
  }
  return rows
}

export type FollowUpFiche = FollowUpFicheRow

/**
 * What the missing-data report reads of a fiche: no queries, signatures nor `Date`s. Its camel-case
 * fields are a planned-visits `VisitFiche` as they are, so planning visits copies no row.
 */
export interface ReportFicheRow {
  id: string
  /** The record's position in the list asked for (0-based): rows come grouped by record, in that order. */
  record: number
  template_version_id: string
  ficheId: string
  kind: string
  status: 'draft' | 'submitted'
  plannedVisitId: string | null
  missing_count: number | null
  /** The creation instant as `Date#toISOString` writes it (UTC, milliseconds truncated like a `Date`). */
  createdAt: string
  /** The value of the fiche's date item when it is a calendar day (`YYYY-MM-DD`), else null. */
  own_date: string | null
  /** The fiche's own date, else the day it was created (UTC). */
  date: string
}

/**
 * C7.2, C12.2: the report's read of these records' fiches, one statement, grouped by record in the order of
 * `enrolmentIds` (each row says its record's position: no id to decode and look up), then in the order of
 * listFollowUpFiches. Only the narrow columns the report uses, all on the fiche row (its head's missing
 * count and own date are kept there): no revision is read. Instants and days come formatted by Postgres,
 * so a national report parses no timestamp. Each record's fiches are a lateral index lookup: given the ids as
 * one array (`= any($1)`, or a join), the planner chose a scan of every fiche of the platform per batch
 * (docs/scaling.md, "Third step"). The subquery's ORDER BY is what keeps it lateral: a plain subquery is
 * flattened into the join, and the scan is back.
 */
export async function listReportFiches(
  db: Executor,
  enrolmentIds: readonly string[],
): Promise<ReportFicheRow[]> {
  if (enrolmentIds.length === 0) return []
  const { rows } = await sql<ReportFicheRow>`
    select fi.id, (r.n - 1)::integer as record, fi.template_version_id, fi.fiche_id as "ficheId", fi.kind,
      fi.status, fi.planned_visit_id as "plannedVisitId", fi.head_missing_count as missing_count,
      to_char(fi.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
      fi.head_date as own_date,
      coalesce(fi.head_date, to_char(fi.created_at at time zone 'UTC', 'YYYY-MM-DD')) as date
    from unnest(${[...enrolmentIds]}::uuid[]) with ordinality as r (enrolment_id, n)
    cross join lateral (
      select f.id, f.template_version_id, f.fiche_id, f.kind, f.status, f.planned_visit_id, f.head_missing_count,
        f.created_at, f.head_date
      from fiche_instances f
      where f.enrolment_id = r.enrolment_id
      order by f.created_at, f.id
    ) fi
    order by r.n, fi.created_at, fi.id`.execute(db)
  return rows
}

/** C10.4: every revision of a record's fiches, with the establishment and the person who entered it. */
export const listRecordRevisions = (db: Executor, enrolmentId: string) =>
  db
    .selectFrom('fiche_revisions as r')
    .innerJoin('fiche_instances as fi', 'fi.id', 'r.fiche_instance_id')
    .innerJoin('establishments as es', 'es.id', 'r.establishment_id')
    .innerJoin('users as u', 'u.id', 'r.author_id')
    .select([
      'r.id',
      'r.fiche_instance_id',
      'r.seq',
      'r.kind',
      'r.created_at',
      'r.establishment_id',
      'es.name as establishment_name',
      'r.author_id',
      'u.display_name as author_name',
      'r.source',
      'r.missing_count',
    ])
    .where('fi.enrolment_id', '=', enrolmentId)
    .orderBy('r.fiche_instance_id')
    .orderBy('r.seq')
    .execute()

export const findEstablishmentNames = (db: Executor, ids: readonly string[]) =>
  db
    .selectFrom('establishments')
    .select(['id', 'name', 'finess'])
    .where('id', 'in', ids.length ? ids : [NONE])
    .execute()

/** Pending queries (open, or answered and awaiting the lab) on these records, oldest first. */
export const listPendingQueries = (db: Executor, enrolmentIds: readonly string[], status: QueryStatus) =>
  db
    .selectFrom('queries as q')
    .innerJoin('fiche_instances as fi', 'fi.id', 'q.fiche_instance_id')
    .select([
      'q.id',
      'q.fiche_instance_id',
      'fi.enrolment_id',
      'fi.fiche_id',
      'q.item_path',
      'q.status',
      'q.created_at',
    ])
    .where('fi.enrolment_id', 'in', enrolmentIds.length ? enrolmentIds : [NONE])
    .where('q.status', '=', status)
    .orderBy('q.created_at')
    .orderBy('q.id')
    .execute()

export const findReminderSettings = (db: Executor, programmeId: string) =>
  db.selectFrom('reminder_settings').selectAll().where('programme_id', '=', programmeId).executeTakeFirst()

export const upsertReminderSettings = (db: Executor, row: Insertable<ReminderSettingsTable>) =>
  db
    .insertInto('reminder_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('programme_id').doUpdateSet({
        enabled: row.enabled,
        cadence: row.cadence,
        day_of_week: row.day_of_week,
        updated_by: row.updated_by,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow()

/** Programmes whose reminders are on, with the period last sent. */
export const listEnabledReminders = (db: Executor) =>
  db
    .selectFrom('reminder_settings as rs')
    .innerJoin('programmes as p', 'p.id', 'rs.programme_id')
    .select(['rs.programme_id', 'rs.cadence', 'rs.day_of_week', 'rs.last_period', 'p.slug', 'p.name'])
    .where('rs.enabled', '=', true)
    .where('p.status', '=', 'active')
    .orderBy('rs.programme_id')
    .execute()

/**
 * Claims a period's digests for one programme: only the transaction that moves `last_period` gets a row
 * back (the row lock makes a concurrent tick wait, then see the period already taken).
 */
export const claimReminderPeriod = (db: Executor, programmeId: string, period: string) =>
  db
    .updateTable('reminder_settings')
    .set({ last_period: period })
    .where('programme_id', '=', programmeId)
    .where('enabled', '=', true)
    .where((eb) => eb.or([eb('last_period', 'is', null), eb('last_period', '<>', period)]))
    .returning('programme_id')
    .executeTakeFirst()

/** The hospital users of these establishments (the lab gets no digest: it reads the report). */
export const listEstablishmentUsers = (db: Executor, establishmentIds: readonly string[]) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .distinct()
    .where('m.establishment_id', 'in', establishmentIds.length ? establishmentIds : [NONE])
    .orderBy('u.id')
    .execute()
