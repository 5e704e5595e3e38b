/**
 * The fiche editor in Chromium against the real server: sign in through the identity provider, open a
 * fiche, type (French formats), autosave reaching the server, a failed save keeping the data and retrying,
 * a stale save merged field by field, submission with its errors, and an axe-core audit.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium.ts'
import { openFicheForNewPatient } from './fixtures.ts'
import { DEMO_USERS, signIn } from './login.ts'
import { blockingViolations } from './page-tools.ts'
import { screenshot } from './screenshots.ts'
import { type AppServer, startAppServer } from './server.ts'

const PROGRAMME = 'examplimab-aap'
const WEIGHT = 'Poids à la date de la demande (kg)'
const HEIGHT = 'Taille (cm)'
const REQUEST_DATE = "Date de la demande d'accès"

let server: AppServer
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  server = await startAppServer()
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})
/** A fresh browser profile, signed in as the demo prescriber. */
async function signedInPage() {
  await context?.close()
  context = await browser.newContext({ locale: 'fr-FR' })
  page = await context.newPage()
  // Leaving a page with a save pending asks first (beforeunload): a person would confirm.
  page.on('dialog', (dialog) => void dialog.accept())
  await signIn(page, server.origin, DEMO_USERS.prescriber)
}
beforeEach(() => signedInPage())
afterEach(async () => {
  await context?.close()
})

/** The fiche as the server has it now (same session as the page). */
const serverFiche = (id: string) =>
  page.evaluate(async (ficheId) => {
    const res = await fetch(`/api/fiches/${ficheId}`)
    return (await res.json()) as { head: { id: string; seq: number; data: Record<string, unknown> } }
  }, id)

