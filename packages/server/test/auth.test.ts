/**
 * Sign-in end to end against a real OpenID provider on loopback (the development provider): the whole
 * redirect dance, every check the callback makes, sessions' expiry, logout, revocation and step-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { type DevProvider, devClientSettings, startDevProvider } from '../src/dev/oidc-dev-provider.ts'
import { requireRecentAuthentication } from '../src/domain/auth/recent-authentication.ts'
import type { SessionPolicy } from '../src/domain/auth/session-policy.ts'
import { revokeUserSessions } from '../src/domain/auth/sessions.ts'
import { linkOidcSubject } from '../src/domain/directory/directory.ts'
import { isProblem } from '../src/errors.ts'
import { createOidcClient, type OidcSettings } from '../src/external/oidc.ts'
import { TestBrowser } from './browser.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  openTestSession,
  type TestDatabase,
  type World,
} from './harness.ts'

const ORIGIN = 'http://openput.test'
const SESSION_COOKIE = '__Host-openput_session'
const POLICY: SessionPolicy = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 3600 }

describe.each(BACKENDS)('authentication on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let dev: DevProvider
  let weakDev: DevProvider
  const subjects = { prescriber: '', pnm: '', other: '' }
  // Our clock: real time plus an offset the tests move forward (the provider keeps real time).
  let offsetMs = 0
  const now = () => new Date(Date.now() + offsetMs)

  const appWith = (settings: OidcSettings | undefined, policy = POLICY) =>
    createApp({
      deps: t.deps,
      auth: {
        publicOrigin: ORIGIN,
        sessions: policy,
        oidc: settings ? createOidcClient(settings) : undefined,
        now,
      },
    })

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    const suffix = world.programme.slice(-8)
    subjects.prescriber = `8101${suffix}`
    subjects.pnm = `pnm-${suffix}`
    subjects.other = `8102${suffix}`
    await linkOidcSubject(t.deps, { userId: world.prescriberA.id, subject: subjects.prescriber })
    await linkOidcSubject(t.deps, { userId: world.pnmA.id, subject: subjects.pnm })
    await linkOidcSubject(t.deps, { userId: world.prescriberB.id, subject: subjects.other })
    const accounts = async () => [
      { subject: subjects.prescriber, displayName: 'Dr A' },
      { subject: subjects.pnm, displayName: 'PNM A' },
      { subject: subjects.other, displayName: 'Dr B' },
      // Known to the provider, never provisioned in OpenPUT.
      { subject: '81099999999', displayName: 'Dr Inconnu' },
    ]
    dev = await startDevProvider({ publicOrigin: ORIGIN, accounts })
    weakDev = await startDevProvider({ publicOrigin: ORIGIN, accounts, acr: 'eidas-faible' })
  }, 60_000)
  afterAll(async () => {
    await dev?.close()
    await weakDev?.close()
    await t?.close()
  })

  /** From `start` (an OpenPUT URL) through the provider's login page, up to (not into) the callback. */
  async function throughProvider(browser: TestBrowser, start: string, subject: string) {
    const page = await browser.follow(start)
    expect(page.res?.status).toBe(200)
    expect(page.url?.pathname).toMatch(/^\/interaction\//)
    const html = await page.res!.text()
    expect(html).toContain('Fournisseur d&#39;identité de développement'.replace('&#39;', "'"))
    const action = /action="([^"]+\/login)"/.exec(html)![1]!
    const login = new URL(action, page.url)
    const { res } = await browser.request(login.href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sub: subject }).toString(),
    })
    let done = await browser.follow(
      new URL(res.headers.get('location')!, login).href,
      (u) => u.origin === ORIGIN,
    )
    // Signing in as someone else ends the provider's current session first, through a self-submitting form.
    if (!done.stoppedAt && done.res?.status === 200) {
      const form = await done.res.text()
      const target = new URL(/action="([^"]+)"/.exec(form)![1]!, done.url)
      const fields = [...form.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!])
      const posted = await browser.request(target.href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      })
      const location = new URL(posted.res.headers.get('location')!, target)
      done = await browser.follow(location.href, (u) => u.origin === ORIGIN)
    }
    expect(done.stoppedAt?.pathname).toBe('/auth/callback')
    return done.stoppedAt!
  }

  async function signIn(app: ReturnType<typeof appWith>, subject: string, returnTo = '/') {
    const browser = new TestBrowser(app, ORIGIN)
    const callback = await throughProvider(
      browser,
      `/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
      subject,
    )
    const { res } = await browser.request(callback.href)
    return { browser, res }
  }

  const sessionOf = async (app: ReturnType<typeof appWith>, cookie: string | undefined) => {
    const res = await app.request('/api/session', { headers: cookie ? { cookie } : {} })
    return { status: res.status, body: await res.json() }
  }

  const auditActions = async (subjectId: string) =>
    (
      await t.db.selectFrom('audit_events').select('action').where('subject_id', '=', subjectId).execute()
    ).map((r) => r.action)

  it('C3.2: signs in through the OpenID provider (PKCE, state, nonce, acr eidas1) and opens a session', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const { browser, res } = await signIn(app, subjects.prescriber, '/fiches?programme=x')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/fiches?programme=x')
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
    expect(setCookie).toMatch(/; Path=\//)
    expect(setCookie).toMatch(/; HttpOnly/)
    expect(setCookie).toMatch(/; Secure/)
    expect(setCookie).toMatch(/; SameSite=Lax/)
    expect(setCookie).not.toMatch(/Domain=/i)
    const token = browser.cookie(ORIGIN, SESSION_COOKIE)!
    const session = await sessionOf(app, `${SESSION_COOKIE}=${token}`)
    expect(session.status).toBe(200)
    expect(session.body).toMatchObject({
      user: { id: world.prescriberA.id },
      memberships: [{ role: 'prescriber', establishmentId: world.establishmentA }],
      acr: 'eidas1',
    })
    // The token is never stored, only its hash.
    const stored = await t.db.selectFrom('sessions').select('token_hash').execute()
    expect(stored.some((s) => s.token_hash === token)).toBe(false)
    // The same API the tests use works with the cookie.
    const patients = await app.request('/api/patients', {
      method: 'POST',
      headers: { cookie: `${SESSION_COOKIE}=${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ establishmentId: world.establishmentA }),
    })
    expect(patients.status).toBe(201)
  })

  it('C4.1: each PNM signs in with their own nominative account, and the sign-in is audited to them', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const { browser } = await signIn(app, subjects.pnm)
    const session = await sessionOf(app, `${SESSION_COOKIE}=${browser.cookie(ORIGIN, SESSION_COOKIE)}`)
    expect(session.body.user.id).toBe(world.pnmA.id)
    expect(session.body.memberships).toEqual([
      { role: 'pnm', establishmentId: world.establishmentA, organisationId: null },
    ])
    const signIns = await t.db
      .selectFrom('audit_events')
      .select(['actor_id', 'subject_id'])
      .where('action', '=', 'session.sign-in')
      .where('actor_id', '=', world.pnmA.id)
      .execute()
    expect(signIns.length).toBeGreaterThan(0)
  })

  it('C3.2: a callback whose state does not match the attempt is refused', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const browser = new TestBrowser(app, ORIGIN)
    const callback = await throughProvider(browser, '/auth/login', subjects.prescriber)
    callback.searchParams.set('state', 'forged-state')
    const { res } = await browser.request(callback.href, { headers: { accept: 'application/json' } })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({
      code: 'authentication-failed',
      params: { reason: 'callback-refused' },
    })
    expect(browser.cookie(ORIGIN, SESSION_COOKIE)).toBeUndefined()
  })

  it('C3.2: a callback in another browser (no login cookie) is refused, and an attempt cannot be replayed', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const browser = new TestBrowser(app, ORIGIN)
    const callback = await throughProvider(browser, '/auth/login', subjects.prescriber)
    const elsewhere = await app.request(`${callback.pathname}${callback.search}`)
    expect(elsewhere.status).toBe(401)
    const first = await browser.request(callback.href)
    expect(first.res.status).toBe(302)
    const login = browser.jars.get(ORIGIN)
    login?.set('__Host-openput_login', 'replayed')
    const again = await browser.request(callback.href, { headers: { accept: 'application/json' } })
    expect(again.res.status).toBe(401)
  })

  it('C3.2: an ID token whose nonce differs from the attempt is refused', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const browser = new TestBrowser(app, ORIGIN)
    const callback = await throughProvider(browser, '/auth/login', subjects.prescriber)
    // Stands for a token minted for another attempt: the attempt's nonce no longer matches the token's.
    await t.db.updateTable('login_attempts').set({ nonce: 'another-nonce' }).execute()
    const { res } = await browser.request(callback.href, { headers: { accept: 'application/json' } })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({
      code: 'authentication-failed',
      params: { reason: 'callback-refused' },
    })
  })

  it('C3.2: an authentication below the required level (acr other than eidas1) is refused', async () => {
    const app = appWith(devClientSettings(weakDev, ORIGIN))
    const { res } = await signIn(app, subjects.prescriber)
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('authentification insuffisant')
    expect(
      res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !/Max-Age=0/.test(c)),
    ).toBe(false)
  })

  it('C3.2: a provider whose discovered issuer is not the pinned one is not used', async () => {
    const app = appWith({
      ...devClientSettings(dev, ORIGIN),
      issuer: 'https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet',
    })
    const res = await app.request('/auth/login')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      code: 'identity-provider-unavailable',
      params: { reason: 'issuer-mismatch' },
    })
    expect(res.headers.get('location')).toBeNull()
  })

  it('C4.1: an identity with no provisioned account is refused with a French page, and the refusal is audited', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const { res } = await signIn(app, '81099999999')
    expect(res.status).toBe(403)
    const html = await res.text()
    expect(html).toContain('Compte inconnu')
    expect(html).toContain('créés par le laboratoire')
    const refusals = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'session.refuse')
      .execute()
    expect(refusals.map((r) => r.details)).toContainEqual({
      reason: 'unknown-account',
      subject: '81099999999',
    })
  })

  it.each([
    ['https://evil.example/'],
    ['//evil.example/'],
    ['/\\evil.example'],
    ['javascript:alert(1)'],
    ['/%0d%0a//evil.example'.replace('%0d%0a', '\r\n')],
  ])('refuses to return to %j after sign-in (no open redirect)', async (returnTo) => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const res = await app.request(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'unsafe-return-to' })
    expect(res.headers.get('location')).toBeNull()
  })

  it('a session expires after 30 idle minutes, and activity slides that limit', async () => {
    const app = appWith(undefined)
    offsetMs = 0
    const { cookie } = await openTestSession(t.deps, world.prescriberA, { now: now(), policy: POLICY })
    offsetMs = 29 * 60_000
    expect((await sessionOf(app, cookie)).status).toBe(200)
    offsetMs = 58 * 60_000
    expect((await sessionOf(app, cookie)).status).toBe(200)
    offsetMs = (58 + 31) * 60_000
    const expired = await sessionOf(app, cookie)
    expect(expired.status).toBe(401)
    expect(expired.body).toMatchObject({ code: 'unauthenticated', params: { reason: 'expired' } })
    offsetMs = 0
  })

  it('a session ends at its absolute limit however active it is', async () => {
    const policy = { idleSeconds: 30 * 60, absoluteSeconds: 3600 }
    const app = appWith(undefined, policy)
    offsetMs = 0
    const { cookie } = await openTestSession(t.deps, world.prescriberA, { now: now(), policy })
    for (const minute of [20, 40, 59]) {
      offsetMs = minute * 60_000
      // biome-ignore lint/performance/noAwaitInLoops: requests at successive instants
      expect((await sessionOf(app, cookie)).status).toBe(200)
    }
    offsetMs = 61 * 60_000
    expect((await sessionOf(app, cookie)).body).toMatchObject({ params: { reason: 'expired' } })
    offsetMs = 0
  })

  it('logout revokes the session, clears the cookie and sends the browser to the provider to sign out', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const { browser } = await signIn(app, subjects.prescriber)
    const cookie = `${SESSION_COOKIE}=${browser.cookie(ORIGIN, SESSION_COOKIE)}`
    const before = await sessionOf(app, cookie)
    // A form post from another site is refused (CSRF).
    const forged = await app.request('/auth/logout', {
      method: 'POST',
      headers: {
        cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
    })
    expect(forged.status).toBe(403)
    expect((await sessionOf(app, cookie)).status).toBe(200)
    const res = await app.request('/auth/logout', {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(303)
    const location = new URL(res.headers.get('location')!)
    expect(location.origin).toBe(dev.issuer)
    expect(location.searchParams.get('id_token_hint')).toMatch(/^ey/)
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${ORIGIN}/`)
    expect(res.headers.getSetCookie().join('\n')).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`))
    const after = await sessionOf(app, cookie)
    expect(after.status).toBe(401)
    expect(after.body).toMatchObject({ code: 'unauthenticated', params: { reason: 'revoked' } })
    const sessionId = (
      await t.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', before.body.user.id)
        .where('revoked_reason', '=', 'sign-out')
        .execute()
    ).map((s) => s.id)
    expect(sessionId.length).toBe(1)
    expect(await auditActions(sessionId[0]!)).toEqual(['session.sign-in', 'session.sign-out'])
  })

  it("revoking a user's sessions ends all of them at once (401 revoked), audited", async () => {
    const app = appWith(undefined)
    const one = await openTestSession(t.deps, world.prescriberB)
    const two = await openTestSession(t.deps, world.prescriberB)
    const count = await revokeUserSessions(
      t.deps,
      { userId: world.prescriberB.id, actorId: world.lab.id, reason: 'poste perdu' },
      now(),
    )
    expect(count).toBeGreaterThanOrEqual(2)
    for (const s of [one, two]) {
      // biome-ignore lint/performance/noAwaitInLoops: two checks
      expect((await sessionOf(app, s.cookie)).body).toMatchObject({ params: { reason: 'revoked' } })
    }
    expect(await auditActions(world.prescriberB.id)).toContain('session.revoke')
  })

  it('requests to the API without a session get a 401 problem; an unknown token too', async () => {
    const app = appWith(undefined)
    const none = await sessionOf(app, undefined)
    expect(none.status).toBe(401)
    expect(none.body).toMatchObject({ code: 'unauthenticated', params: { reason: 'missing' } })
    const unknown = await sessionOf(app, `${SESSION_COOKIE}=not-a-session`)
    expect(unknown.body).toMatchObject({ code: 'unauthenticated', params: { reason: 'unknown' } })
  })

  it('API writes must be JSON (415) and may not come from another site (403)', async () => {
    const app = appWith(undefined)
    const { cookie } = await openTestSession(t.deps, world.prescriberA)
    const form = await app.request('/api/patients', {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: `establishmentId=${world.establishmentA}`,
    })
    expect(form.status).toBe(415)
    expect(await form.json()).toMatchObject({ code: 'unsupported-media-type' })
    const crossSite = await app.request('/api/patients', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ establishmentId: world.establishmentA }),
    })
    expect(crossSite.status).toBe(403)
  })

  it('step-up re-authenticates at the provider (prompt=login) and refreshes auth_time', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    offsetMs = 0
    const { browser } = await signIn(app, subjects.prescriber)
    const cookie = () => `${SESSION_COOKIE}=${browser.cookie(ORIGIN, SESSION_COOKIE)}`
    const first = await sessionOf(app, cookie())
    offsetMs = 10 * 60_000
    const tooOld = () => requireRecentAuthentication({ authTime: new Date(first.body.authTime) }, 300, now())
    expect(tooOld).toThrow(expect.objectContaining({ code: 'recent-authentication-required' }))
    const start = await browser.request('/auth/step-up?returnTo=/signer')
    const authorize = new URL(start.res.headers.get('location')!)
    expect(authorize.searchParams.get('prompt')).toBe('login')
    expect(authorize.searchParams.get('max_age')).toBe('0')
    const callback = await throughProvider(browser, authorize.href, subjects.prescriber)
    const { res } = await browser.request(callback.href)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/signer')
    const second = await sessionOf(app, cookie())
    expect(second.body.user.id).toBe(first.body.user.id)
    expect(new Date(second.body.authTime).getTime()).toBeGreaterThanOrEqual(now().getTime() - 60_000)
    expect(() =>
      requireRecentAuthentication({ authTime: new Date(second.body.authTime) }, 300, now()),
    ).not.toThrow()
    offsetMs = 0
  })

  it('a step-up by another person does not refresh the session', async () => {
    const app = appWith(devClientSettings(dev, ORIGIN))
    const { browser } = await signIn(app, subjects.prescriber)
    const before = await sessionOf(app, `${SESSION_COOKIE}=${browser.cookie(ORIGIN, SESSION_COOKIE)}`)
    const callback = await throughProvider(browser, '/auth/step-up', subjects.other)
    const { res } = await browser.request(callback.href, { headers: { accept: 'application/json' } })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ params: { reason: 'step-up-other-user' } })
    const after = await sessionOf(app, `${SESSION_COOKIE}=${browser.cookie(ORIGIN, SESSION_COOKIE)}`)
    expect(after.body.authTime).toBe(before.body.authTime)
  })

  it('requireRecentAuthentication names the step-up route in its problem', () => {
    try {
      requireRecentAuthentication({ authTime: new Date(0) }, 120, new Date(200_000))
      expect.unreachable()
    } catch (error) {
      expect(isProblem(error) && error.params).toEqual({ maxAgeSeconds: 120, stepUpPath: '/auth/step-up' })
    }
  })
})
