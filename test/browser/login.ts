/**
 * Signing in as a person does: open an OpenPUT page, get sent to the (development) identity provider,
 * pick a demo account on its login page, and land back on the page asked for.
 */
import type { Page } from 'playwright-core'

/** Demo accounts (packages/server/src/seed/demo-directory.ts), by the name on the provider's page. */
export const DEMO_USERS = {
  prescriber: 'Dr Claire Martin',
  pharmacist: 'Paul Durand',
  pnm: 'Inès Bernard',
  dataManager: 'Sophie Leroy',
  programmeManager: 'Administrateur du laboratoire',
} as const

export async function signIn(page: Page, origin: string, who: string, path = '/') {
  await page.goto(`${origin}${path}`)
  await page.getByRole('button', { name: new RegExp(who) }).click()
  await page.waitForURL((url) => url.origin === origin && !url.pathname.startsWith('/auth/'))
  // The app is up once its header shows the user.
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor()
}
