/** Screenshots for people to look at (test/browser/artifacts/, not committed). */
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'

export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url))

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  const path = `${ARTIFACTS_DIR}${name}.png`
  await page.screenshot({ path, fullPage: true })
  return path
}
