/**
 * The server's configuration: the environment parsed once with zod into a frozen Config, with a clear
 * message per bad value. The only reader of process.env, and only main.ts (and the CLI) call it.
 */
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { SessionPolicy } from './domain/auth/session-policy.ts'
import type { OidcClientAuth, OidcSettings } from './external/oidc.ts'

/** Repository root, for defaults that must not depend on the directory the process starts in. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''], { error: 'valeur attendue : true ou false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const bytes = z.coerce
  .number({ error: "nombre d'octets attendu" })
  .int({ error: "nombre entier d'octets attendu" })
  .min(1024, { error: 'au moins 1024 octets' })
  .max(64 * 1024 * 1024, { error: 'au plus 64 Mo' })

/** A bare origin (scheme, host, port): what browsers send in the Origin header. */
const origin = z
  .url({ protocol: /^https?$/, error: 'origine attendue, par exemple https://openput.example.fr' })
  .refine((v) => new URL(v).origin === v.replace(/\/$/, ''), {
    error: 'origine attendue, sans chemin ni paramètres',
  })
  .transform((v) => new URL(v).origin)

const Env = z.object({
  PORT: z.coerce
    .number({ error: 'numéro de port attendu' })
    .int({ error: 'numéro de port entier attendu' })
    .min(1, { error: 'port entre 1 et 65535' })
    .max(65535, { error: 'port entre 1 et 65535' })
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      error: 'URL attendue de la forme postgres://utilisateur@hôte:port/base',
    })
    .optional(),
  OPENPUT_DATA_DIR: z.string().min(1).default(`${REPO_ROOT}.openput-data`),
  OPENPUT_TEMPLATES_DIR: z.string().min(1).default(`${REPO_ROOT}put-templates`),
  OPENPUT_RUNTIME_DIST: z.string().min(1).default(`${REPO_ROOT}packages/runtime/dist`),
  OPENPUT_DESIGNER_DIST: z.string().min(1).default(`${REPO_ROOT}packages/designer/dist-ui`),
  SEED_DEMO: flag.default(false),
  MAX_TEMPLATE_BYTES: bytes.default(2 * 1024 * 1024),
  MAX_FICHE_BYTES: bytes.default(1024 * 1024),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  OPENPUT_MODE: z
    .enum(['production', 'development'], { error: 'valeur attendue : production ou development' })
    .default('development'),
  PUBLIC_ORIGIN: origin.optional(),
  OIDC_DISCOVERY_URL: z.url({ error: 'URL attendue' }).optional(),
  OIDC_ISSUER: z.url({ error: 'URL attendue' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_CLIENT_AUTH: z
    .enum(['client_secret_basic', 'client_secret_post', 'tls_client_auth'], {
      error: 'valeur attendue : client_secret_basic, client_secret_post ou tls_client_auth',
    })
    .optional(),
  OIDC_TLS_CERT: z.string().min(1).optional(),
  OIDC_TLS_KEY: z.string().min(1).optional(),
  OIDC_SCOPE: z.string().min(1).default('openid scope_all'),
  OIDC_ACR_VALUES: z.string().min(1).optional(),
  OIDC_EXPECTED_ACR: z.string().min(1).optional(),
  // Served by the /auth routes, hence the prefix; the provider must have this exact URL registered.
  OIDC_REDIRECT_PATH: z
    .string()
    .regex(/^\/auth\/[a-z0-9-]+$/, { error: 'chemin attendu de la forme /auth/callback' })
    .default('/auth/callback'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'URL attendue de la forme smtp://hôte:port ou smtps://hôte:port' })
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, {
      error: 'adresse attendue, par exemple OpenPUT <ne-pas-repondre@openput.example.fr>',
    })
    .optional(),
  OPENPUT_MAIL_CAPTURE_DIR: z.string().min(1).default(`${REPO_ROOT}.openput-mails`),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
})

type ParsedEnv = z.infer<typeof Env>

