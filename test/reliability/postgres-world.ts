/**
 * A fresh Postgres database for one reliability suite, migrated and populated through the domain, with a
 * session for the prescriber that server processes started on the same database will accept.
 */
// Test code may reach into the server's test harness by relative path: it is the one place that knows how to
// create (and drop) a migrated test database and build fixtures through the domain commands.
import {
  buildWorld,
  openPostgresTestDatabase,
  openTestSession,
  type TestDatabase,
  type World,
} from '../../packages/server/test/harness.ts'

/** DATABASE_URL when set, else the local Postgres; each suite works in a database of its own. */
export const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface PostgresWorld {
  t: TestDatabase & { url: string }
  world: World
  /** Cookie header of a session of `world.prescriberA`. */
  cookie: string
}

export async function openPostgresWorld(poolSize = 4): Promise<PostgresWorld> {
  const t = await openPostgresTestDatabase(BASE_URL, poolSize)
  try {
    const world = await buildWorld(t.deps)
    const { cookie } = await openTestSession(t.deps, world.prescriberA)
    return { t: t as TestDatabase & { url: string }, world, cookie }
  } catch (error) {
    await t.close() // the database would otherwise outlive a failed setup
    throw error
  }
}
