/**
 * The mail outbox: e-mails are rows written in the transaction of the change they announce (so a mail
 * exists iff that change committed), then sent by the dispatcher with retries. Rows are never deleted.
 */
import { type Kysely, sql } from 'kysely'

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  `create table outbox_mails (
    id uuid primary key default gen_random_uuid(),
    template text not null check (template ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    -- one recipient per row: each address is retried, failed and re-queued on its own
    recipient text not null check (length(recipient) between 3 and 320 and recipient !~ '[\\r\\n]'),
    data jsonb not null check (jsonb_typeof(data) = 'object'),
    -- idempotent enqueue: the same business event enqueued twice gives one mail
    dedupe_key text check (length(dedupe_key) between 1 and 300),
    status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    -- a dispatcher's claim: whoever holds the token until the lease ends is the only one sending
    claim_token uuid,
    claimed_until timestamptz,
    last_attempt_at timestamptz,
    last_error text check (length(last_error) <= 2000),
    sent_at timestamptz,
    message_id text,
    created_at timestamptz not null default now(),
    constraint outbox_mails_dedupe_key_uq unique (dedupe_key),
    check ((status = 'sent') = (sent_at is not null)),
    check ((claim_token is null) = (claimed_until is null))
  )`,
  "create index outbox_mails_due_idx on outbox_mails (next_attempt_at, id) where status = 'pending'",
  'create index outbox_mails_status_idx on outbox_mails (status, created_at)',
  // Visible, never deleted: a failed mail stays until someone re-queues it. Updates are the outbox's
  // life (claims, attempts), so this is not openput_refuse_change (append-only tables).
  `create function openput_refuse_delete() returns trigger language plpgsql as $$
  begin
    raise exception 'rows of % are never deleted: % refused', tg_table_name, tg_op using errcode = 'OP001';
  end
  $$`,
  `create trigger outbox_mails_no_delete before delete on outbox_mails
      for each row execute function openput_refuse_delete()`,
  `create trigger outbox_mails_no_truncate before truncate on outbox_mails
      for each statement execute function openput_refuse_delete()`,
]

export async function migrateUp(db: Kysely<unknown>): Promise<void> {
  for (const statement of up) {
    // biome-ignore lint/performance/noAwaitInLoops: DDL must run in order
    await sql.raw(statement).execute(db)
  }
}

export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table if exists outbox_mails').execute(db)
  await sql.raw('drop function if exists openput_refuse_delete()').execute(db)
}
