/**
 * A tiny fetch-driven browser for sign-in tests: follows redirects by hand, keeps cookies per site, sends
 * requests for OpenPUT's public origin to the in-process app and everything else over the network.
 */
import type { Hono } from 'hono'

type Jar = Map<string, string>

export class TestBrowser {
  readonly jars = new Map<string, Jar>()

  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env
    private readonly app: Hono<any, any, any>,
    readonly publicOrigin: string,
  ) {}

  private jar(origin: string) {
    let jar = this.jars.get(origin)
    if (!jar) {
      jar = new Map()
      this.jars.set(origin, jar)
    }
    return jar
  }

  cookieHeader(origin: string) {
    return [...this.jar(origin)].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  cookie(origin: string, name: string) {
    return this.jar(origin).get(name)
  }

  private store(origin: string, res: Response) {
    const jar = this.jar(origin)
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim())
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      const expired = attributes.some(
        (a) =>
          /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()),
      )
      if (expired || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }

  /** One request, no redirect following; cookies of the target site are sent and stored. */
  async request(url: string, init: RequestInit = {}) {
    const target = new URL(url, this.publicOrigin)
    const headers = new Headers(init.headers)
    const cookies = this.cookieHeader(target.origin)
    if (cookies) headers.set('cookie', cookies)
    headers.set('accept', headers.get('accept') ?? 'text/html')
    const res =
      target.origin === this.publicOrigin
        ? await this.app.request(`${target.pathname}${target.search}`, { ...init, headers })
        : await fetch(target, { ...init, headers, redirect: 'manual' })
    this.store(target.origin, res)
    return { res, url: target }
  }

  /** Follows redirects until a page that is not a redirect, or until `stopAt` matches the next URL. */
  async follow(url: string, stopAt?: (next: URL) => boolean) {
    let current = new URL(url, this.publicOrigin)
    for (let hops = 0; hops < 20; hops++) {
      if (stopAt?.(current)) return { stoppedAt: current }
      // biome-ignore lint/performance/noAwaitInLoops: redirects are sequential by nature
      const { res } = await this.request(current.href)
      const location = res.headers.get('location')
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current }
      await res.body?.cancel()
      current = new URL(location, current)
    }
    throw new Error(`too many redirects from ${url}`)
  }
}
