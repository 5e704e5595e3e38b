/**
 * Follow-up (C7): the overdue-visit reminder settings of each programme, and the indexes the patient list,
 * the dashboards and the missing-data report read through at 20,000 patients (docs/follow-up.md).
 */
import { type Kysely, sql } from 'kysely'

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  `create table reminder_settings (
    programme_id uuid primary key references programmes (id),
    enabled boolean not null,
    cadence text not null check (cadence in ('daily', 'weekly')),
    -- ISO day of the week (Monday = 1) a weekly digest goes out on
    day_of_week smallint not null check (day_of_week between 1 and 7),
    -- the last period whose digests were enqueued: the tick that moves it is the only one that sends
    last_period text check (length(last_period) between 1 and 32),
    updated_by uuid not null references users (id),
    updated_at timestamptz not null default now()
  )`,
  'create index reminder_settings_updated_by_idx on reminder_settings (updated_by)',
  // The patient list pages through a programme's enrolments in creation order (keyset).
  'create index enrolments_programme_created_idx on enrolments (programme_id, created_at, id)',
  // Open and answered queries are counted per fiche on every list and dashboard; closed ones are history.
  `create index queries_pending_fiche_idx on queries (fiche_instance_id, status) where status in ('open', 'answered')`,
]

export async function migrateUp(db: Kysely<unknown>): Promise<void> {
  for (const statement of up) {
    // biome-ignore lint/performance/noAwaitInLoops: DDL must run in order
    await sql.raw(statement).execute(db)
  }
}

export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop index if exists queries_pending_fiche_idx').execute(db)
  await sql.raw('drop index if exists enrolments_programme_created_idx').execute(db)
  await sql.raw('drop table if exists reminder_settings').execute(db)
}
