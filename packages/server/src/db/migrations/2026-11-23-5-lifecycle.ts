/**
 * Lifecycle of a programme and of a record: database freezes with their announcement and reminder mailings
 * (C12), prefilled values awaiting the user's confirmation (C8.1), and the end of an AAC / CPC access (P4).
 */
import { type Kysely, sql } from 'kysely'

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  // C12.1: a freeze is announced at least two months ahead (checked by the domain against the clock); a new
  // schedule supersedes the previous one, which stays in the history.
  `create table programme_freezes (
    id uuid primary key default gen_random_uuid(),
    programme_id uuid not null references programmes (id),
    freeze_on date not null,
    scheduled_by uuid not null references users (id),
    note text check (length(note) between 1 and 2000),
    announced_at timestamptz not null default now()
  )`,
  'create index programme_freezes_programme_id_idx on programme_freezes (programme_id, announced_at)',
  'create index programme_freezes_scheduled_by_idx on programme_freezes (scheduled_by)',
  // One row per mailing of one freeze: whoever inserts it sends it (instances race on the primary key).
  `create table freeze_mailings (
    freeze_id uuid not null references programme_freezes (id),
    kind text not null check (kind in ('scheduled', 'reminder-30', 'reminder-7', 'reminder-1')),
    recipients integer not null check (recipients >= 0),
    sent_at timestamptz not null default now(),
    primary key (freeze_id, kind)
  )`,
  // C8.1: a value proposed from another programme's fiche; submitting waits for the user's confirmation.
  `create table fiche_prefills (
    id uuid primary key default gen_random_uuid(),
    fiche_instance_id uuid not null references fiche_instances (id),
    item_id text not null check (length(item_id) between 1 and 64),
    source_revision_id uuid not null references fiche_revisions (id),
    source_item_id text not null check (length(source_item_id) between 1 and 64),
    value jsonb not null,
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    confirmed_by uuid references users (id),
    confirmed_at timestamptz,
    check ((confirmed_by is null) = (confirmed_at is null)),
    constraint fiche_prefills_item_uq unique (fiche_instance_id, item_id)
  )`,
  'create index fiche_prefills_source_revision_id_idx on fiche_prefills (source_revision_id)',
  'create index fiche_prefills_created_by_idx on fiche_prefills (created_by)',
  'create index fiche_prefills_confirmed_by_idx on fiche_prefills (confirmed_by)',
  // P4: an AAC authorisation lasts what its decision states (1 day to 1 year), a CPC three years.
  'alter table enrolments add column access_ends_on date',
  ...['programme_freezes', 'freeze_mailings'].flatMap((table) => [
    `create trigger ${table}_append_only before update or delete on ${table}
        for each row execute function openput_refuse_change()`,
    `create trigger ${table}_no_truncate before truncate on ${table}
        for each statement execute function openput_refuse_change()`,
  ]),
]

export async function migrateUp(db: Kysely<unknown>): Promise<void> {
  for (const statement of up) {
    // biome-ignore lint/performance/noAwaitInLoops: DDL must run in order
    await sql.raw(statement).execute(db)
  }
}

export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  await sql.raw('alter table enrolments drop column if exists access_ends_on').execute(db)
  await sql.raw('drop table if exists fiche_prefills, freeze_mailings, programme_freezes').execute(db)
}
