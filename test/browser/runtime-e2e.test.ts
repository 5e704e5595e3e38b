/**
 * The runtime end to end in real headless Chromium, as its users work: a prescriber registers a patient
 * and fills the FAT, signs it after re-authenticating, the pharmacist co-signs, a designated PNM fills a
 * follow-up fiche, the lab's data manager raises a query that the prescriber answers in the context of
 * the field, and the signed FAT's PDF is downloaded and read. Every screen is screenshotted
 * (test/browser/artifacts/) and checked with axe-core: no serious or critical violation.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium.ts'
import { dataFor } from './fiche-data.ts'
import { DEMO_USERS, signIn } from './login.ts'
import { apiCall, blockingViolations, WCAG_21_AA } from './page-tools.ts'
import { screenshot } from './screenshots.ts'
import { type AppServer, startAppServer } from './server.ts'

const PROGRAMME = 'examplimab-aap'
const REGISTRATION = 'E2E-EXM-0001'

/** Screenshot, then axe-core (WCAG 2.1 A/AA and best practices): no serious or critical violation. */
async function checkScreen(page: Page, name: string) {
  await page.getByRole('heading', { level: 1 }).first().waitFor()
  await page.waitForLoadState('networkidle')
  await screenshot(page, `runtime-${name}`)
  expect(await blockingViolations(page, [...WCAG_21_AA, 'best-practice']), name).toEqual([])
}

interface FicheJson {
  id: string
  enrolmentId: string
  templateVersionId: string
  ficheId: string
  status: string
  head: { id: string; data: Record<string, unknown> }
}

/** Completes the fiche open in `page` with valid data on top of what was typed, and submits it. */
async function completeAndSubmit(page: Page, ficheInstanceId: string, overrides: Record<string, unknown>) {
  const fiche = await apiCall<FicheJson>(page, 'GET', `/fiches/${ficheInstanceId}`)
  const definition = await apiCall<{ schema: Parameters<typeof dataFor>[0] }>(
    page,
    'GET',
    `/template-versions/${fiche.templateVersionId}/fiches/${fiche.ficheId}`,
  )
  const data = { ...dataFor(definition.schema), ...fiche.head.data, ...overrides }
  const submitted = await apiCall<FicheJson>(page, 'POST', `/fiches/${ficheInstanceId}/submit`, {
    baseRevisionId: fiche.head.id,
    data,
  })
  expect(submitted.status).toBe('submitted')
  return submitted
}

/** Signs from the signature screen: re-authentication at the provider, back, certify, sign. */
async function signAs(page: Page, origin: string, who: string, role: 'prescripteur' | 'pharmacien') {
  await page.getByRole('link', { name: `Confirmer mon identité pour signer en tant que ${role}` }).click()
  await page.getByText('Nouvelle authentification demandée.').waitFor()
  await page.getByRole('button', { name: new RegExp(who) }).click()
  await page.waitForURL((url) => url.origin === origin && url.pathname.endsWith('/signature'))
  await page.getByRole('checkbox', { name: new RegExp(`en tant que ${role}`) }).check()
  await page.getByRole('button', { name: `Signer en tant que ${role}` }).click()
}

