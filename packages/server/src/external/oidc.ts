/**
 * The identity provider seen from OpenPUT (Plage, Pro Santé Connect, or the development provider): an
 * interface the auth domain depends on, and its openid-client v6 implementation (PKCE, state, nonce, acr).
 */
import { readFileSync } from 'node:fs'
import * as client from 'openid-client'
import { Agent, fetch as undiciFetch } from 'undici'

export type OidcClientAuth =
  | { method: 'client_secret_basic' | 'client_secret_post'; secret: string }
  /** mTLS at the token endpoint (ANS samples for Pro Santé Connect). */
  | { method: 'tls_client_auth'; certPath: string; keyPath: string }

export interface OidcSettings {
  /** Fetched as given: PSC's discovery document is not at the standard path. */
  discoveryUrl: string
  /** Pinned and compared with the discovered one (a direct well-known URL skips openid-client's check). */
  issuer: string
  clientId: string
  clientAuth: OidcClientAuth
  scope: string
  acrValues: string | undefined
  expectedAcr: string | undefined
  redirectUri: string
  postLogoutRedirectUri: string
  /** Plain http, for a development provider on loopback only. */
  allowInsecureRequests: boolean
}

/** What a login attempt must remember until the callback. */
export interface AuthorizationSecrets {
  state: string
  nonce: string
  codeVerifier: string
}

export interface AuthenticatedIdentity {
  subject: string
  acr: string | undefined
  /** When the provider last authenticated the user (ID token auth_time), if it says. */
  authTime: Date | undefined
  idToken: string
  /** Userinfo claims (PSC: SubjectNameID, names, exercices), kept for display and provisioning. */
  userinfo: Record<string, unknown>
}

export type OidcFailureCode = 'discovery-failed' | 'issuer-mismatch' | 'callback-refused' | 'acr-mismatch'

/** A refused or failed exchange with the provider; `code` says which, `cause` keeps the library's error. */
export class OidcError extends Error {
  constructor(
    readonly code: OidcFailureCode,
    readonly params: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(code, options)
    this.name = 'OidcError'
  }
}

export interface OidcClient {
  /** The provider's authorization URL for a fresh attempt; `stepUp` forces a new authentication. */
  startAuthorization(options: { stepUp: boolean }): Promise<{ url: URL; secrets: AuthorizationSecrets }>
  /** Exchanges the callback's code, checking state, nonce, PKCE, issuer and acr; then reads userinfo. */
  completeAuthorization(
    callbackUrl: URL,
    secrets: AuthorizationSecrets,
    options: { stepUp: boolean },
  ): Promise<AuthenticatedIdentity>
  /** The provider's logout URL, or undefined when it has none. */
  endSessionUrl(idTokenHint: string | undefined): Promise<URL | undefined>
}

function clientAuthentication(auth: OidcClientAuth) {
  if (auth.method === 'tls_client_auth') return client.TlsClientAuth()
  if (auth.method === 'client_secret_post') return client.ClientSecretPost(auth.secret)
  return client.ClientSecretBasic(auth.secret)
}

/** mTLS: every request to the provider presents the client certificate (undici's own fetch and Agent). */
function mtlsFetch(auth: OidcClientAuth): client.CustomFetch | undefined {
  if (auth.method !== 'tls_client_auth') return undefined
  const agent = new Agent({
    connect: { cert: readFileSync(auth.certPath), key: readFileSync(auth.keyPath) },
  })
  return ((url: string, options: client.CustomFetchOptions) =>
    undiciFetch(url, { ...options, dispatcher: agent } as never)) as unknown as client.CustomFetch
}

/** Seconds the ID token's auth_time may lag behind a step-up (clock skew between us and the provider). */
const STEP_UP_TOLERANCE_SECONDS = 60

/**
 * The openid-client implementation. Discovery happens on first use and is retried after a failure, so a
 * provider that is down at start-up does not keep the server from starting.
 */
export function createOidcClient(settings: OidcSettings): OidcClient {
  const customFetch = mtlsFetch(settings.clientAuth)
  let configuration: Promise<client.Configuration> | undefined

  async function discover() {
    let config: client.Configuration
    try {
      config = await client.discovery(
        new URL(settings.discoveryUrl),
        settings.clientId,
        undefined,
        clientAuthentication(settings.clientAuth),
        {
          ...(customFetch ? { [client.customFetch]: customFetch } : {}),
          ...(settings.allowInsecureRequests ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
    } catch (error) {
      throw new OidcError('discovery-failed', { url: settings.discoveryUrl }, { cause: error })
    }
    const issuer = config.serverMetadata().issuer
    if (issuer !== settings.issuer) {
      throw new OidcError('issuer-mismatch', { expected: settings.issuer, discovered: issuer })
    }
    if (customFetch) config[client.customFetch] = customFetch
    return config
  }

  const getConfiguration = () => {
    configuration ??= discover().catch((error: unknown) => {
      configuration = undefined
      throw error
    })
    return configuration
  }

  return {
    async startAuthorization({ stepUp }) {
      const config = await getConfiguration()
      const secrets = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      }
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scope,
        code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
        code_challenge_method: 'S256',
        state: secrets.state,
        nonce: secrets.nonce,
        ...(settings.acrValues ? { acr_values: settings.acrValues } : {}),
        ...(stepUp ? { prompt: 'login', max_age: '0' } : {}),
      })
      return { url, secrets }
    },

    async completeAuthorization(callbackUrl, secrets, { stepUp }) {
      const config = await getConfiguration()
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>
      try {
        tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: secrets.codeVerifier,
          expectedState: secrets.state,
          expectedNonce: secrets.nonce,
          idTokenExpected: true,
          // A step-up must carry a fresh auth_time (max_age=0 was asked for).
          ...(stepUp ? { maxAge: STEP_UP_TOLERANCE_SECONDS } : {}),
        })
      } catch (error) {
        throw new OidcError('callback-refused', { library: describe(error) }, { cause: error })
      }
      const claims = tokens.claims()!
      const acr = typeof claims.acr === 'string' ? claims.acr : undefined
      if (settings.expectedAcr && acr !== settings.expectedAcr) {
        throw new OidcError('acr-mismatch', { expected: settings.expectedAcr, received: acr ?? null })
      }
      let userinfo: Record<string, unknown> = {}
      if (config.serverMetadata().userinfo_endpoint) {
        try {
          userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
        } catch (error) {
          throw new OidcError('callback-refused', { library: describe(error) }, { cause: error })
        }
      }
      return {
        subject: claims.sub,
        acr,
        authTime: typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : undefined,
        idToken: tokens.id_token!,
        userinfo,
      }
    },

    async endSessionUrl(idTokenHint) {
      const config = await getConfiguration()
      if (!config.serverMetadata().end_session_endpoint) return undefined
      return client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: settings.postLogoutRedirectUri,
        client_id: settings.clientId,
        ...(idTokenHint ? { id_token_hint: idTokenHint } : {}),
      })
    },
  }
}

/** The library's error code (e.g. OAUTH_JWT_CLAIM_COMPARISON_FAILED) and message, for the logs. */
function describe(error: unknown) {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}
