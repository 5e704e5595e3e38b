/**
 * createApp(deps): the whole HTTP API as a Hono app: shared middleware, one route module per resource,
 * the OpenAPI document and its docs page, and the one error handler. No port: main.ts serves it.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi'
import { secureHeaders } from 'hono/secure-headers'
import { DEFAULT_SESSION_POLICY, systemClock } from './domain/auth/session-policy.ts'
import type { Deps } from './domain/deps.ts'
import { problem } from './errors.ts'
import type { PdfRenderer } from './external/pdf.ts'
import { accessRoutes } from './http/access.ts'
import { apiDocsPage } from './http/api-docs.ts'
import type { AppEnv } from './http/app-env.ts'
import { authRoutes } from './http/auth.ts'
import type { AuthOptions } from './http/auth-options.ts'
import { queryRoutes } from './http/data-queries.ts'
import { designerRoutes } from './http/designer.ts'
import { documentRoutes } from './http/documents.ts'
import { exportRoutes } from './http/exports.ts'
import { ficheRoutes } from './http/fiches.ts'
import { followUpRoutes } from './http/follow-up.ts'
import { lifecycleRoutes } from './http/lifecycle.ts'
import { jsonWrites } from './http/middleware/json-writes.ts'
import { requireSession } from './http/middleware/session.ts'
import { patientRoutes } from './http/patients.ts'
import { printingRoutes } from './http/printing.ts'
import { type ErrorLogger, problemErrorHandler, respondWithProblem } from './http/problem-json.ts'
import { programmeRoutes } from './http/programmes.ts'
import { sessionRoutes } from './http/session.ts'
import { signatureRoutes } from './http/signatures.ts'
import { type WebAppsOptions, webApps } from './http/static-apps.ts'
import { migrationRoutes } from './http/template-migration.ts'
import { templateRoutes } from './http/templates.ts'
import { validationHook } from './http/validation-hook.ts'

// Request validation messages are shown to French users.
z.config(z.locales.fr())

export interface AppOptions {
  deps: Deps
  limits?: { templateBytes?: number; ficheBytes?: number }
  /** Where unexpected errors go (never to the client). */
  logError?: ErrorLogger
  /** Sessions and the identity provider; without a provider, sign-in answers 503. */
  auth?: AuthOptions
  /** HTML → PDF engine for printing (C2.1, C6.2); without it, the print routes answer 503. */
  pdf?: PdfRenderer
  /** The built web apps to serve at / and /designer/; without it, the API only. */
  webApps?: WebAppsOptions
}

const DEFAULT_AUTH: AuthOptions = {
  publicOrigin: 'http://localhost:3000',
  sessions: DEFAULT_SESSION_POLICY,
}

const DEFAULT_LIMITS = { templateBytes: 2 * 1024 * 1024, ficheBytes: 1024 * 1024 }

export function createApp(options: AppOptions) {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const logError: ErrorLogger = options.logError ?? (() => {})
  const auth = options.auth ?? DEFAULT_AUTH
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.onError(problemErrorHandler(logError))
  app.notFound((c) =>
    respondWithProblem(c, problem('route-not-found', { path: new URL(c.req.url).pathname })),
  )
  app.use('*', secureHeaders())
  app.use('*', async (c, next) => {
    c.set('deps', options.deps)
    await next()
  })
  if (options.webApps) app.use('*', webApps(options.webApps))
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'OpenPUT API',
      version: '0.1.0',
      description: 'Publication des modèles de PUT et recueil des fiches, avec toutes leurs révisions.',
    },
  })
  app.get('/api/docs', apiDocsPage)
  app.route('/auth', authRoutes(auth))
  app.use('/api/*', jsonWrites(auth.publicOrigin))
  app.use('/api/*', requireSession(auth.sessions, auth.now ?? systemClock))
  return app
    .route('/api', sessionRoutes())
    .route('/api', templateRoutes(limits.templateBytes))
    .route('/api', programmeRoutes())
    .route('/api', migrationRoutes())
    .route('/api', exportRoutes())
    .route('/api', designerRoutes(limits.templateBytes))
    .route('/api', patientRoutes())
    .route('/api', followUpRoutes())
    .route('/api', ficheRoutes(limits.ficheBytes))
    .route('/api', accessRoutes())
    .route('/api', signatureRoutes(auth.now ?? systemClock))
    .route('/api', queryRoutes())
    .route('/api', printingRoutes(options.pdf))
    .route('/api', documentRoutes())
    .route('/api', lifecycleRoutes(options.pdf))
}

export type AppType = ReturnType<typeof createApp>
