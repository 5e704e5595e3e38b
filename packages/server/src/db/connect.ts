/**
 * Opens the database: embedded PGlite in a data folder (guarded by a PID lock) when no DATABASE_URL is
 * configured, otherwise a pg Pool. The rest of the server sees one Kysely<Database> either way.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database, Db } from './database.ts'
import { acquireLock } from './lock-file.ts'
import { PreparingClient } from './prepared.ts'

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  /** `dataDir` undefined: in memory (tests). */
  | { kind: 'pglite'; dataDir?: string }

export interface OpenedDatabase {
  db: Db
  kind: DatabaseTarget['kind']
  /** Destroys the pool or closes PGlite (checkpointing its WAL), then releases the lock. */
  close(): Promise<void>
}

// pg returns bigint/numeric as strings and dates as Date; keep `date` columns as ISO strings like PGlite.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      Client: PreparingClient,
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, kind: 'postgres', close: () => db.destroy() }
  }
  if (target.dataDir === undefined) {
    const pglite = await PGlite.create()
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
    return { db, kind: 'pglite', close: () => db.destroy() }
  }
  mkdirSync(dirname(target.dataDir), { recursive: true })
  const lock = acquireLock(`${target.dataDir}.lock`)
  try {
    const pglite = await PGlite.create(target.dataDir)
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy()
        lock.release()
      },
    }
  } catch (error) {
    lock.release()
    throw error
  }
}