async function openEditor() {
  const { ficheInstanceId } = await openFicheForNewPatient(page, { programme: PROGRAMME, ficheId: 'fat' })
  await page.goto(`${server.origin}/fiches/${ficheInstanceId}`)
  await page.getByRole('heading', { level: 1, name: /Fiche d'accès au traitement/ }).waitFor()
  return ficheInstanceId
}

/** The autosave status line's text. */
const statusText = () => page.locator('.save-status').textContent()

/** Waits (bounded) until the status line matches. */
const statusBecomes = (pattern: RegExp, timeout = 15_000) =>
  expect.poll(statusText, { timeout }).toMatch(pattern)

/** A text field by its accessible name (the label, without the required marker). */
const field = (label: string) => page.getByRole('textbox', { name: label, exact: true })

async function type(label: string, text: string) {
  await field(label).fill(text)
  await field(label).press('Tab')
}

const visible = (locator: ReturnType<Page['locator']>, timeout = 15_000) =>
  locator.first().waitFor({ state: 'visible', timeout })

describe(`fiche editor on ${process.env.DATABASE_URL ? 'postgres' : 'pglite'}`, () => {
  it('C2.3: a prescriber enters a fiche directly: French dates and decimals typed, autosaved to the server', async () => {
    const id = await openEditor()
    const before = await serverFiche(id)
    await type(REQUEST_DATE, '01/03/2026')
    await type(WEIGHT, '72,5')
    await page.getByRole('radio', { name: 'Masculin' }).check()
    await expect
      .poll(async () => (await serverFiche(id)).head.data, { timeout: 15_000 })
      .toMatchObject({
        date_demande: '2026-03-01',
        poids_kg: 72.5,
        sexe: 'M',
      })
    await statusBecomes(/^Enregistré/)
    expect((await serverFiche(id)).head.seq).toBeGreaterThan(before.head.seq)
    // What the user typed stays as typed; an impossible date is refused before it is stored.
    expect(await field(WEIGHT).inputValue()).toBe('72,5')
    await type(REQUEST_DATE, '31/02/2026')
    await visible(page.getByText('Cette date n’existe pas'))
    expect(await field(REQUEST_DATE).getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, 'fiche-editor-entry')
  })

  it('keeps what was typed when saves fail, across a reload, and saves it once the server answers again', async () => {
    const id = await openEditor()
    await page.route('**/api/fiches/*/draft', (route) => route.abort('internetdisconnected'))
    await type(WEIGHT, '80')
    await statusBecomes(/^Hors ligne, nouvel essai/)
    const kept = await page.evaluate((ficheId) => localStorage.getItem(`openput.fiche-draft.${ficheId}`), id)
    expect(JSON.parse(kept!).data).toMatchObject({ poids_kg: 80 })
    await screenshot(page, 'fiche-editor-offline')

    // Closing or reloading the page loses nothing: the edit comes back from this browser.
    await page.reload()
    await visible(page.getByText('Des saisies non enregistrées'))
    expect(await field(WEIGHT).inputValue()).toBe('80')
    expect((await serverFiche(id)).head.data.poids_kg).toBeUndefined()

    await page.unroute('**/api/fiches/*/draft')
    await statusBecomes(/^Enregistré/, 20_000)
    expect((await serverFiche(id)).head.data).toMatchObject({ poids_kg: 80 })
    expect(
      await page.evaluate((ficheId) => localStorage.getItem(`openput.fiche-draft.${ficheId}`), id),
    ).toBeNull()
  })

  it('merges field by field when the fiche was saved elsewhere meanwhile', async () => {
    const id = await openEditor()
    await type(WEIGHT, '70')
    await expect.poll(async () => (await serverFiche(id)).head.data.poids_kg, { timeout: 15_000 }).toBe(70)
    await statusBecomes(/^Enregistré/)

    // Someone else saves the fiche: weight and height changed.
    await page.evaluate(async (ficheId) => {
      const fiche = await (await fetch(`/api/fiches/${ficheId}`)).json()
      const res = await fetch(`/api/fiches/${ficheId}/draft`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          baseRevisionId: fiche.head.id,
          data: { ...fiche.head.data, poids_kg: 75, taille_cm: 180 },
        }),
      })
      if (!res.ok) throw new Error(await res.text())
    }, id)

    await type(WEIGHT, '72')
    const panel = page.getByRole('region', { name: 'La fiche a été modifiée pendant votre saisie' })
    await visible(panel)
    expect(await panel.getByRole('listitem').filter({ hasText: HEIGHT }).textContent()).toContain('180')
    const conflict = panel.getByRole('group', { name: WEIGHT })
    await visible(conflict.getByRole('radio', { name: /Ma saisie : 72/ }))
    await visible(conflict.getByRole('radio', { name: /Version enregistrée : 75/ }))
    await screenshot(page, 'fiche-editor-merge')
    await conflict.getByRole('radio', { name: /Ma saisie/ }).check()
    await panel.getByRole('button', { name: 'Appliquer la fusion et enregistrer' }).click()

    await panel.waitFor({ state: 'hidden' })
    await expect
      .poll(async () => (await serverFiche(id)).head.data, { timeout: 15_000 })
      .toMatchObject({
        poids_kg: 72,
        taille_cm: 180,
      })
    await expect.poll(() => field(HEIGHT).inputValue()).toBe('180')
    await statusBecomes(/^Enregistré/)
  })

  it('enters repeated rows and several choices, saved as the fiche schema says', async () => {
    const { ficheInstanceId: fatId, enrolmentId } = await openFicheForNewPatient(page, {
      programme: PROGRAMME,
      ficheId: 'fat',
    })
    expect(fatId).toBeTruthy()
    const id = await page.evaluate(async (enrolment) => {
      const res = await fetch('/api/fiches', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enrolmentId: enrolment, ficheId: 'fit' }),
      })
      if (!res.ok) throw new Error(await res.text())
      return ((await res.json()) as { id: string }).id
    }, enrolmentId)
    await page.goto(`${server.origin}/fiches/${id}`)
    await page.getByRole('heading', { level: 1, name: /initiation/ }).waitFor()

    // Several choices: a list of checkboxes.
    const ucds = page.getByRole('group', { name: /Présentation\(s\) utilisée\(s\)/ })
    await ucds.getByRole('checkbox').nth(1).check()
    await ucds.getByRole('checkbox').nth(0).check()

    // Repeated rows: a list, one fieldset per row.
    const sections = page.getByRole('navigation', { name: 'Sections de la fiche' })
    await sections.getByRole('button', { name: /Traitements concomitants/ }).click()
    await page.getByRole('button', { name: 'Ajouter une ligne' }).click()
    const row = page.getByRole('group', { name: 'Traitements concomitants : ligne 1' })
    await row.getByRole('textbox', { name: 'Médicament (DCI)', exact: true }).fill('paracétamol')
    await row.getByRole('textbox', { name: 'Date de début', exact: true }).fill('15/02/2026')
    await row.getByRole('textbox', { name: 'Date de début', exact: true }).press('Tab')
    await screenshot(page, 'fiche-editor-rows')

    await expect
      .poll(async () => (await serverFiche(id)).head.data, { timeout: 15_000 })
      .toMatchObject({
        // In the order the fiche lists them, whatever the order they were ticked in.
        fit_ucd: ['3400899999015', '3400899999022'],
        traitements_concomitants: [{ tc_medicament: 'paracétamol', tc_debut: '2026-02-15' }],
      })
    await page.getByRole('button', { name: 'Supprimer la ligne 1' }).click()
    await expect
      .poll(async () => (await serverFiche(id)).head.data.traitements_concomitants ?? [], {
        timeout: 15_000,
      })
      .toEqual([])
  })

  it('refuses to submit an incomplete fiche and shows every error, by section', async () => {
    const id = await openEditor()
    await page.getByRole('button', { name: 'Valider la fiche' }).click()
    await visible(page.getByRole('alert').filter({ hasText: 'ne peut pas être validée' }))
    const sections = page.getByRole('navigation', { name: 'Sections de la fiche' })
    await visible(sections.getByRole('button', { name: /Patient \(\d+ erreurs?\)/ }))
    await visible(page.getByText('Champ obligatoire'))
    expect((await serverFiche(id)).head.seq).toBe(1)
    await screenshot(page, 'fiche-editor-submit-errors')
  })

  it('shows a fiche read-only, with the reason, to a reader who may not enter data, reached by a link before signing in', async () => {
    const id = await openEditor()
    await type(WEIGHT, '64')
    await expect.poll(async () => (await serverFiche(id)).head.data.poids_kg, { timeout: 15_000 }).toBe(64)

    // The lab's programme manager reads records but does not enter hospital data.
    const other = await browser.newContext({ locale: 'fr-FR' })
    try {
      const reader = await other.newPage()
      await signIn(reader, server.origin, DEMO_USERS.programmeManager, `/fiches/${id}`)
      expect(new URL(reader.url()).pathname).toBe(`/fiches/${id}`)
      await reader.getByText(/^Lecture seule/).waitFor()
      const weight = reader.getByRole('textbox', { name: WEIGHT, exact: true })
      expect(await weight.inputValue()).toBe('64')
      expect(await weight.getAttribute('readonly')).not.toBeNull()
      expect(await reader.getByRole('button', { name: 'Valider la fiche' }).count()).toBe(0)
      expect(await reader.locator('.save-status').count()).toBe(0)
      await screenshot(reader, 'fiche-editor-read-only')
    } finally {
      await other.close()
    }
  })

  it('C3.3: the header offers the programme and its indications, and spells out how access works for each', async () => {
    await page.getByRole('combobox', { name: 'Programme' }).selectOption('examplimab-aap')
    const indication = page.getByRole('combobox', { name: 'Indication' })
    await visible(indication)
    expect(await indication.locator('option').allTextContents()).toEqual([
      'Toutes les indications',
      expect.stringMatching(/^Lymphome folliculaire/),
      expect.stringMatching(/^Lymphome de la zone marginale/),
    ])
    await indication.selectOption('lzm')
    await page.getByText('Modalités d’accès (accès commun)').click()
    await visible(page.getByText(/Accès unique commun aux deux indications/))
    // The choice is remembered in this browser.
    await page.reload()
    expect(await page.getByRole('combobox', { name: 'Indication' }).inputValue()).toBe('lzm')
    await screenshot(page, 'shell-programme-indication')
  })

  it('has no serious or critical accessibility violations (axe-core), errors shown or not', async () => {
    await openEditor()
    const audit = () => blockingViolations(page)
    expect(await audit()).toEqual([])
    await page.getByRole('button', { name: 'Valider la fiche' }).click()
    await page.getByText('Champ obligatoire').first().waitFor()
    expect(await audit()).toEqual([])
    // Another section, with its radio groups and choices.
    await page
      .getByRole('navigation', { name: 'Sections de la fiche' })
      .getByRole('button', { name: /Critères d'inclusion/ })
      .click()
    expect(await audit()).toEqual([])
  })
})
