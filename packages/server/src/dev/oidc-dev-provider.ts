/**
 * The development identity provider: a real OpenID provider (panva's oidc-provider) on 127.0.0.1 with the
 * demo accounts, shaped like Pro Santé Connect (scope_all, acr eidas1). Never started in production.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type Configuration } from 'oidc-provider'
import type { OidcSettings } from '../external/oidc.ts'

export interface DevAccount {
  /** The OIDC subject (PSC: the national RPPS/ADELI id). */
  subject: string
  displayName: string
  email?: string | undefined
  rpps?: string | null | undefined
}

export interface DevProviderOptions {
  /** Where OpenPUT is reached: its callback and post-logout pages must be registered. */
  publicOrigin: string
  redirectPath?: string
  /** Read at each login page, so accounts created after start-up appear. */
  accounts: () => Promise<DevAccount[]>
  /** The acr the provider asserts; tests use another value to prove the client refuses it. */
  acr?: string
}

export interface DevProvider {
  issuer: string
  discoveryUrl: string
  clientId: string
  clientSecret: string
  close(): Promise<void>
}

const CLIENT_ID = 'openput-dev'
const SCOPE = 'openid scope_all'

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function loginPage(uid: string, accounts: DevAccount[], stepUp: boolean) {
  const choices = accounts
    .map(
      (a) => `<li><button name="sub" value="${escapeHtml(a.subject)}">${escapeHtml(a.displayName)}</button>
        <small>${escapeHtml(a.subject)}</small></li>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Fournisseur d'identité de développement</title></head>
<body><main>
<h1>Fournisseur d'identité de développement</h1>
<p>Remplace Plage / Pro Santé Connect sur ce poste. ${stepUp ? '<strong>Nouvelle authentification demandée.</strong> ' : ''}
Choisissez le compte de démonstration avec lequel vous connecter. En continuant, vous autorisez OpenPUT
à connaître votre identité professionnelle.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><ul>
${choices || '<li>Aucun compte de démonstration : lancez le serveur avec SEED_DEMO=true.</li>'}
</ul></form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button>Annuler</button></form>
</main></body></html>`
}

async function readForm(req: IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

/** Starts the provider on a free loopback port. */
export async function startDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clientSecret = randomBytes(24).toString('base64url')
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const acr = options.acr ?? 'eidas1'

  const findAccount = async (subject: string) => (await options.accounts()).find((a) => a.subject === subject)

  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [`${options.publicOrigin}${options.redirectPath ?? '/auth/callback'}`],
        post_logout_redirect_uris: [`${options.publicOrigin}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'scope_all'],
    claims: {
      openid: ['sub'],
      scope_all: ['SubjectNameID', 'given_name', 'family_name', 'email', 'name'],
    },
    acrValues: ['eidas1', 'eidas-faible'],
    findAccount: async (_ctx, sub) => {
      const account = await findAccount(sub)
      if (!account) return undefined
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: account.displayName,
          email: account.email,
          SubjectNameID: account.rpps ?? sub,
        }),
      }
    },
    // First-party client: consent is given on the login page, so every login gets its grant.
    loadExistingGrant: async (ctx) => {
      const { session, client, provider } = ctx.oidc
      if (!session?.accountId || !client) return undefined
      const grantId = session.grantIdFor(client.clientId)
      const existing = grantId ? await provider.Grant.find(grantId) : undefined
      if (existing) return existing
      const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId })
      grant.addOIDCScope(SCOPE)
      await grant.save()
      return grant
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    pkce: { required: () => true },
    ttl: { Session: 12 * 3600, Interaction: 600, Grant: 12 * 3600, AccessToken: 600, IdToken: 3600 },
  }
  const provider = new Provider(issuer, configuration)
  const providerCallback = provider.callback()

  async function interaction(req: IncomingMessage, res: ServerResponse, action: string | undefined) {
    const details = await provider.interactionDetails(req, res)
    if (req.method === 'GET' && action === undefined) {
      const stepUp = details.params.prompt === 'login' || details.params.max_age === '0'
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      res.end(loginPage(details.uid, await options.accounts(), stepUp))
      return
    }
    if (req.method === 'POST' && action === 'login') {
      const sub = (await readForm(req)).get('sub') ?? ''
      if (!(await findAccount(sub))) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        res.end('Compte inconnu.')
        return
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: sub, acr, amr: ['pwd'] } },
        {
          mergeWithLastSubmission: false,
        },
      )
      return
    }
    if (req.method === 'POST' && action === 'abort') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: "Connexion annulée par l'utilisateur" },
        { mergeWithLastSubmission: false },
      )
      return
    }
    res.writeHead(404).end()
  }

  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(req.url?.split('?')[0] ?? '')
    if (!match) {
      providerCallback(req, res)
      return
    }
    interaction(req, res, match[2]).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`Interaction impossible : ${error instanceof Error ? error.message : String(error)}`)
    })
  })

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    clientId: CLIENT_ID,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The client settings that point OpenPUT at a running development provider. */
export const devClientSettings = (
  dev: DevProvider,
  publicOrigin: string,
  redirectPath = '/auth/callback',
): OidcSettings => ({
  discoveryUrl: dev.discoveryUrl,
  issuer: dev.issuer,
  clientId: dev.clientId,
  clientAuth: { method: 'client_secret_basic', secret: dev.clientSecret },
  scope: SCOPE,
  acrValues: 'eidas1',
  expectedAcr: 'eidas1',
  redirectUri: `${publicOrigin}${redirectPath}`,
  postLogoutRedirectUri: `${publicOrigin}/`,
  allowInsecureRequests: true,
})
