/**
 * What the browser tests share once signed in: API calls from the page (same origin, session cookie, so
 * every access rule applies) and the axe-core audit (its serious and critical violations).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** WCAG 2.1 A and AA; add 'best-practice' for a stricter audit. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** An API call from the signed-in page: same origin, JSON, the session cookie. Throws on a non-2xx. */
export function apiCall<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(`/api${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
      return res.json()
    },
    { method, path, body },
  ) as Promise<T>
}

/**
 * axe-core on the current page: each serious or critical violation as `id (impact): targets`. Injected
 * with evaluate(), which runs outside the page's CSP (the app's CSP rightly refuses injected scripts).
 */
export async function blockingViolations(page: Page, tags: string[] = WCAG_21_AA): Promise<string[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[]
    }
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  }, tags)
}
