/**
 * Brings a database to the latest schema with Kysely's migrator over the static migration list.
 * Used by main.ts at start-up, by the `migrate` CLI and by the test harness.
 */
import { Migrator } from 'kysely/migration'
import type { Db } from './database.ts'
import { MIGRATIONS } from './migrations/index.ts'

export interface MigrationOutcome {
  applied: string[]
}

export async function migrateToLatest(db: Db): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) }
}
