/**
 * Initial schema: directory (organisations, establishments, users, memberships), programmes and their
 * immutable template versions, patients and enrolments, fiches with append-only revisions, audit trail.
 * Frozen in time: never edit a shipped migration, add a new one.
 */
import { type Kysely, sql } from 'kysely'

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  `create table organisations (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 1 and 200),
    kind text not null check (kind in ('lab', 'cro')),
    created_at timestamptz not null default now()
  )`,
  `create table establishments (
    id uuid primary key default gen_random_uuid(),
    finess text not null unique check (finess ~ '^([0-9]{2}|2A|2B)[0-9]{7}$'),
    name text not null check (length(name) between 1 and 200),
    city text not null,
    created_at timestamptz not null default now()
  )`,
  `create table users (
    id uuid primary key default gen_random_uuid(),
    email text not null unique check (email like '%@%'),
    display_name text not null check (length(display_name) between 1 and 200),
    rpps text check (rpps ~ '^[0-9]{11}$'),
    created_at timestamptz not null default now()
  )`,
  `create table memberships (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    establishment_id uuid references establishments (id),
    organisation_id uuid references organisations (id),
    role text not null check (role in ('prescriber', 'pharmacist', 'pnm', 'lab-data-manager', 'lab-admin')),
    created_at timestamptz not null default now(),
    -- hospital roles belong to an establishment, lab roles to an organisation: exactly one of the two
    check ((establishment_id is null) <> (organisation_id is null)),
    check ((role in ('prescriber', 'pharmacist', 'pnm')) = (establishment_id is not null))
  )`,
  'create index memberships_user_id_idx on memberships (user_id)',
  'create unique index memberships_establishment_uq on memberships (establishment_id, user_id, role) where establishment_id is not null',
  'create unique index memberships_organisation_uq on memberships (organisation_id, user_id, role) where organisation_id is not null',
  `create table programmes (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id),
    slug text not null unique check (slug ~ '^[a-z][a-z0-9-]*[a-z0-9]$'),
    name text not null,
    framework text not null check (framework in ('aap-pre-amm', 'aap-post-amm', 'aac', 'cpc', 'post-aap-coverage')),
    status text not null check (status in ('active', 'suspended', 'closed')),
    created_at timestamptz not null default now()
  )`,
  'create index programmes_organisation_id_idx on programmes (organisation_id)',
  `create table programme_status_history (
    id uuid primary key default gen_random_uuid(),
    programme_id uuid not null references programmes (id),
    status text not null check (status in ('active', 'suspended', 'closed')),
    framework text not null check (framework in ('aap-pre-amm', 'aap-post-amm', 'aac', 'cpc', 'post-aap-coverage')),
    changed_by uuid references users (id),
    note text,
    changed_at timestamptz not null default now()
  )`,
  'create index programme_status_history_programme_id_idx on programme_status_history (programme_id, changed_at)',
  'create index programme_status_history_changed_by_idx on programme_status_history (changed_by)',
  `create table template_versions (
    id uuid primary key default gen_random_uuid(),
    programme_id uuid not null references programmes (id),
    version text not null check (length(version) between 1 and 32),
    effective_date date not null,
    yaml_source text not null,
    model jsonb not null,
    template_hash text not null check (template_hash ~ '^[0-9a-f]{64}$'),
    published_by uuid not null references users (id),
    published_at timestamptz not null default now(),
    unique (programme_id, version)
  )`,
  'create index template_versions_published_by_idx on template_versions (published_by)',
  `create table template_fiches (
    id uuid primary key default gen_random_uuid(),
    template_version_id uuid not null references template_versions (id),
    fiche_id text not null,
    kind text not null,
    title text not null,
    position integer not null check (position >= 0),
    definition jsonb not null,
    hash text not null check (hash ~ '^[0-9a-f]{64}$'),
    unique (template_version_id, fiche_id),
    unique (template_version_id, position)
  )`,
  `create table patients (
    id uuid primary key default gen_random_uuid(),
    establishment_id uuid not null references establishments (id),
    created_by uuid not null references users (id),
    created_at timestamptz not null default now()
  )`,
  'create index patients_establishment_id_idx on patients (establishment_id)',
  'create index patients_created_by_idx on patients (created_by)',
  `create table enrolments (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    programme_id uuid not null references programmes (id),
    registration_number text check (length(registration_number) between 1 and 64),
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    constraint enrolments_patient_programme_uq unique (patient_id, programme_id),
    constraint enrolments_registration_number_uq unique (programme_id, registration_number)
  )`,
  'create index enrolments_programme_id_idx on enrolments (programme_id)',
  'create index enrolments_created_by_idx on enrolments (created_by)',
  `create table fiche_instances (
    id uuid primary key default gen_random_uuid(),
    enrolment_id uuid not null references enrolments (id),
    template_version_id uuid not null references template_versions (id),
    fiche_id text not null,
    kind text not null,
    planned_visit_id text,
    status text not null check (status in ('draft', 'submitted')),
    head_revision_id uuid,
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    foreign key (template_version_id, fiche_id) references template_fiches (template_version_id, fiche_id),
    -- every saved fiche has a head once its first revision is written (same transaction)
    check (status = 'draft' or head_revision_id is not null)
  )`,
  'create index fiche_instances_enrolment_id_idx on fiche_instances (enrolment_id)',
  'create index fiche_instances_template_fiche_idx on fiche_instances (template_version_id, fiche_id)',
  'create index fiche_instances_created_by_idx on fiche_instances (created_by)',
  'create index fiche_instances_head_revision_id_idx on fiche_instances (head_revision_id)',
  `create table fiche_revisions (
    id uuid primary key default gen_random_uuid(),
    fiche_instance_id uuid not null references fiche_instances (id),
    seq integer not null check (seq >= 1),
    base_revision_id uuid references fiche_revisions (id),
    kind text not null check (kind in ('draft', 'submission')),
    data jsonb not null check (jsonb_typeof(data) = 'object'),
    author_id uuid not null references users (id),
    establishment_id uuid not null references establishments (id),
    source text not null check (source in ('direct', 'transcription')),
    pruned jsonb not null default '{}' check (jsonb_typeof(pruned) = 'object'),
    warnings jsonb not null default '[]' check (jsonb_typeof(warnings) = 'array'),
    missing_count integer not null check (missing_count >= 0),
    created_at timestamptz not null default now(),
    check ((seq = 1) = (base_revision_id is null)),
    constraint fiche_revisions_seq_uq unique (fiche_instance_id, seq),
    -- two writes from the same base cannot both land: the loser gets stale-revision
    constraint fiche_revisions_base_uq unique (fiche_instance_id, base_revision_id)
  )`,
  'create index fiche_revisions_base_revision_id_idx on fiche_revisions (base_revision_id)',
  'create index fiche_revisions_author_id_idx on fiche_revisions (author_id)',
  'create index fiche_revisions_establishment_id_idx on fiche_revisions (establishment_id)',
  `alter table fiche_instances add constraint fiche_instances_head_revision_fk
    foreign key (head_revision_id) references fiche_revisions (id)`,
  `create table audit_events (
    id uuid primary key default gen_random_uuid(),
    actor_id uuid references users (id),
    action text not null check (action ~ '^[a-z-]+\\.[a-z-]+$'),
    subject_type text not null,
    subject_id uuid not null,
    details jsonb not null default '{}',
    created_at timestamptz not null default now()
  )`,
  'create index audit_events_actor_id_idx on audit_events (actor_id)',
  'create index audit_events_subject_idx on audit_events (subject_type, subject_id, created_at)',
  `create table idempotency_keys (
    actor_id uuid not null references users (id),
    key text not null check (length(key) between 1 and 200),
    operation text not null,
    request_hash text not null,
    result jsonb,
    created_at timestamptz not null default now(),
    primary key (actor_id, key)
  )`,
  // Append-only and immutable tables refuse UPDATE and DELETE whoever asks, with our own SQLSTATE.
  `create function openput_refuse_change() returns trigger language plpgsql as $$
  begin
    raise exception 'table % is append-only: % refused', tg_table_name, tg_op using errcode = 'OP001';
  end
  $$`,
  ...[
    'fiche_revisions',
    'audit_events',
    'template_versions',
    'template_fiches',
    'programme_status_history',
  ].flatMap((table) => [
    `create trigger ${table}_append_only before update or delete on ${table}
        for each row execute function openput_refuse_change()`,
    `create trigger ${table}_no_truncate before truncate on ${table}
        for each statement execute function openput_refuse_change()`,
  ]),
]

export async function migrateUp(db: Kysely<unknown>): Promise<void> {
  for (const statement of up) {
    // Sequential on purpose: each statement depends on the previous ones.
    // biome-ignore lint/performance/noAwaitInLoops: DDL must run in order
    await sql.raw(statement).execute(db)
  }
}

export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      'drop table if exists idempotency_keys, audit_events, fiche_revisions, fiche_instances, enrolments, patients, template_fiches, template_versions, programme_status_history, programmes, memberships, users, establishments, organisations cascade',
    )
    .execute(db)
  await sql.raw('drop function if exists openput_refuse_change()').execute(db)
}
