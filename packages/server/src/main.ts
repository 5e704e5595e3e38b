/**
 * The server's only entry point: configuration → database (embedded PGlite or Postgres) → migrations →
 * demo seed when asked (or on an empty embedded database) → HTTP. Shuts down cleanly on SIGINT/SIGTERM.
 */
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { openDatabase } from './db/connect.ts'
import { DataFolderLockedError } from './db/lock-file.ts'
import { migrateToLatest } from './db/migrate.ts'
import { countOrganisations } from './db/queries/directory.ts'
import { createDeps } from './domain/deps.ts'
import { seedDemo } from './seed/seed.ts'

async function main() {
  const config = loadConfig(process.env)
  const database = await openDatabase(config.database)
  const where = config.database.kind === 'pglite' ? `PGlite (${config.database.dataDir})` : 'PostgreSQL'
  try {
    const { applied } = await migrateToLatest(database.db)
    console.log(`Base de données ${where} : ${applied.length} migration(s) appliquée(s).`)
    const deps = createDeps(database.db)
    const emptyEmbedded = config.database.kind === 'pglite' && (await countOrganisations(database.db)) === 0
    if (config.seedDemo || emptyEmbedded) {
      const report = await seedDemo(deps, config.templatesDir)
      console.log(
        `Données de démonstration : annuaire ${report.directory === 'created' ? 'créé' : 'déjà présent'}, ${report.published.length} modèle(s) publié(s).`,
      )
      for (const s of report.skipped) console.warn(`  modèle non publié ${s.file} : ${s.reason}`)
    }
    const app = createApp({
      deps,
      limits: config.limits,
      logError: (error, c) => console.error(`${c.req.method} ${c.req.path}`, error),
    })
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      console.log(`OpenPUT écoute sur http://${info.address}:${info.port} (API : /api/docs)`)
    })
    let stopping = false
    const shutdown = (signal: string) => {
      if (stopping) return
      stopping = true
      console.log(`${signal} reçu : arrêt en cours…`)
      server.close(async () => {
        await database.close()
        console.log('Arrêt terminé.')
        process.exit(0)
      })
      // Idle keep-alive connections would hold close() open forever.
      ;(server as { closeIdleConnections?: () => void }).closeIdleConnections?.()
    }
    process.on('SIGINT', () => shutdown('SIGINT'))
    process.on('SIGTERM', () => shutdown('SIGTERM'))
  } catch (error) {
    await database.close()
    throw error
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataFolderLockedError) console.error(error.message)
  else console.error('Démarrage impossible :', error)
  process.exitCode = 1
})
