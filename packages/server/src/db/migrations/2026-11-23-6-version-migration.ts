/**
 * Template version migration (P2): a fiche revision may now come from a migration, and each run with the
 * fiches it moved is recorded (what no longer fitted, what must be re-entered). Both tables are append-only.
 * Also the indexes the streamed exports (P3) page through.
 */
import { type Kysely, sql } from 'kysely'

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  'alter table fiche_revisions drop constraint fiche_revisions_source_check',
  `alter table fiche_revisions add constraint fiche_revisions_source_check
    check (source in ('direct', 'transcription', 'migration'))`,
  // One explicit run: all establishments (establishment_id null) or one.
  `create table template_migrations (
    id uuid primary key default gen_random_uuid(),
    programme_id uuid not null references programmes (id),
    from_version_id uuid not null references template_versions (id),
    to_version_id uuid not null references template_versions (id),
    establishment_id uuid references establishments (id),
    started_by uuid not null references users (id),
    started_at timestamptz not null default now(),
    check (from_version_id <> to_version_id)
  )`,
  'create index template_migrations_programme_id_idx on template_migrations (programme_id, started_at)',
  'create index template_migrations_from_version_id_idx on template_migrations (from_version_id)',
  'create index template_migrations_to_version_id_idx on template_migrations (to_version_id)',
  'create index template_migrations_establishment_id_idx on template_migrations (establishment_id)',
  'create index template_migrations_started_by_idx on template_migrations (started_by)',
  // A fiche reaches a version once: the last line of defence against two concurrent runs.
  `create table template_migration_fiches (
    migration_id uuid not null references template_migrations (id),
    fiche_instance_id uuid not null references fiche_instances (id),
    to_version_id uuid not null references template_versions (id),
    from_revision_id uuid references fiche_revisions (id),
    to_revision_id uuid not null references fiche_revisions (id),
    unfit jsonb not null check (jsonb_typeof(unfit) = 'array'),
    re_enter jsonb not null check (jsonb_typeof(re_enter) = 'array'),
    primary key (fiche_instance_id, to_version_id)
  )`,
  'create index template_migration_fiches_migration_id_idx on template_migration_fiches (migration_id)',
  'create index template_migration_fiches_to_version_id_idx on template_migration_fiches (to_version_id)',
  'create index template_migration_fiches_from_revision_id_idx on template_migration_fiches (from_revision_id)',
  'create index template_migration_fiches_to_revision_id_idx on template_migration_fiches (to_revision_id)',
  // P3: exports walk one version's fiches subject by subject (keyset on enrolment, fiche), whole or per fiche.
  'create index fiche_instances_export_idx on fiche_instances (template_version_id, enrolment_id, id)',
  'create index fiche_instances_export_fiche_idx on fiche_instances (template_version_id, fiche_id, enrolment_id, id)',
  ...['template_migrations', 'template_migration_fiches'].flatMap((table) => [
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
  await sql.raw('drop index if exists fiche_instances_export_idx').execute(db)
  await sql.raw('drop index if exists fiche_instances_export_fiche_idx').execute(db)
  await sql.raw('drop table if exists template_migration_fiches, template_migrations').execute(db)
  await sql.raw('alter table fiche_revisions drop constraint fiche_revisions_source_check').execute(db)
  await sql
    .raw(
      `alter table fiche_revisions add constraint fiche_revisions_source_check
        check (source in ('direct', 'transcription'))`,
    )
    .execute(db)
}
