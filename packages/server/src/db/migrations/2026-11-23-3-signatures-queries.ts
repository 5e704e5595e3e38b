/**
 * E-signatures of fiche revisions (C5.5, C5.6, C2.2) and data-clarification queries with their message
 * history (C5.2–C5.4). Signatures and messages are append-only; a query's status moves with its messages.
 */
import { type Kysely, sql } from 'kysely'

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  // A revision is signed, not a fiche: a later revision voids the signature (read-time, never an update).
  `create table fiche_signatures (
    id uuid primary key default gen_random_uuid(),
    fiche_instance_id uuid not null references fiche_instances (id),
    revision_id uuid not null references fiche_revisions (id),
    revision_hash text not null check (revision_hash ~ '^[0-9a-f]{64}$'),
    role text not null check (role in ('prescriber', 'pharmacist')),
    signed_by uuid not null references users (id),
    establishment_id uuid not null references establishments (id),
    signed_at timestamptz not null,
    auth_time timestamptz not null,
    method text not null check (method in ('electronic', 'paper')),
    paper_reference text check (length(paper_reference) between 1 and 200),
    -- C2.2: a paper signature is recorded by the lab from the transcribed form, and says which form
    check ((method = 'paper') = (paper_reference is not null)),
    constraint fiche_signatures_revision_role_uq unique (revision_id, role)
  )`,
  'create index fiche_signatures_fiche_instance_id_idx on fiche_signatures (fiche_instance_id, signed_at)',
  'create index fiche_signatures_signed_by_idx on fiche_signatures (signed_by)',
  'create index fiche_signatures_establishment_id_idx on fiche_signatures (establishment_id)',
  `create table queries (
    id uuid primary key default gen_random_uuid(),
    fiche_instance_id uuid not null references fiche_instances (id),
    item_path text not null check (item_path ~ '^(/[^/]+)+$' and length(item_path) <= 300),
    revision_id uuid not null references fiche_revisions (id),
    status text not null check (status in ('open', 'answered', 'closed')),
    raised_by uuid not null references users (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  'create index queries_fiche_instance_id_idx on queries (fiche_instance_id, created_at)',
  'create index queries_status_idx on queries (status)',
  'create index queries_revision_id_idx on queries (revision_id)',
  'create index queries_raised_by_idx on queries (raised_by)',
  `create table query_messages (
    id uuid primary key default gen_random_uuid(),
    query_id uuid not null references queries (id),
    author_id uuid not null references users (id),
    kind text not null check (kind in ('raise', 'answer', 'close', 'reopen')),
    text text check (length(text) between 1 and 2000),
    created_at timestamptz not null default now(),
    -- a question and an answer say something; closing and reopening may
    check (kind in ('close', 'reopen') or text is not null)
  )`,
  'create index query_messages_query_id_idx on query_messages (query_id, created_at)',
  'create index query_messages_author_id_idx on query_messages (author_id)',
  ...['fiche_signatures', 'query_messages'].flatMap((table) => [
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
  await sql.raw('drop table if exists query_messages, queries, fiche_signatures').execute(db)
}