describe('runtime, end to end', () => {
  let server: AppServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  const newPage = async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })
    contexts.push(context)
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    return page
  }

  beforeAll(async () => {
    server = await startAppServer()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})))
    await browser?.close()
    await server?.stop()
  })

  it('C5.5, C6.2, C7.1, C7.2, C7.3, C1.4, C5.1, C2.1: patient, FAT signed by prescriber and pharmacist, PNM follow-up, query answered, FAT PDF', async () => {
    const origin = server.origin
    // --- The prescriber registers a patient and opens the FAT (the treatment-access request).
    const prescriber = await newPage()
    await signIn(prescriber, origin, DEMO_USERS.prescriber, '/patients')
    await prescriber.getByLabel('Programme').selectOption(PROGRAMME)
    await prescriber.getByRole('table').or(prescriber.getByText('Aucun patient enregistré')).first().waitFor()
    await checkScreen(prescriber, 'patients')
    await prescriber.getByRole('link', { name: 'Nouveau patient et demande d’accès au traitement' }).click()
    await checkScreen(prescriber, 'nouveau-patient')
    await prescriber.getByLabel('N° d’enregistrement (facultatif)').fill(REGISTRATION)
    await prescriber.getByRole('button', { name: 'Enregistrer le patient et ouvrir la FAT' }).click()
    await prescriber.waitForURL(/\/fiches\/[0-9a-f-]{36}$/)
    const fatId = new URL(prescriber.url()).pathname.split('/')[2]!
    await checkScreen(prescriber, 'fiche-fat')

    // --- The FAT is filled (the editor's own test covers typing field by field) and submitted.
    const fat = await completeAndSubmit(prescriber, fatId, { poids_kg: 71.5, sexe: 'F' })

    // --- Signature by the prescriber, with re-authentication (C5.5).
    await prescriber.goto(`${origin}/fiches/${fatId}/signature`)
    await checkScreen(prescriber, 'signature')
    await signAs(prescriber, origin, DEMO_USERS.prescriber, 'prescripteur')
    await prescriber.getByText('signée en partie').waitFor()

    // --- The pharmacist co-signs.
    const pharmacist = await newPage()
    await signIn(pharmacist, origin, DEMO_USERS.pharmacist, `/fiches/${fatId}/signature`)
    await signAs(pharmacist, origin, DEMO_USERS.pharmacist, 'pharmacien')
    await pharmacist.getByText(/^signée$/).waitFor()
    await checkScreen(pharmacist, 'signature-complete')

    // --- A PNM, designated by the prescriber (C5.4), fills a follow-up fiche from the patient's record.
    const pnm = await newPage()
    await signIn(pnm, origin, DEMO_USERS.pnm, '/')
    const pnmSession = await apiCall<{ user: { id: string } }>(pnm, 'GET', '/session')
    const prescriberSession = await apiCall<{ memberships: { establishmentId: string | null }[] }>(
      prescriber,
      'GET',
      '/session',
    )
    await apiCall(prescriber, 'POST', '/designations', {
      establishmentId: prescriberSession.memberships.find((m) => m.establishmentId)!.establishmentId,
      programme: PROGRAMME,
      designeeId: pnmSession.user.id,
      designeeRole: 'pnm',
    })
    await pnm.goto(`${origin}/dossiers/${fat.enrolmentId}`)
    await pnm.getByLabel('Programme').selectOption(PROGRAMME)
    await pnm.getByRole('heading', { name: `Dossier n° ${REGISTRATION}` }).waitFor()
    // The initiation fiche (FIT) anchors the schedule: started on 15/01/2026, its visits are overdue by now.
    const openFromRecord = async (title: RegExp) => {
      const option = await pnm
        .getByLabel('Fiche à ouvrir')
        .locator('option')
        .filter({ hasText: title })
        .first()
      await pnm.getByLabel('Fiche à ouvrir').selectOption({ label: (await option.textContent())! })
      await pnm.getByRole('button', { name: 'Ouvrir la fiche' }).click()
      await pnm.waitForURL(/\/fiches\/[0-9a-f-]{36}$/)
      return new URL(pnm.url()).pathname.split('/')[2]!
    }
    const fitId = await openFromRecord(/initiation/i)
    await completeAndSubmit(pnm, fitId, {})
    await pnm.goto(`${origin}/dossiers/${fat.enrolmentId}`)
    // C7.1: the planned visits against today, the overdue ones said so; C7.2: missing data per fiche.
    const visits = pnm.getByRole('table', { name: 'Calendrier de suivi' })
    await visits.getByText('en retard').first().waitFor()
    await expect(pnm.getByRole('table', { name: 'Fiches du dossier' }).textContent()).resolves.toMatch(
      /\d+ sur \d+ \(\d+(,\d)? %\)/,
    )
    await pnm.getByRole('button', { name: 'Saisir la fiche de la visite Visite M1' }).click()
    await pnm.waitForURL(/\/fiches\/[0-9a-f-]{36}$/)
    const followUpId = new URL(pnm.url()).pathname.split('/')[2]!
    await completeAndSubmit(pnm, followUpId, {})
    await pnm.goto(`${origin}/dossiers/${fat.enrolmentId}`)
    await visits
      .getByRole('row', { name: /Visite M1/ })
      .getByText('faite')
      .waitFor()
    await checkScreen(pnm, 'dossier')

    // --- The lab's data manager raises a query on the FAT's weight; the prescriber answers it in context.
    const dataManager = await newPage()
    await signIn(dataManager, origin, DEMO_USERS.dataManager, '/')
    await apiCall(dataManager, 'POST', `/fiches/${fatId}/queries`, {
      itemPath: '/poids_kg',
      text: 'Le poids de 71,5 kg est-il bien celui du jour de la demande ?',
    })
    await prescriber.goto(`${origin}/queries`)
    const answerBox = prescriber.getByLabel(/Votre réponse sur « Poids/)
    await answerBox.waitFor()
    // In the field's context: its label (the answer box's) and the value entered, the French way.
    await prescriber.getByText(/Valeur saisie : 71,5/).waitFor()
    await checkScreen(prescriber, 'queries')
    await answerBox.fill('Oui, pesée du jour de la consultation.')
    await prescriber.getByRole('button', { name: 'Envoyer la réponse' }).click()
    await prescriber.getByText('Aucune query en attente de réponse.').waitFor()
    // The data manager reads the answer in their inbox and closes the query.
    await dataManager.goto(`${origin}/queries`)
    await dataManager.getByText('Oui, pesée du jour de la consultation.', { exact: false }).waitFor()
    await checkScreen(dataManager, 'queries-laboratoire')
    await dataManager.getByRole('button', { name: 'Clore la query' }).click()
    await dataManager.getByText('Aucune query répondue.').waitFor()
    const closed = await apiCall<{ status: string; messages: { kind: string }[] }[]>(
      dataManager,
      'GET',
      `/fiches/${fatId}/queries`,
    )
    expect(closed.map((q) => [q.status, q.messages.map((m) => m.kind)])).toEqual([
      ['closed', ['raise', 'answer', 'close']],
    ])

    // --- The dashboard says what it is not (C7.3); the guide gives the access rules (C1.4, C5.1).
    await prescriber.goto(`${origin}/tableau-de-bord`)
    await prescriber.getByRole('heading', { name: 'Visites en retard' }).waitFor()
    await expect(prescriber.getByRole('note').textContent()).resolves.toMatch(/exhaustivit/)
    await prescriber
      .getByRole('table', { name: 'Visites en retard' })
      .getByText(REGISTRATION)
      .first()
      .waitFor()
    await checkScreen(prescriber, 'tableau-de-bord')
    await prescriber.goto(`${origin}/guide`)
    await prescriber.getByRole('table', { name: 'Droits par fiche et par rôle dans ce programme' }).waitFor()
    await checkScreen(prescriber, 'guide')

    // --- The signed FAT as PDF, from the patient's record (C6.2).
    await prescriber.goto(`${origin}/dossiers/${fat.enrolmentId}`)
    await prescriber.getByRole('heading', { name: `Dossier n° ${REGISTRATION}` }).waitFor()
    await checkScreen(prescriber, 'dossier-prescripteur')
    const [download] = await Promise.all([
      prescriber.waitForEvent('download'),
      prescriber.getByRole('link', { name: /^PDF de la fiche .*accès/i }).click(),
    ])
    const pdf = readFileSync((await download.path())!)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const text = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf }).toString().replace(/\s+/g, ' ')
    expect(text).toContain(`N° d'enregistrement ${REGISTRATION}`)
    expect(text).toMatch(/Poids[^()]*\(kg\) 71,5 kg/)
    expect(text).toContain('Sexe Féminin')
    expect(text).toMatch(/Prescripteur Dr Claire Martin/)
    expect(text).toMatch(/Pharmacien Paul Durand/)
    expect(text).not.toContain('manquante(s)')
  }, 240_000)
})
