/**
 * The fiche editor's context in real Chromium against the real server: a patient treated under the AAC of
 * Examplimab continues under the AAP, whose FAT is prefilled from the AAC's (C8.1). The lab's data manager
 * raises a query; the prescriber follows the inbox's link `/fiches/{id}?field=<item>` (the field's section
 * opens, the field is focused), answers the query under the field, sees the prefilled values marked, is
 * refused submission with the list of values to confirm, confirms, submits, and reaches the FAT's signature
 * screen from the editor. axe-core finds no serious or critical violation with queries and marks shown.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium.ts'
import { dataFor } from './fiche-data.ts'
import { DEMO_USERS, signIn } from './login.ts'
import { apiCall, blockingViolations } from './page-tools.ts'
import { screenshot } from './screenshots.ts'
import { type AppServer, startAppServer } from './server.ts'

const WEIGHT = 'Poids à la date de la demande (kg)'
const QUESTION = 'Le téléphone de la PUI est-il celui de la pharmacie de garde ?'
const ANSWER = 'Oui, ligne directe de la PUI.'

interface FicheJson {
  id: string
  enrolmentId: string
  templateVersionId: string
  ficheId: string
  status: string
  head: { id: string; data: Record<string, unknown> }
}

const definitionOf = (page: Page, fiche: Pick<FicheJson, 'templateVersionId' | 'ficheId'>) =>
  apiCall<{ schema: Parameters<typeof dataFor>[0] }>(
    page,
    'GET',
    `/template-versions/${fiche.templateVersionId}/fiches/${fiche.ficheId}`,
  )

/** The `data-item` of the control holding the focused element. */
const focusedItem = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-item]')?.dataset.item ?? null)

