/**
 * Several instances started at once on an empty Postgres database (a deployment's first start behind a
 * load balancer): main.ts migrates at start-up, so the migrators race; each migration must run exactly once.
 */
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { afterAll, describe, expect, it } from 'vitest'
// Test code may use the server's modules by relative path, and its `pg` (not a dependency of this workspace).
import { openDatabase } from '../../packages/server/src/db/connect.ts'
import { MIGRATIONS } from '../../packages/server/src/db/migrations/index.ts'
import { BASE_URL } from './postgres-world.ts'
import { killAll, type ServerProcess, startServer } from './server-process.ts'

/** The little of `pg` used here (its types are not resolvable from this workspace either). */
interface PgClient {
  connect(): Promise<void>
  query(statement: string): Promise<unknown>
  end(): Promise<void>
}
const pg = createRequire(new URL('../../packages/server/package.json', import.meta.url))('pg') as {
  Client: new (options: { connectionString: string }) => PgClient
}
const INSTANCES = 3

/** Runs one statement on the server `BASE_URL` points at (create / drop database). */
async function admin(statement: string) {
  const client = new pg.Client({ connectionString: BASE_URL })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

describe('instances starting together on an empty database', () => {
  const name = `openput_test_${randomBytes(6).toString('hex')}`
  const url = new URL(BASE_URL)
  url.pathname = `/${name}`
  const servers: ServerProcess[] = []

  afterAll(async () => {
    await killAll(servers)
    // The killed servers' backends exit asynchronously: retry the drop for a few seconds.
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        // biome-ignore lint/performance/noAwaitInLoops: retrying until the backends are gone
        return await admin(`drop database if exists ${name}`)
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  }, 30_000)

  it('all start, and each migration is applied exactly once', async () => {
    await admin(`create database ${name}`)
    servers.push(
      ...(await Promise.all(
        Array.from({ length: INSTANCES }, () =>
          startServer({ DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: '2' }),
        ),
      )),
    )
    const applied = servers.map((s) => Number(/(\d+) migration\(s\) appliquée\(s\)/.exec(s.output())?.[1]))
    // One instance migrated; the others waited for its lock and found nothing left to do.
    expect(applied.reduce((a, b) => a + b, 0)).toBe(Object.keys(MIGRATIONS).length)
    const opened = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 })
    try {
      const rows = await opened.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute()
      expect(rows.map((r) => (r as { name: string }).name).sort()).toEqual(Object.keys(MIGRATIONS).sort())
    } finally {
      await opened.close()
    }
    const health = await Promise.all(servers.map((s) => fetch(`${s.url}/api/openapi.json`)))
    expect(health.map((r) => r.status)).toEqual(servers.map(() => 200))
  }, 60_000)
})
