/**
 * The embedded database folder has one owner: a second server on the same OPENPUT_DATA_DIR is refused fast
 * with a clear message, the first keeps serving, and its data survives a clean restart and a crash.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// Test code may use the server's modules and test harness by relative path: opening the folder from this
// process (before and after the servers) is how the test builds its fixtures and checks the data at rest.
import { openDatabase } from '../../packages/server/src/db/connect.ts'
import { migrateToLatest } from '../../packages/server/src/db/migrate.ts'
import { createDeps } from '../../packages/server/src/domain/deps.ts'
import { buildWorld, openTestSession } from '../../packages/server/test/harness.ts'
import { apiClient, openFiche, validFat } from './api-client.ts'
import { chainDefects, readChains } from './revision-chain.ts'
import { freePort, killAll, type ServerProcess, spawnServer, startServer } from './server-process.ts'

/** A refusal is "fast" if it comes well before a normal start would (tsx start-up included, on 2 cores). */
const REFUSAL_MS = 10_000

describe('PGlite data folder lock', () => {
  const root = mkdtempSync(join(tmpdir(), 'openput-lock-'))
  const dataDir = join(root, 'data')
  const emptyTemplates = join(root, 'templates')
  const env = { OPENPUT_DATA_DIR: dataDir, OPENPUT_TEMPLATES_DIR: emptyTemplates }
  const servers: (ServerProcess | undefined)[] = []
  let cookie = ''
  let establishmentA = ''
  let programme = ''

  beforeAll(async () => {
    mkdirSync(emptyTemplates)
    // Fixtures through the domain, in the folder the servers will open (then released for them).
    const opened = await openDatabase({ kind: 'pglite', dataDir })
    try {
      await migrateToLatest(opened.db)
      const deps = createDeps(opened.db)
      const world = await buildWorld(deps)
      cookie = (await openTestSession(deps, world.prescriberA)).cookie
      establishmentA = world.establishmentA
      programme = world.programme
    } finally {
      await opened.close()
    }
  }, 60_000)
  afterAll(async () => {
    await killAll(servers)
    rmSync(root, { recursive: true, force: true })
  }, 30_000)

  it('a second process is refused fast and clearly; the first keeps serving and its data survives restarts', async () => {
    const first = await startServer(env)
    servers.push(first)
    const call = apiClient(first.url, cookie)
    const fiche = await openFiche(call, establishmentA, programme, { sexe: 'F' })

    const started = Date.now()
    const second = spawnServer(env, await freePort())
    servers.push(second)
    const code = await Promise.race([
      second.exited,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), REFUSAL_MS)),
    ])
    expect(code).toBe(1)
    expect(Date.now() - started).toBeLessThan(REFUSAL_MS)
    expect(second.output()).toContain(`déjà utilisé par le processus ${first.child.pid}`)
    expect(second.output()).toContain('DATABASE_URL')
    expect(second.output()).not.toContain('OpenPUT écoute')

    // The first process never noticed: it still reads and writes.
    const saved = await call('PUT', `/api/fiches/${fiche.id}/draft`, {
      baseRevisionId: fiche.head.id,
      data: validFat(1),
    })
    expect(saved.status).toBe(200)

    expect(await first.stop('SIGTERM')).toBe(0)
    expect(first.output()).toContain('Arrêt terminé.')
    expect(existsSync(`${dataDir}.lock`)).toBe(false)

    const restarted = await startServer(env)
    servers.push(restarted)
    const read = await apiClient(restarted.url, cookie)('GET', `/api/fiches/${fiche.id}/revisions`)
    expect(read.body.map((r: { id: string; data: unknown }) => [r.id, r.data])).toEqual([
      [fiche.head.id, { sexe: 'F' }],
      [saved.body.head.id, validFat(1)],
    ])

    // A crash leaves the lock behind; the next start takes it over (its process is gone) and finds the data.
    expect(await restarted.stop('SIGKILL')).toBe('SIGKILL')
    expect(existsSync(`${dataDir}.lock`)).toBe(true)
    const afterCrash = await startServer(env)
    servers.push(afterCrash)
    const again = await apiClient(afterCrash.url, cookie)('GET', `/api/fiches/${fiche.id}`)
    expect(again.body.head).toMatchObject({ id: saved.body.head.id, data: validFat(1) })
    expect(await afterCrash.stop('SIGTERM')).toBe(0)

    const opened = await openDatabase({ kind: 'pglite', dataDir })
    try {
      expect((await readChains(opened.db, [fiche.id])).get(fiche.id)!.map((r) => r.id)).toEqual([
        fiche.head.id,
        saved.body.head.id,
      ])
      expect(await chainDefects(opened.db)).toEqual([])
    } finally {
      await opened.close()
    }
  }, 90_000)
})
