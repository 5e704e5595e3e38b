/**
 * The server's only entry point: configuration → database (embedded PGlite or Postgres) → migrations →
 * demo seed when asked (or on an empty embedded database) → HTTP. Shuts down cleanly on SIGINT/SIGTERM.
 */
import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { type Config, ConfigError, loadConfig } from './config.ts'
import { openDatabase } from './db/connect.ts'
import type { Db } from './db/database.ts'
import { DataFolderLockedError } from './db/lock-file.ts'
import { migrateToLatest } from './db/migrate.ts'
import { countOrganisations, listUsersWithSubject } from './db/queries/directory.ts'
import type { DevProvider } from './dev/oidc-dev-provider.ts'
import { createDeps } from './domain/deps.ts'
import { DIGEST_TICK_MS, tickOverdueDigests } from './domain/follow-up/reminders.ts'
import { FREEZE_TICK_MS, tickFreezeReminders } from './domain/lifecycle/freeze-reminders.ts'
import { createOidcClient, type OidcSettings } from './external/oidc.ts'
import { createChromiumPdfRenderer } from './external/pdf.ts'
import { startMailDelivery } from './mail-delivery.ts'
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
    const { settings, devProvider } = await identityProvider(config, database.db)
    // Printing (C2.1, C6.2): Chromium starts on the first print, not here.
    const pdf = createChromiumPdfRenderer()
    // Outbox dispatcher (C6.1 and other notifications): SMTP_URL, or a capture folder in development.
    const mail = await startMailDelivery(config, database.db, (level, message, error) =>
      console[level === 'info' ? 'log' : level](message, ...(error === undefined ? [] : [error])),
    )
    // A periodic job: now, then every `ms`; a failure is logged and the next tick tries again.
    const every = (ms: number, tick: () => Promise<unknown>, failure: string) => {
      const run = () => tick().catch((error: unknown) => console.error(failure, error))
      const timer = setInterval(run, ms)
      timer.unref()
      void run()
      return timer
    }
    // C7.1: overdue-visit digests; every instance ticks, the period claim lets one of them send.
    const digestTimer = every(
      DIGEST_TICK_MS,
      () => tickOverdueDigests(deps),
      'Rappels de visites en retard : envoi impossible',
    )
    // C12.1: reminders before a database freeze; every instance ticks, the mailing claim lets one send.
    const freezeTimer = every(
      FREEZE_TICK_MS,
      () => tickFreezeReminders(deps),
      'Rappels de gel de base : envoi impossible',
    )
    const app = createApp({
      deps,
      limits: config.limits,
      webApps: config.webApps,
      pdf,
      auth: {
        publicOrigin: config.publicOrigin,
        sessions: config.sessions,
        oidc: createOidcClient(settings),
        redirectPath: config.redirectPath,
      },
      logError: (error, c) => console.error(`${c.req.method} ${c.req.path}`, error),
    })
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      console.log(`OpenPUT écoute sur http://${info.address}:${info.port} (API : /api/docs)`)
      console.log(`Application : ${config.publicOrigin}/ · designer : ${config.publicOrigin}/designer/`)
      console.log(`Connexion : ${config.publicOrigin}/auth/login`)
      console.log(`Courriels : ${mail.description}`)
      if (devProvider) {
        console.log(
          `  fournisseur d'identité de DÉVELOPPEMENT sur ${devProvider.issuer} (comptes de démonstration ; Plage / PSC : voir docs/authentication.md)`,
        )
      }
    })
    let stopping = false
    const shutdown = (signal: string) => {
      if (stopping) return
      stopping = true
      console.log(`${signal} reçu : arrêt en cours…`)
      server.close(async () => {
        await devProvider?.close()
        await pdf.close()
        clearInterval(digestTimer)
        clearInterval(freezeTimer)
        await mail.stop()
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

/**
 * The configured provider (Plage / Pro Santé Connect), or in development without one, a real OpenID
 * provider started on loopback with the accounts of this database (loaded only then).
 */
async function identityProvider(
  config: Config,
  db: Db,
): Promise<{ settings: OidcSettings; devProvider?: DevProvider }> {
  if (config.oidc) return { settings: config.oidc }
  const { devClientSettings, startDevProvider } = await import('./dev/oidc-dev-provider.ts')
  const devProvider = await startDevProvider({
    publicOrigin: config.publicOrigin,
    redirectPath: config.redirectPath,
    accounts: async () =>
      (await listUsersWithSubject(db)).map((u) => ({
        subject: u.oidc_subject!,
        displayName: u.display_name,
        email: u.email,
        rpps: u.rpps,
      })),
  })
  return { settings: devClientSettings(devProvider, config.publicOrigin, config.redirectPath), devProvider }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataFolderLockedError) console.error(error.message)
  else console.error('Démarrage impossible :', error)
  process.exitCode = 1
})
