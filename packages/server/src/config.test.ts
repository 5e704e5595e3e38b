import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('defaults to embedded PGlite in .openput-data at the repository root, port 3000', () => {
    const config = loadConfig({})
    expect(config.port).toBe(3000)
    expect(config.database.kind).toBe('pglite')
    expect(config.database.kind === 'pglite' && config.database.dataDir).toMatch(/\/\.openput-data$/)
    expect(config.templatesDir).toMatch(/\/put-templates$/)
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('uses Postgres when DATABASE_URL is set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/openput',
      SEED_DEMO: 'true',
    })
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/openput',
      poolSize: 10,
    })
    expect(config.seedDemo).toBe(true)
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ SEED_DEMO: 'peut-être' }, 'SEED_DEMO'],
    [{ MAX_FICHE_BYTES: '12' }, 'MAX_FICHE_BYTES'],
  ])('refuses %o with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name} : `))
  })
})
