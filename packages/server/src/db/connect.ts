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
import { markConnectionError } from './errors.ts'
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

/** Errors of a query that mean the connection broke, not the query: pg's own messages and socket codes. */
const brokenConnection = (error: unknown) =>
  error instanceof Error &&
  !('severity' in error) &&
  (/connection|terminated|not queryable/i.test(error.message) ||
    /^E(CONNRESET|PIPE|CONNREFUSED|TIMEDOUT|HOSTUNREACH|NETUNREACH)$/.test(
      String((error as { code?: unknown }).code),
    ))

/**
 * What fails on the connection itself (refused, reset, ended mid-query, connect timeout) is marked, so it
 * becomes a 503 database-unavailable rather than a 500 (db/errors.ts).
 */
class ServerClient extends PreparingClient {
  constructor(config?: string | pg.ClientConfig) {
    super(config)
    // A socket error on a checked-out client rejects its query (marked below) and is also emitted: without
    // a listener that would be an uncaught exception and the whole process would die with Postgres.
    this.on('error', () => {})
  }

  // biome-ignore lint/suspicious/noExplicitAny: forwards pg's overloads (callback or promise)
  override connect(callback?: any): any {
    if (callback)
      return super.connect((error: Error | undefined) => callback(error && markConnectionError(error)))
    return super.connect().catch((error: unknown) => Promise.reject(markConnectionError(error)))
  }

  // biome-ignore lint/suspicious/noExplicitAny: forwards pg's overloads (callback or promise)
  override query(config: any, values?: any, callback?: any): any {
    const result = super.query(config, values, callback)
    if (callback || typeof result?.then !== 'function') return result
    return result.catch((error: unknown) =>
      Promise.reject(brokenConnection(error) ? markConnectionError(error) : error),
    )
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenedDatabase> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      Client: ServerClient,
      // A Postgres that accepts TCP but does not answer (stopping, overloaded) gives a 503, not a hung request.
      connectionTimeoutMillis: 5000,
    })
    // An idle client whose server went away: the pool drops it and the next request opens a new one.
    pool.on('error', () => {})
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
