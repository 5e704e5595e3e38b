/**
 * The real server (main.ts as a child process) for browser tests: a fresh database (a new PGlite folder,
 * or a new Postgres database when DATABASE_URL is set), the demo directory and templates seeded, the
 * development OpenID provider, and this run's builds of the web apps.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { openPostgresTestDatabase, type TestDatabase } from '../../packages/server/test/harness.ts'
import { type ServerProcess, startServer } from '../reliability/server-process.ts'

export interface AppServer {
  /** What the browser opens: the server's public origin (localhost, as the server's default). */
  origin: string
  process: ServerProcess
  backend: 'pglite' | 'postgres'
  stop(): Promise<void>
}

export async function startAppServer(): Promise<AppServer> {
  const web = inject('webApps')
  const dataDir = await mkdtemp(join(tmpdir(), 'openput-browser-'))
  let database: TestDatabase | undefined
  if (process.env.DATABASE_URL) database = await openPostgresTestDatabase(process.env.DATABASE_URL, 2)
  const env: Record<string, string> = {
    OPENPUT_DATA_DIR: dataDir,
    OPENPUT_RUNTIME_DIST: web.runtimeDir,
    OPENPUT_DESIGNER_DIST: web.designerDir,
    SEED_DEMO: 'true',
    ...(database?.url ? { DATABASE_URL: database.url, DATABASE_POOL_SIZE: '4' } : {}),
  }
  let server: ServerProcess
  try {
    server = await startServer(env, 60_000)
  } catch (error) {
    await database?.close().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
  return {
    origin: `http://localhost:${server.port}`,
    process: server,
    backend: database ? 'postgres' : 'pglite',
    async stop() {
      await server.stop('SIGTERM')
      await database?.close().catch(() => {})
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
