/**
 * The charter's access rules (C4, C5, C9, C10): the lab-side roles, treatment-access requests, designations,
 * dispensing grants and transfers. Every row says who did it; revocations are recorded, never deleted.
 */
import { type Kysely, sql } from 'kysely'

const HOSPITAL = `'prescriber', 'pharmacist', 'pnm'`
const LAB = `'programme-manager', 'data-manager', 'monitor', 'template-author', 'reviewer'`

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  'alter table memberships drop constraint memberships_role_check',
  // The two lab roles of the first schema become the charter's: the admin managed the tool, the data manager
  // transcribed and raised queries.
  `update memberships set role = 'programme-manager' where role = 'lab-admin'`,
  `update memberships set role = 'data-manager' where role = 'lab-data-manager'`,
  `alter table memberships add constraint memberships_role_check check (role in (${HOSPITAL}, ${LAB}))`,
  // C5.2: a prescriber's treatment-access request; opening a patient's FAT is one. C3.3: with distinct
  // access per indication the request names its indication, with shared access it names none.
  `create table access_requests (
    id uuid primary key default gen_random_uuid(),
    establishment_id uuid not null references establishments (id),
    programme_id uuid not null references programmes (id),
    indication_id text check (length(indication_id) between 1 and 64),
    enrolment_id uuid references enrolments (id),
    requested_by uuid not null references users (id),
    created_at timestamptz not null default now()
  )`,
  'create index access_requests_scope_idx on access_requests (establishment_id, programme_id, requested_by)',
  'create index access_requests_programme_id_idx on access_requests (programme_id)',
  'create index access_requests_enrolment_id_idx on access_requests (enrolment_id)',
  'create index access_requests_requested_by_idx on access_requests (requested_by)',
  // C4.2, C5.2, C5.4: recorded, not verified (the delegation itself is the establishment's business).
  `create table designations (
    id uuid primary key default gen_random_uuid(),
    establishment_id uuid not null references establishments (id),
    programme_id uuid not null references programmes (id),
    indication_id text check (length(indication_id) between 1 and 64),
    designated_by uuid not null references users (id),
    designated_by_role text not null check (designated_by_role in ('prescriber', 'pharmacist')),
    designee_id uuid not null references users (id),
    designee_role text not null check (designee_role in ('prescriber', 'pnm')),
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoked_by uuid references users (id),
    check ((revoked_at is null) = (revoked_by is null)),
    check (designated_by <> designee_id),
    -- a pharmacist designates PNM only (C5.4); a prescriber designates prescribers (C5.2) and PNM
    check (designated_by_role = 'prescriber' or designee_role = 'pnm')
  )`,
  'create index designations_scope_idx on designations (establishment_id, programme_id, designee_id)',
  'create index designations_programme_id_idx on designations (programme_id)',
  'create index designations_designee_id_idx on designations (designee_id)',
  'create index designations_designated_by_idx on designations (designated_by)',
  'create index designations_revoked_by_idx on designations (revoked_by)',
  // C9.2: read-only access to one patient's record for a pharmacist of the dispensing centre.
  `create table dispensing_grants (
    id uuid primary key default gen_random_uuid(),
    enrolment_id uuid not null references enrolments (id),
    establishment_id uuid not null references establishments (id),
    pharmacist_id uuid not null references users (id),
    granted_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    revoked_at timestamptz,
    revoked_by uuid references users (id),
    check ((revoked_at is null) = (revoked_by is null))
  )`,
  'create index dispensing_grants_enrolment_id_idx on dispensing_grants (enrolment_id, pharmacist_id)',
  'create index dispensing_grants_establishment_id_idx on dispensing_grants (establishment_id)',
  'create index dispensing_grants_pharmacist_id_idx on dispensing_grants (pharmacist_id)',
  'create index dispensing_grants_granted_by_idx on dispensing_grants (granted_by)',
  'create index dispensing_grants_revoked_by_idx on dispensing_grants (revoked_by)',
  // C10.1, C10.3: a record moves from one establishment to another at an effective date, possibly again.
  `create table transfers (
    id uuid primary key default gen_random_uuid(),
    enrolment_id uuid not null references enrolments (id),
    from_establishment_id uuid not null references establishments (id),
    to_establishment_id uuid not null references establishments (id),
    effective_date date not null,
    transferred_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    check (from_establishment_id <> to_establishment_id)
  )`,
  'create index transfers_enrolment_id_idx on transfers (enrolment_id, effective_date)',
  'create index transfers_from_establishment_id_idx on transfers (from_establishment_id)',
  'create index transfers_to_establishment_id_idx on transfers (to_establishment_id)',
  'create index transfers_transferred_by_idx on transfers (transferred_by)',
  ...['access_requests', 'transfers'].flatMap((table) => [
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
  await sql
    .raw('drop table if exists transfers, dispensing_grants, designations, access_requests')
    .execute(db)
  await sql.raw('alter table memberships drop constraint memberships_role_check').execute(db)
  await sql.raw(`update memberships set role = 'lab-admin' where role = 'programme-manager'`).execute(db)
  await sql.raw(`update memberships set role = 'lab-data-manager' where role = 'data-manager'`).execute(db)
  await sql
    .raw(`delete from memberships where role in ('monitor', 'template-author', 'reviewer')`)
    .execute(db)
  await sql
    .raw(
      `alter table memberships add constraint memberships_role_check check (role in (${HOSPITAL}, 'lab-data-manager', 'lab-admin'))`,
    )
    .execute(db)
}
