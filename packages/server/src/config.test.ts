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

describe('loadConfig: authentication', () => {
  const PSC = {
    OIDC_DISCOVERY_URL:
      'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/.well-known/wallet-openid-configuration',
    OIDC_ISSUER: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet',
    OIDC_CLIENT_ID: 'openput',
    OIDC_CLIENT_SECRET: 'secret',
    OIDC_ACR_VALUES: 'eidas1',
  }
  /** Production also requires outgoing mail (C6.1). */
  const MAIL = {
    SMTP_URL: 'smtp://smtp.example.fr:587',
    MAIL_FROM: 'OpenPUT <ne-pas-repondre@openput.example.fr>',
  }

  it('development without a provider: no OIDC settings (main.ts starts the local provider)', () => {
    const config = loadConfig({ PORT: '4000' })
    expect(config.mode).toBe('development')
    expect(config.oidc).toBeUndefined()
    expect(config.publicOrigin).toBe('http://localhost:4000')
    expect(config.sessions).toEqual({ idleSeconds: 1800, absoluteSeconds: 43200 })
  })

  it('C3.2: production with Pro Santé Connect: non-standard discovery URL, pinned issuer, acr eidas1 required', () => {
    const config = loadConfig({
      OPENPUT_MODE: 'production',
      PUBLIC_ORIGIN: 'https://openput.example.fr',
      ...MAIL,
      ...PSC,
    })
    expect(config.oidc).toMatchObject({
      discoveryUrl: PSC.OIDC_DISCOVERY_URL,
      issuer: PSC.OIDC_ISSUER,
      clientAuth: { method: 'client_secret_basic', secret: 'secret' },
      scope: 'openid scope_all',
      acrValues: 'eidas1',
      expectedAcr: 'eidas1',
      redirectUri: 'https://openput.example.fr/auth/callback',
      allowInsecureRequests: false,
    })
  })

  it('C3.2: mTLS client authentication takes a certificate and key instead of a secret', () => {
    const { OIDC_CLIENT_SECRET: _, ...rest } = PSC
    const config = loadConfig({
      OPENPUT_MODE: 'production',
      PUBLIC_ORIGIN: 'https://openput.example.fr',
      ...MAIL,
      ...rest,
      OIDC_CLIENT_AUTH: 'tls_client_auth',
      OIDC_TLS_CERT: '/etc/openput/psc.crt',
      OIDC_TLS_KEY: '/etc/openput/psc.key',
    })
    expect(config.oidc?.clientAuth).toEqual({
      method: 'tls_client_auth',
      certPath: '/etc/openput/psc.crt',
      keyPath: '/etc/openput/psc.key',
    })
  })

  it.each([
    [{ OPENPUT_MODE: 'production' }, /PUBLIC_ORIGIN : obligatoire[\s\S]*OIDC_DISCOVERY_URL : obligatoire/],
    [
      { OPENPUT_MODE: 'production', PUBLIC_ORIGIN: 'http://openput.example.fr', ...PSC },
      /PUBLIC_ORIGIN : https/,
    ],
    [
      { OPENPUT_MODE: 'production', PUBLIC_ORIGIN: 'https://o.example.fr', ...PSC, OIDC_CLIENT_SECRET: '' },
      /OIDC_CLIENT_SECRET/,
    ],
    [{ OIDC_DISCOVERY_URL: PSC.OIDC_DISCOVERY_URL }, /OIDC_ISSUER : obligatoire avec les autres OIDC_\*/],
    [{ ...PSC, OIDC_CLIENT_AUTH: 'tls_client_auth' }, /OIDC_TLS_CERT/],
    [{ PUBLIC_ORIGIN: 'https://openput.example.fr/app' }, /PUBLIC_ORIGIN : origine attendue/],
    [{ ...PSC, OIDC_REDIRECT_PATH: '//evil.example' }, /OIDC_REDIRECT_PATH/],
    [{ OPENPUT_MODE: 'test' }, /OPENPUT_MODE/],
  ])('refuses an incomplete or unsafe authentication setup: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message)
  })
})

describe('loadConfig: mail', () => {
  it('development without SMTP_URL: no server (main.ts captures mails in a folder) and a default sender', () => {
    const config = loadConfig({})
    expect(config.mail.smtpUrl).toBeUndefined()
    expect(config.mail.from).toBe('OpenPUT <ne-pas-repondre@localhost>')
    expect(config.mail.captureDir).toMatch(/\/\.openput-mails$/)
  })

  it('takes an SMTP URL and a sender with a display name', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://smtp.example.fr:465',
      MAIL_FROM: 'OpenPUT <a@example.fr>',
    })
    expect(config.mail).toMatchObject({
      smtpUrl: 'smtps://smtp.example.fr:465',
      from: 'OpenPUT <a@example.fr>',
    })
  })

  it.each([
    [{ SMTP_URL: 'http://smtp.example.fr' }, /SMTP_URL : URL attendue/],
    [{ MAIL_FROM: 'OpenPUT <a@example.fr>\r\nBcc: x@evil.example' }, /MAIL_FROM : adresse attendue/],
    [
      { OPENPUT_MODE: 'production', PUBLIC_ORIGIN: 'https://o.example.fr' },
      /SMTP_URL : obligatoire en production/,
    ],
    [
      { OPENPUT_MODE: 'production', PUBLIC_ORIGIN: 'https://o.example.fr' },
      /MAIL_FROM : obligatoire en production/,
    ],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message)
  })
})
