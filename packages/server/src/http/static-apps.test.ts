import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import type { Deps } from '../domain/deps.ts'

const root = mkdtempSync(join(tmpdir(), 'openput-static-'))
const runtimeDir = join(root, 'runtime')
const designerDir = join(root, 'designer')
mkdirSync(join(runtimeDir, 'assets'), { recursive: true })
mkdirSync(join(designerDir, 'assets'), { recursive: true })
writeFileSync(join(runtimeDir, 'index.html'), '<!doctype html><title>runtime</title>')
writeFileSync(join(runtimeDir, 'assets', 'index-abc123.js'), 'console.log(1)')
writeFileSync(join(designerDir, 'index.html'), '<!doctype html><title>designer</title>')
writeFileSync(join(root, 'secret.txt'), 'outside the build')

// Static pages never reach the domain: no database behind these requests.
const deps = {} as Deps
const app = createApp({ deps, webApps: { runtimeDir, designerDir } })
const bare = createApp({
  deps,
  webApps: { runtimeDir: join(root, 'absent'), designerDir: join(root, 'absent-too') },
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('serving the built web apps', () => {
  it('serves the runtime at / and its client-side routes, revalidated, with a CSP that lets ajv compile', async () => {
    for (const path of ['/', '/fiches/8c0e2a8e-0000-4000-8000-000000000000', '/patients/nouveau']) {
      // biome-ignore lint/performance/noAwaitInLoops: a few requests, in order
      const res = await app.request(path)
      expect(res.status, path).toBe(200)
      expect(await res.text()).toContain('<title>runtime</title>')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'unsafe-eval'/)
      expect(res.headers.get('content-security-policy')).not.toMatch(/'unsafe-inline'[^;]*;.*script/)
    }
  })

  it('caches hashed assets for a year and answers 404 for a file that is not there', async () => {
    const asset = await app.request('/assets/index-abc123.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    const missing = await app.request('/assets/index-zzz.js')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('application/problem+json')
  })

  it('serves the designer at /designer/', async () => {
    const redirect = await app.request('/designer')
    expect(redirect.status).toBe(301)
    expect(redirect.headers.get('location')).toBe('/designer/')
    for (const path of ['/designer/', '/designer/brouillons/42']) {
      // biome-ignore lint/performance/noAwaitInLoops: a few requests, in order
      const res = await app.request(path)
      expect(await res.text()).toContain('<title>designer</title>')
    }
  })

  it('never answers the API or sign-in with a page, nor serves outside the build folder', async () => {
    const api = await app.request('/api/nothing-here')
    expect(api.headers.get('content-type')).toBe('application/problem+json')
    const auth = await app.request('/auth/nothing-here')
    expect(await auth.text()).not.toContain('<title>runtime</title>')
    const post = await app.request('/', { method: 'POST' })
    expect(await post.text()).not.toContain('<title>runtime</title>')
    for (const path of ['/../secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt']) {
      // biome-ignore lint/performance/noAwaitInLoops: a few requests, in order
      const res = await app.request(path)
      expect(await res.text(), path).not.toContain('outside the build')
    }
  })

  it('says in French to run pnpm build when an app has not been built', async () => {
    for (const path of ['/', '/designer/']) {
      // biome-ignore lint/performance/noAwaitInLoops: two requests
      const res = await bare.request(path)
      expect(res.status).toBe(503)
      const page = await res.text()
      expect(page).toContain('application non construite')
      expect(page).toContain('pnpm build')
    }
  })
})
