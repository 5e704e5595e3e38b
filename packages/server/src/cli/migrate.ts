/**
 * `pnpm --filter @openput/server migrate`: brings the configured database (PGlite data folder or
 * DATABASE_URL) to the latest schema, then exits.
 */
import { ConfigError, loadConfig } from '../config.ts'
import { openDatabase } from '../db/connect.ts'
import { DataFolderLockedError } from '../db/lock-file.ts'
import { migrateToLatest } from '../db/migrate.ts'

async function run() {
  const config = loadConfig(process.env)
  const database = await openDatabase(config.database)
  try {
    const { applied } = await migrateToLatest(database.db)
    console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Base déjà à jour.')
  } finally {
    await database.close()
  }
}

run().catch((error: unknown) => {
  console.error(
    error instanceof ConfigError || error instanceof DataFolderLockedError ? error.message : error,
  )
  process.exitCode = 1
})
