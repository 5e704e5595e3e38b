/**
 * Serves the two web apps from their Vite build folders: the runtime at `/` and the designer at
 * `/designer/`, with a fallback to the app's index.html for client-side routes (never for /api or /auth).
 * Hashed assets are cached for a year; index.html is revalidated on every load so a deployment is picked
 * up at once. A missing build folder answers a French page saying to run `pnpm build`.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Context, MiddlewareHandler } from 'hono'
import { html } from 'hono/html'

export interface WebAppsOptions {
  /** Build folder of the runtime (packages/runtime/dist). */
  runtimeDir: string
  /** Build folder of the designer app (packages/designer/dist-ui). */
  designerDir: string
}

/**
 * ajv (inside JSON Forms) compiles validators with `new Function`, hence 'unsafe-eval' (stack notes §1.2).
 * No form-action: signing out posts to /auth/logout, which redirects to the identity provider's logout.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ')

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

const isServerPath = (path: string) => /^\/(api|auth)(\/|$)/.test(path)

/** A last path segment with a dot names a file: a missing one is a 404, not the app's index. */
const looksLikeFile = (path: string) => /\.[a-z0-9]+$/i.test(path.split('/').pop() ?? '')

interface Mounted {
  prefix: '' | '/designer'
  dir: string
  label: string
  /** Created on the first request that finds the build (serveStatic complains about a missing root). */
  serve?: MiddlewareHandler
}

const mount = (prefix: Mounted['prefix'], dir: string, label: string): Mounted => ({ prefix, dir, label })

const withinApp = (prefix: Mounted['prefix'], path: string) =>
  prefix ? path.slice(prefix.length) || '/' : path

function fileServer({ prefix, dir }: Mounted): MiddlewareHandler {
  return serveStatic({ root: dir, rewriteRequestPath: (path) => withinApp(prefix, path) })
}

function missingBuildPage(c: Context, app: Mounted) {
  const page = html`<!doctype html>
<html lang="fr">
  <head><meta charset="utf-8"><title>Application non construite — OpenPUT</title></head>
  <body>
    <main>
      <h1>${app.label} : application non construite</h1>
      <p>Le dossier <code>${app.dir}</code> est absent ou incomplet.</p>
      <p>Construisez les applications web avec <code>pnpm build</code> (fait automatiquement par
      <code>pnpm start</code>), puis rechargez cette page.</p>
      <p>L’API reste disponible : <a href="/api/docs">/api/docs</a>.</p>
    </main>
  </body>
</html>`
  return c.html(page, 503, { 'cache-control': 'no-store' })
}

export function webApps(options: WebAppsOptions): MiddlewareHandler {
  const runtime = mount('', options.runtimeDir, 'Application de saisie')
  const designer = mount('/designer', options.designerDir, 'Designer')
  return async function staticApps(c, next) {
    const path = c.req.path
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || isServerPath(path)) return next()
    if (path === '/designer') return c.redirect('/designer/', 301)
    const app = path.startsWith('/designer/') ? designer : runtime
    const index = join(app.dir, 'index.html')
    if (!existsSync(index)) return missingBuildPage(c, app)
    app.serve ??= fileServer(app)
    const served = await app.serve(c, async () => {})
    if (served) {
      // Vite names what is under assets/ by content hash: a new build means new names.
      const hashed = withinApp(app.prefix, path).startsWith('/assets/')
      served.headers.set('cache-control', hashed ? IMMUTABLE : REVALIDATE)
      served.headers.set('content-security-policy', WEB_APP_CSP)
      return served
    }
    if (looksLikeFile(path)) return next()
    // A client-side route (/fiches/…): the app's page, whose router shows the screen.
    return c.html(await readFile(index, 'utf8'), 200, {
      'cache-control': REVALIDATE,
      'content-security-policy': WEB_APP_CSP,
    })
  }
}
