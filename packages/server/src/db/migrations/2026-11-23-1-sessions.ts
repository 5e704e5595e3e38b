/**
 * Authentication: users matched by their OIDC subject, server-side sessions (only a hash of the token is
 * stored) and the pending login attempts between the redirect to the provider and its callback.
 */
import { type Kysely, sql } from 'kysely'

// One statement per entry: PGlite's extended protocol runs a single statement per query.
const up: string[] = [
  // PSC's subject is the national RPPS/ADELI id; accounts are provisioned by the lab, never on first login.
  'alter table users add column oidc_subject text unique check (length(oidc_subject) between 1 and 255)',
  `create table sessions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz not null,
    last_seen_at timestamptz not null,
    idle_expires_at timestamptz not null,
    absolute_expires_at timestamptz not null,
    auth_time timestamptz not null,
    acr text,
    -- the provider's ID token, sent back as id_token_hint at logout (PSC requires it)
    id_token text,
    revoked_at timestamptz,
    revoked_reason text check (revoked_reason in ('sign-out', 'revoked')),
    check ((revoked_at is null) = (revoked_reason is null)),
    check (idle_expires_at <= absolute_expires_at)
  )`,
  'create index sessions_user_id_idx on sessions (user_id)',
  // A database row rather than a signed cookie: no signing key to manage and rotate, single use by
  // construction (consumed with DELETE … RETURNING), and the browser only holds a random binding token.
  `create table login_attempts (
    id uuid primary key default gen_random_uuid(),
    binding_hash text not null unique check (binding_hash ~ '^[0-9a-f]{64}$'),
    state text not null,
    nonce text not null,
    code_verifier text not null,
    return_to text not null check (return_to like '/%'),
    step_up_session_id uuid references sessions (id),
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`,
  'create index login_attempts_step_up_session_id_idx on login_attempts (step_up_session_id)',
  'create index login_attempts_expires_at_idx on login_attempts (expires_at)',
]

export async function migrateUp(db: Kysely<unknown>): Promise<void> {
  for (const statement of up) {
    // biome-ignore lint/performance/noAwaitInLoops: DDL must run in order
    await sql.raw(statement).execute(db)
  }
}

export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table if exists login_attempts, sessions').execute(db)
  await sql.raw('alter table users drop column if exists oidc_subject').execute(db)
}
