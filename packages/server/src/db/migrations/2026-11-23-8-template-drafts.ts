/**
 * The designer's drafts of template versions (YAML text saved under optimistic concurrency, states draft →
 * in review → published) and reviewers' decisions on them (append-only, with name and comment).
 */
import { type Kysely, sql } from 'kysely'

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  `create table template_drafts (
    id uuid primary key default gen_random_uuid(),
    organisation_id uuid not null references organisations (id),
    programme text not null check (programme ~ '^[a-z][a-z0-9-]*[a-z0-9]$' and length(programme) <= 64),
    version text check (length(version) between 1 and 32),
    state text not null check (state in ('draft', 'in-review', 'published')),
    revision integer not null check (revision >= 1),
    yaml_source text not null,
    error_count integer not null check (error_count >= 0),
    warning_count integer not null check (warning_count >= 0),
    -- everyone who saved a revision: none of them may approve it
    authors uuid[] not null check (cardinality(authors) >= 1),
    created_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    updated_by uuid not null references users (id),
    updated_at timestamptz not null default now(),
    published_version_id uuid references template_versions (id),
    check ((state = 'published') = (published_version_id is not null)),
    check (state = 'draft' or error_count = 0)
  )`,
  // One version in preparation per programme at a time: reviewers never compare two competing drafts.
  `create unique index template_drafts_open_programme_uq on template_drafts (programme) where state <> 'published'`,
  'create index template_drafts_organisation_id_idx on template_drafts (organisation_id)',
  'create index template_drafts_created_by_idx on template_drafts (created_by)',
  'create index template_drafts_updated_by_idx on template_drafts (updated_by)',
  'create index template_drafts_published_version_id_idx on template_drafts (published_version_id)',
  `create table template_reviews (
    id uuid primary key default gen_random_uuid(),
    draft_id uuid not null references template_drafts (id),
    draft_revision integer not null check (draft_revision >= 1),
    reviewer_id uuid not null references users (id),
    decision text not null check (decision in ('approved', 'rejected')),
    comment text not null check (length(comment) between 1 and 2000),
    breaking_count integer not null check (breaking_count >= 0),
    created_at timestamptz not null default now()
  )`,
  'create index template_reviews_draft_id_idx on template_reviews (draft_id, created_at)',
  'create index template_reviews_reviewer_id_idx on template_reviews (reviewer_id)',
  `create trigger template_reviews_append_only before update or delete on template_reviews
      for each row execute function openput_refuse_change()`,
  `create trigger template_reviews_no_truncate before truncate on template_reviews
      for each statement execute function openput_refuse_change()`,
]

export async function migrateUp(db: Kysely<unknown>): Promise<void> {
  for (const statement of up) {
    // biome-ignore lint/performance/noAwaitInLoops: DDL must run in order
    await sql.raw(statement).execute(db)
  }
}

export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table if exists template_reviews, template_drafts cascade').execute(db)
}
