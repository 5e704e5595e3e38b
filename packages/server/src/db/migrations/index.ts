/**
 * The static migration list (no dynamic import of a folder, so it works under tsx, vitest and a bundle).
 * Names are ISO-dated: Kysely runs them in name order.
 */
import type { Migration } from 'kysely/migration'
import * as initialSchema from './2026-11-20-initial-schema.ts'
import * as sessions from './2026-11-23-1-sessions.ts'
import * as accessRules from './2026-11-23-2-access-rules.ts'
import * as signaturesQueries from './2026-11-23-3-signatures-queries.ts'
import * as mailOutbox from './2026-11-23-4-mail-outbox.ts'
import * as lifecycle from './2026-11-23-5-lifecycle.ts'
import * as versionMigration from './2026-11-23-6-version-migration.ts'
import * as followUp from './2026-11-23-7-follow-up.ts'
import * as templateDrafts from './2026-11-23-8-template-drafts.ts'
import * as ficheHeadFacts from './2026-11-24-1-fiche-head-facts.ts'
import * as ficheHeadHot from './2026-11-24-2-fiche-head-hot.ts'

export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-20-initial-schema': { up: initialSchema.migrateUp, down: initialSchema.migrateDown },
  '2026-11-23-1-sessions': { up: sessions.migrateUp, down: sessions.migrateDown },
  '2026-11-23-2-access-rules': { up: accessRules.migrateUp, down: accessRules.migrateDown },
  '2026-11-23-3-signatures-queries': { up: signaturesQueries.migrateUp, down: signaturesQueries.migrateDown },
  '2026-11-23-4-mail-outbox': { up: mailOutbox.migrateUp, down: mailOutbox.migrateDown },
  '2026-11-23-8-template-drafts': { up: templateDrafts.migrateUp, down: templateDrafts.migrateDown },
  '2026-11-23-5-lifecycle': { up: lifecycle.migrateUp, down: lifecycle.migrateDown },
  '2026-11-23-6-version-migration': { up: versionMigration.migrateUp, down: versionMigration.migrateDown },
  '2026-11-23-7-follow-up': { up: followUp.migrateUp, down: followUp.migrateDown },
  '2026-11-24-1-fiche-head-facts': { up: ficheHeadFacts.migrateUp, down: ficheHeadFacts.migrateDown },
  '2026-11-24-2-fiche-head-hot': { up: ficheHeadHot.migrateUp, down: ficheHeadHot.migrateDown },
}
