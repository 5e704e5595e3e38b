/**
 * The static migration list (no dynamic import of a folder, so it works under tsx, vitest and a bundle).
 * Names are ISO-dated: Kysely runs them in name order.
 */
import type { Migration } from 'kysely/migration'
import * as initialSchema from './2026-11-20-initial-schema.ts'
import * as sessions from './2026-11-23-sessions.ts'

export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-20-initial-schema': { up: initialSchema.migrateUp, down: initialSchema.migrateDown },
  '2026-11-23-sessions': { up: sessions.migrateUp, down: sessions.migrateDown },
}