describe(`fiche editor in context on ${process.env.DATABASE_URL ? 'postgres' : 'pglite'}`, () => {
  let server: AppServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  const newPage = async (who: string, path = '/') => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } })
    contexts.push(context)
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    page.on('dialog', (dialog) => void dialog.accept())
    await signIn(page, server.origin, who, path)
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

  it('C8.1: field links open the field, queries are answered beside it, prefilled values are confirmed before submission, and the submitted FAT links to its signature', async () => {
    const origin = server.origin
    const prescriber = await newPage(DEMO_USERS.prescriber)

    // --- A patient treated under the AAC (its access request entered), then enrolled in the AAP.
    const session = await apiCall<{ memberships: { establishmentId: string | null }[] }>(
      prescriber,
      'GET',
      '/session',
    )
    const establishmentId = session.memberships.find((m) => m.establishmentId)!.establishmentId
    const patient = await apiCall<{ id: string }>(prescriber, 'POST', '/patients', { establishmentId })
    const aacEnrolment = await apiCall<{ id: string }>(prescriber, 'POST', '/enrolments', {
      patientId: patient.id,
      programme: 'examplimab-aac',
    })
    const aacFat = await apiCall<FicheJson>(prescriber, 'POST', '/fiches', {
      enrolmentId: aacEnrolment.id,
      ficheId: 'demande_acces',
    })
    const aacData = { ...dataFor((await definitionOf(prescriber, aacFat)).schema), poids_kg: 72 }
    await apiCall(prescriber, 'PUT', `/fiches/${aacFat.id}/draft`, {
      baseRevisionId: aacFat.head.id,
      data: aacData,
    })
    const aapEnrolment = await apiCall<{ id: string }>(prescriber, 'POST', '/enrolments', {
      patientId: patient.id,
      programme: 'examplimab-aap',
    })
    const prefilled = await apiCall<FicheJson & { prefilled: { item: string }[] }>(
      prescriber,
      'POST',
      `/enrolments/${aapEnrolment.id}/prefilled-fiches`,
      {},
    )
    const prefilledItems = prefilled.prefilled.map((m) => m.item)
    expect(prefilledItems).toContain('poids_kg')
    expect(prefilledItems).toContain('pharmacien_nom')
    expect(prefilled.head.data.poids_kg).toBe(72)
    // The rest of the FAT is entered (the editor's own test covers typing), prefilled values left as proposed
    // but the previous treatments, whose rows the AAP asks more of: completed, they are the user's own entry.
    const aapDefaults = dataFor((await definitionOf(prescriber, prefilled)).schema)
    const rows = prefilled.head.data.traitements_anterieurs as Record<string, unknown>[]
    const aapData = {
      ...aapDefaults,
      ...prefilled.head.data,
      traitements_anterieurs: rows.map((row) => ({
        ...(aapDefaults.traitements_anterieurs as Record<string, unknown>[])[0],
        ...row,
      })),
    }
    const toConfirm = prefilledItems.filter((item) => item !== 'traitements_anterieurs')
    await apiCall(prescriber, 'PUT', `/fiches/${prefilled.id}/draft`, {
      baseRevisionId: prefilled.head.id,
      data: aapData,
    })
    const fatId = prefilled.id

    // --- The lab's data manager raises a query on a field of the third section.
    const dataManager = await newPage(DEMO_USERS.dataManager)
    await apiCall(dataManager, 'POST', `/fiches/${fatId}/queries`, {
      itemPath: '/pharmacien_telephone',
      text: QUESTION,
    })

    // --- The prescriber follows the inbox's link to the field: its section opens, the field has the focus.
    await prescriber.goto(`${origin}/queries`)
    await prescriber.getByRole('link', { name: /^Voir le champ « .*téléphone/i }).click()
    await prescriber.waitForURL(/\/fiches\/[0-9a-f-]{36}\?field=pharmacien_telephone$/)
    const sections = prescriber.getByRole('navigation', { name: 'Sections de la fiche' })
    await sections
      .getByRole('button', { name: 'Pharmacien de la PUI' })
      .and(prescriber.locator('[aria-current="step"]'))
      .waitFor()
    await expect.poll(() => focusedItem(prescriber)).toBe('pharmacien_telephone')
    const phoneField = prescriber.locator('[data-item="pharmacien_telephone"]')
    await phoneField.getByText(QUESTION).waitFor()

    // The prefilled values are marked, with a confirmation each; the summary lists what is to confirm.
    const pharmacistName = prescriber.locator('[data-item="pharmacien_nom"]')
    await pharmacistName.getByText('Prérempli depuis l’AAC — à confirmer.').waitFor()
    expect(prefilledItems).toContain('traitements_anterieurs')
    await prescriber.getByText(/valeurs ont été reprises de la fiche de l’AAC/).waitFor()
    await prescriber.getByRole('heading', { name: 'Queries du laboratoire sur cette fiche' }).waitFor()
    await screenshot(prescriber, 'fiche-editor-context')
    expect(await blockingViolations(prescriber)).toEqual([])

    // --- The query is answered beside its field.
    await phoneField.getByLabel(/^Votre réponse sur « /).fill(ANSWER)
    await phoneField.getByRole('button', { name: 'Envoyer la réponse' }).click()
    await phoneField.getByText('répondue', { exact: true }).waitFor()
    const queries = await apiCall<{ status: string; messages: { kind: string; text: string | null }[] }[]>(
      prescriber,
      'GET',
      `/fiches/${fatId}/queries`,
    )
    expect(queries.map((q) => [q.status, q.messages.map((m) => [m.kind, m.text])])).toEqual([
      [
        'answered',
        [
          ['raise', QUESTION],
          ['answer', ANSWER],
        ],
      ],
    ])

    // --- Submitting is refused while prefilled values are unconfirmed: the list says which, with links.
    await prescriber.getByRole('button', { name: 'Valider la fiche' }).click()
    const refusal = prescriber
      .getByRole('alert')
      .filter({ hasText: 'valeurs reprises de l’AAC doivent être confirmées' })
    await refusal.waitFor()
    const refusedWeight = refusal.getByRole('button', { name: `Aller au champ « ${WEIGHT} »` })
    expect(await refusal.getByRole('button').count()).toBe(toConfirm.length)
    await screenshot(prescriber, 'fiche-editor-prefill-refused')
    expect(await blockingViolations(prescriber)).toEqual([])

    // The link brings the weight into view (first section); it is confirmed there.
    await refusedWeight.click()
    await sections
      .getByRole('button', { name: 'Patient' })
      .and(prescriber.locator('[aria-current="step"]'))
      .waitFor()
    await expect.poll(() => focusedItem(prescriber)).toBe('poids_kg')
    const weight = prescriber.locator('[data-item="poids_kg"]')
    await weight.getByRole('button', { name: `Confirmer « ${WEIGHT} »` }).click()
    await weight.getByText('Prérempli depuis l’AAC — valeur confirmée.').waitFor()
    await expect(refusal.getByRole('button', { name: `Aller au champ « ${WEIGHT} »` }).count()).resolves.toBe(
      0,
    )
    const marks = await apiCall<{ item: string; confirmed: boolean }[]>(
      prescriber,
      'GET',
      `/fiches/${fatId}/prefill`,
    )
    expect(marks.filter((m) => m.confirmed).map((m) => m.item)).toEqual(['poids_kg'])

    // The server still refuses the others, and names them.
    await prescriber.getByRole('button', { name: 'Valider la fiche' }).click()
    await refusal.waitFor()
    expect(await refusal.getByRole('button').count()).toBe(toConfirm.length - 1)

    // --- The others confirmed (as the user would, field by field), the FAT is submitted from the editor.
    await apiCall(prescriber, 'POST', `/fiches/${fatId}/prefill/confirmations`, {
      items: toConfirm.filter((i) => i !== 'poids_kg'),
    })
    await prescriber.reload()
    await prescriber.getByRole('button', { name: 'Valider la fiche' }).click()
    await prescriber.getByText(/^Fiche validée \(révision n° \d+\)\.$/).waitFor()

    // --- A submitted FAT shows its signature state and leads to its signature screen.
    const signature = prescriber.locator('.fiche-signature')
    await signature.getByText('non signée', { exact: true }).waitFor()
    await signature.getByRole('link', { name: 'Signer la fiche' }).click()
    await prescriber.waitForURL(`${origin}/fiches/${fatId}/signature`)
    await prescriber
      .getByRole('link', { name: 'Confirmer mon identité pour signer en tant que prescripteur' })
      .waitFor()
  }, 180_000)
})