export interface Config {
  readonly port: number
  readonly host: string
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number }
    | { readonly kind: 'pglite'; readonly dataDir: string }
  readonly templatesDir: string
  /** The web apps' build folders (`pnpm build`), served at / and /designer/. */
  readonly webApps: { readonly runtimeDir: string; readonly designerDir: string }
  readonly seedDemo: boolean
  readonly limits: { readonly templateBytes: number; readonly ficheBytes: number }
  readonly mode: 'production' | 'development'
  /** Where browsers reach the app (behind a proxy the request URL is not it): cookies, redirects, CSRF. */
  readonly publicOrigin: string
  /** The identity provider; undefined only in development, where main.ts starts a local one. */
  readonly oidc: OidcSettings | undefined
  readonly sessions: SessionPolicy
  readonly redirectPath: string
  /**
   * Outgoing mail (docs/mail.md). No smtpUrl only in development: main.ts then starts a capture server
   * that writes every mail to captureDir.
   */
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string; readonly captureDir: string }
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Configuration invalide :\n${issues.map((i) => `  - ${i}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Empty variables count as unset, as in most shells' `VAR= command`. */
const withoutEmpty = (env: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== '' || k === 'SEED_DEMO'))

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = Env.safeParse(withoutEmpty(env))
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} : ${issue.message}`))
  }
  const e = parsed.data
  const issues: string[] = []
  const publicOrigin = e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`
  if (e.OPENPUT_MODE === 'production') {
    if (!e.PUBLIC_ORIGIN) issues.push('PUBLIC_ORIGIN : obligatoire en production')
    else if (!publicOrigin.startsWith('https://'))
      issues.push('PUBLIC_ORIGIN : https obligatoire en production')
  }
  const oidc = oidcSettings(e, publicOrigin, issues)
  if (e.OPENPUT_MODE === 'production') {
    if (!e.SMTP_URL) issues.push('SMTP_URL : obligatoire en production (notifications, C6.1)')
    if (!e.MAIL_FROM) issues.push('MAIL_FROM : obligatoire en production')
  }
  if (issues.length > 0) throw new ConfigError(issues)
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze(
      e.DATABASE_URL
        ? { kind: 'postgres' as const, url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
        : { kind: 'pglite' as const, dataDir: e.OPENPUT_DATA_DIR },
    ),
    templatesDir: e.OPENPUT_TEMPLATES_DIR,
    webApps: Object.freeze({ runtimeDir: e.OPENPUT_RUNTIME_DIST, designerDir: e.OPENPUT_DESIGNER_DIST }),
    seedDemo: e.SEED_DEMO,
    limits: Object.freeze({ templateBytes: e.MAX_TEMPLATE_BYTES, ficheBytes: e.MAX_FICHE_BYTES }),
    mode: e.OPENPUT_MODE,
    publicOrigin,
    oidc,
    redirectPath: e.OIDC_REDIRECT_PATH,
    mail: Object.freeze({
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? 'OpenPUT <ne-pas-repondre@localhost>',
      captureDir: e.OPENPUT_MAIL_CAPTURE_DIR,
    }),
    sessions: Object.freeze({
      idleSeconds: e.SESSION_IDLE_MINUTES * 60,
      absoluteSeconds: e.SESSION_ABSOLUTE_HOURS * 3600,
    }),
  })
}

const OIDC_VARIABLES = ['OIDC_DISCOVERY_URL', 'OIDC_ISSUER', 'OIDC_CLIENT_ID'] as const

/**
 * The identity provider settings: all or nothing. Production requires them (Plage / Pro Santé Connect);
 * development without them gets the local provider from main.ts.
 */
function oidcSettings(e: ParsedEnv, publicOrigin: string, issues: string[]): OidcSettings | undefined {
  const anySet = OIDC_VARIABLES.some((k) => e[k] !== undefined)
  if (!anySet && e.OPENPUT_MODE === 'development') return undefined
  for (const k of OIDC_VARIABLES) {
    if (e[k] === undefined)
      issues.push(`${k} : obligatoire ${anySet ? 'avec les autres OIDC_*' : 'en production'}`)
  }
  const method = e.OIDC_CLIENT_AUTH ?? (e.OIDC_TLS_CERT ? 'tls_client_auth' : 'client_secret_basic')
  let clientAuth: OidcClientAuth | undefined
  if (method === 'tls_client_auth') {
    if (!e.OIDC_TLS_CERT || !e.OIDC_TLS_KEY)
      issues.push('OIDC_TLS_CERT / OIDC_TLS_KEY : certificat et clé obligatoires avec tls_client_auth')
    else clientAuth = { method, certPath: e.OIDC_TLS_CERT, keyPath: e.OIDC_TLS_KEY }
  } else if (!e.OIDC_CLIENT_SECRET) {
    issues.push(`OIDC_CLIENT_SECRET : obligatoire avec ${method}`)
  } else clientAuth = { method, secret: e.OIDC_CLIENT_SECRET }
  if (e.OPENPUT_MODE === 'production') {
    for (const k of ['OIDC_DISCOVERY_URL', 'OIDC_ISSUER'] as const) {
      if (e[k] && !e[k].startsWith('https://')) issues.push(`${k} : https obligatoire en production`)
    }
  }
  if (!e.OIDC_DISCOVERY_URL || !e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !clientAuth) return undefined
  return Object.freeze({
    discoveryUrl: e.OIDC_DISCOVERY_URL,
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientAuth,
    scope: e.OIDC_SCOPE,
    acrValues: e.OIDC_ACR_VALUES,
    // Asking for a level is not getting it: by default the level asked for is the level required.
    expectedAcr: e.OIDC_EXPECTED_ACR ?? e.OIDC_ACR_VALUES,
    redirectUri: `${publicOrigin}${e.OIDC_REDIRECT_PATH}`,
    postLogoutRedirectUri: `${publicOrigin}/`,
    // Plain http only towards a development provider on this machine.
    allowInsecureRequests:
      e.OPENPUT_MODE === 'development' && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(e.OIDC_DISCOVERY_URL),
  })
}
