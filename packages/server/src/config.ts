/**
 * The server's configuration: the environment parsed once with zod into a frozen Config, with a clear
 * message per bad value. The only reader of process.env, and only main.ts (and the CLI) call it.
 */
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

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
  SEED_DEMO: flag.default(false),
  MAX_TEMPLATE_BYTES: bytes.default(2 * 1024 * 1024),
  MAX_FICHE_BYTES: bytes.default(1024 * 1024),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
})

export interface Config {
  readonly port: number
  readonly host: string
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number }
    | { readonly kind: 'pglite'; readonly dataDir: string }
  readonly templatesDir: string
  readonly seedDemo: boolean
  readonly limits: { readonly templateBytes: number; readonly ficheBytes: number }
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
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze(
      e.DATABASE_URL
        ? { kind: 'postgres' as const, url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
        : { kind: 'pglite' as const, dataDir: e.OPENPUT_DATA_DIR },
    ),
    templatesDir: e.OPENPUT_TEMPLATES_DIR,
    seedDemo: e.SEED_DEMO,
    limits: Object.freeze({ templateBytes: e.MAX_TEMPLATE_BYTES, ficheBytes: e.MAX_FICHE_BYTES }),
  })
}
