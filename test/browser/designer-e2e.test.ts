/**
 * The designer end to end in real headless Chromium: the lab's programme manager builds a small PUT
 * from an empty programme (metadata, catalogue pasted from the PUT document, FAT and follow-up fiche,
 * schedule), cannot add a field outside the catalogue, fixes a finding from the check panel, publishes;
 * a prescriber fills a FAT; the next version narrows a bound, and a reviewer approves it after seeing
 * how many stored fiches it affects. Screens are screenshotted and checked with axe-core.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium.ts'
import { signIn } from './login.ts'
import { apiCall, blockingViolations } from './page-tools.ts'
import { screenshot } from './screenshots.ts'
import { type AppServer, startAppServer } from './server.ts'

const PROGRAMME = 'e2emab-aap'
const LAB_MANAGER = 'Administrateur du laboratoire'
const REVIEWER = 'Julie Moreau'
const PRESCRIBER = 'Dr Claire Martin'

/** Screenshot, then axe-core (WCAG 2.1 A/AA): no serious or critical violation. */
async function checkScreen(page: Page, name: string) {
  await page.getByRole('heading', { level: 1 }).first().waitFor()
  await screenshot(page, `designer-${name}`)
  expect(await blockingViolations(page), name).toEqual([])
}

/** Waits until the autosave has stored the last edit. */
async function saved(page: Page) {
  await page.getByText(/^Enregistré \(révision \d+\)$/).waitFor()
}

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Parties du modèle' }).getByRole('link', { name }).click()

describe('designer, end to end', () => {
  let server: AppServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  const newPage = async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1400, height: 950 } })
    contexts.push(context)
    const page = await context.newPage()
    // Generous: two cores shared by parallel runs; waits end as soon as the element is there.
    page.setDefaultTimeout(45_000)
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

  it('C1.1, P2: a lab builds a PUT from an empty programme to a published version; a reviewer approves a breaking change after seeing its impact', async () => {
    const origin = server.origin
    const lab = await newPage()
    await signIn(lab, origin, LAB_MANAGER, '/designer/')
    await lab.getByRole('heading', { name: 'Programmes et versions de modèles' }).waitFor()
    await checkScreen(lab, '01-programmes')

    // A new, empty programme.
    await lab.getByLabel('Identifiant du programme').fill(PROGRAMME)
    await lab.getByLabel('Nom du médicament').fill('E2emab')
    await lab.getByLabel('DCI').fill('e2emumab')
    await lab.getByLabel('Titulaire').fill('Laboratoire Démo Pharma')
    await lab.getByRole('button', { name: 'Créer le programme' }).click()
    await lab.getByRole('heading', { name: new RegExp(`${PROGRAMME} — version 1.0`) }).waitFor()
    const draftUrl = lab.url()
    const draftId = /brouillons\/([0-9a-f-]{36})/.exec(draftUrl)![1]!

    // The check panel lists what is missing; a finding leads to the element concerned.
    const panel = lab.getByRole('complementary', { name: 'Contrôles de la charte' })
    const indicationsFinding = panel.getByRole('button', { name: /metadata\.indications/ })
    await indicationsFinding.waitFor()
    await checkScreen(lab, '02-constats-programme-vide')
    await indicationsFinding.click()
    await expect
      .poll(() => lab.evaluate(() => document.activeElement?.getAttribute('data-path')))
      .toBe('metadata.indications')
    await lab.getByRole('button', { name: 'Ajouter une indication' }).click()
    await lab.getByLabel('Identifiant (indication 1)').fill('adulte')
    await lab.getByLabel('Libellé (indication 1)').fill('Maladie E de l’adulte')
    await lab.getByRole('button', { name: 'Ajouter un code UCD' }).click()
    await lab.getByLabel('Code UCD (1)').fill('9000101')
    await lab.getByLabel('Libellé UCD (1)').fill('E2emab 100 mg, flacon')
    await lab.getByLabel('Dosage (1)').fill('100 mg')
    await lab.getByRole('button', { name: 'Ajouter une décision' }).click()
    await lab.getByLabel('Référence (décision 1)').fill('Décision n° 2026.0099/DC/SEM')
    await lab.getByLabel('Titre du guide').fill('Guide d’utilisation')
    await lab
      .getByLabel('Contenu du guide (Markdown)')
      .fill('Saisie des fiches ; droits du prescripteur, du pharmacien et du PNM.')
    await expect.poll(() => panel.getByRole('button', { name: /metadata\.indications/ }).count()).toBe(0)
    await saved(lab)
    await checkScreen(lab, '03-metadonnees')

    // The catalogue: a table pasted from the PUT document, previewed, then created.
    await tab(lab, 'Catalogue du PUT')
    await lab.getByLabel('Identifiant du groupe').fill('annexe_fat')
    await lab.getByLabel('Titre du groupe').fill('Fiche d’accès au traitement')
    await lab.getByRole('button', { name: 'Ajouter le groupe' }).click()
    await lab.getByText('Coller un tableau du PUT (annexe_fat)').click()
    await lab
      .getByLabel('Tableau à coller')
      .fill(
        [
          'identifiant\tlibellé\ttype',
          'sexe\tSexe\tchoix unique\tF=Féminin\tM=Masculin\tobligatoire',
          'poids_kg\tPoids\tdécimal\tobligatoire',
          'date_initiation\tDate d’initiation\tdate\tobligatoire',
          'Mauvais id\tX\ttexte',
        ].join('\n'),
      )
    await lab.getByRole('button', { name: 'Prévisualiser' }).click()
    await lab.getByText('3 élément(s) seront créés').waitFor()
    expect(await lab.getByRole('list', { name: 'Lignes refusées' }).textContent()).toContain('ligne 5')
    await checkScreen(lab, '04-catalogue-apercu-collage')
    await lab.getByRole('button', { name: 'Créer les 3 élément(s)' }).click()
    await lab.getByText('Groupe annexe_fat — 3 élément(s)').waitFor()
    await lab.getByLabel('Identifiant du groupe').fill('annexe_suivi')
    await lab.getByLabel('Titre du groupe').fill('Fiche de suivi')
    await lab.getByRole('button', { name: 'Ajouter le groupe' }).click()
    const newItem = lab.getByRole('form', { name: 'Nouvel élément du groupe annexe_suivi' })
    await newItem.getByLabel('Identifiant').fill('date_visite')
    await newItem.getByLabel('Libellé').fill('Date de la visite')
    await newItem.getByLabel('Type').selectOption('date')
    await newItem.getByLabel('Obligatoire').check()
    await newItem.getByRole('button', { name: 'Ajouter l’élément' }).click()
    await lab.getByText('Groupe annexe_suivi — 1 élément(s)').waitFor()
    await saved(lab)

    // The fiches: items only from the catalogue.
    await tab(lab, 'Fiches')
    await lab.getByLabel('Identifiant de la nouvelle fiche').fill('fat')
    await lab.getByLabel('Titre de la nouvelle fiche').fill('Fiche d’accès au traitement')
    await lab.getByLabel('Type de la nouvelle fiche').selectOption('fat')
    await lab.getByRole('button', { name: 'Ajouter la fiche' }).click()
    await lab.getByLabel('Identifiant de la section').fill('patient')
    await lab.getByLabel('Titre de la section').fill('Patient')
    await lab.getByRole('button', { name: 'Ajouter la section' }).click()
    const picker = lab.getByLabel('Élément du catalogue à ajouter à « Patient »')
    // C1.1: the picker offers the catalogue's items and nothing else; a field outside the PUT cannot be added.
    const offered = await picker
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean))
    expect(offered).toEqual(['sexe', 'poids_kg', 'date_initiation', 'date_visite'])
    await expect(picker.selectOption('commentaire_libre', { timeout: 2_000 })).rejects.toThrow()
    expect(await lab.getByRole('form', { name: 'Nouvelle section' }).getByRole('textbox').count()).toBe(2)
    for (const item of ['sexe', 'poids_kg', 'date_initiation']) {
      // biome-ignore lint/performance/noAwaitInLoops: a user picks one item after the other
      await picker.selectOption(item)
      await lab.getByRole('button', { name: 'Ajouter à la section' }).click()
    }
    // Keyboard reordering, announced to screen readers.
    await lab.getByRole('button', { name: 'Monter « Poids »' }).click()
    await lab
      .getByRole('status')
      .filter({ hasText: 'Poids déplacé en position 1 sur 3' })
      .waitFor({ state: 'attached' })
    await expect
      .poll(() =>
        lab.getByRole('list', { name: 'Éléments de la section Patient' }).locator('code').allTextContents(),
      )
      .toEqual(['poids_kg', 'sexe', 'date_initiation'])
    // Drag and drop does the same: the date goes back above the weight.
    const elements = lab.getByRole('list', { name: 'Éléments de la section Patient' }).getByRole('listitem')
    await elements.nth(2).locator('.drag-handle').dragTo(elements.nth(0))
    await expect
      .poll(() =>
        lab.getByRole('list', { name: 'Éléments de la section Patient' }).locator('code').allTextContents(),
      )
      .toEqual(['date_initiation', 'poids_kg', 'sexe'])
    // A condition, edited and shown in words.
    await lab.getByRole('button', { name: 'Ajouter une condition de « Poids »' }).click()
    await lab.getByLabel('Élément', { exact: true }).selectOption('sexe')
    await lab.getByLabel('Opérateur').selectOption('equals')
    await lab.getByLabel('Valeur').selectOption('F')
    await lab.getByRole('button', { name: 'Appliquer la condition' }).click()
    await lab.getByText('Afficher quand « Sexe » vaut « Féminin »').waitFor()
    await checkScreen(lab, '05-fiche-fat')
    await lab.getByLabel('Identifiant de la nouvelle fiche').fill('suivi')
    await lab.getByLabel('Titre de la nouvelle fiche').fill('Fiche de suivi')
    await lab.getByLabel('Type de la nouvelle fiche').selectOption('suivi')
    await lab.getByRole('button', { name: 'Ajouter la fiche' }).click()
    await lab.getByRole('button', { name: 'Fiche de suivi (suivi)' }).click()
    await lab.getByLabel('Identifiant de la section').fill('visite')
    await lab.getByLabel('Titre de la section').fill('Visite')
    await lab.getByRole('button', { name: 'Ajouter la section' }).click()
    await lab.getByLabel('Élément du catalogue à ajouter à « Visite »').selectOption('date_visite')
    await lab.getByRole('button', { name: 'Ajouter à la section' }).click()
    await saved(lab)

    // Roles: the FAT is signed by the prescriber and the pharmacist (C5.5).
    await tab(lab, 'Rôles et signatures')
    await lab.getByLabel('Prescripteur signe Fiche d’accès au traitement').check()
    await lab.getByLabel('Pharmacien signe Fiche d’accès au traitement').check()
    await checkScreen(lab, '06-roles')

    // The follow-up schedule: monthly visits from the initiation date.
    await tab(lab, 'Calendrier de suivi')
    await lab.getByRole('button', { name: 'Créer le calendrier' }).click()
    await lab.getByLabel('Date de référence (élément date de la fiche)').selectOption('date_initiation')
    await lab.getByRole('button', { name: 'Ajouter une visite répétée' }).click()
    await lab.getByLabel('Identifiant (répétition 1)').fill('mensuel')
    await lab.getByLabel('Libellé (répétition 1)').fill('Visite mensuelle')
    await lab.getByLabel('Fiche (répétition 1)').selectOption('suivi')
    await lab.getByLabel('Tous les (répétition 1)').fill('P1M')
    await lab.getByLabel('À partir de (répétition 1)').fill('P1M')
    await saved(lab)
    await panel.getByText(/^0 erreur\(s\)|^Aucun constat/).waitFor()
    await checkScreen(lab, '07-calendrier')

    // The preview renders the FAT with the runtime's renderers.
    await tab(lab, 'Aperçu')
    await lab.getByRole('button', { name: 'Remplir avec des données d’exemple' }).click()
    await lab
      .getByRole('region', { name: 'Aperçu de Fiche d’accès au traitement' })
      .getByText('Poids')
      .first()
      .waitFor()
    await checkScreen(lab, '08-apercu')

    // Publish the first version (nothing collected yet: no approval needed).
    await lab.getByRole('button', { name: 'Publier' }).click()
    await lab.getByText('Version publiée.').waitFor()
    await lab.getByText('Publiée', { exact: true }).waitFor()
    const exported = await lab.evaluate(
      async (id) => (await fetch(`/api/designer/drafts/${id}/yaml`)).text(),
      draftId,
    )
    expect(exported).toContain(`programme: ${PROGRAMME}`)

    // A prescriber fills a FAT on version 1.0: a weight of 120 kg.
    const prescriber = await newPage()
    await signIn(prescriber, origin, PRESCRIBER, '/')
    const session = await apiCall<{ memberships: { establishmentId: string | null }[] }>(
      prescriber,
      'GET',
      '/session',
    )
    const establishmentId = session.memberships.find((m) => m.establishmentId)!.establishmentId!
    const patient = await apiCall<{ id: string }>(prescriber, 'POST', '/patients', { establishmentId })
    const enrolment = await apiCall<{ id: string }>(prescriber, 'POST', '/enrolments', {
      patientId: patient.id,
      programme: PROGRAMME,
    })
    await apiCall(prescriber, 'POST', '/fiches', {
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data: { poids_kg: 120, sexe: 'F' },
    })

    // Version 2.0 lowers the weight's maximum to 100 kg: a breaking change.
    await lab.goto(`${origin}/designer/`)
    await lab.getByRole('button', { name: `Nouvelle version de ${PROGRAMME}` }).click()
    await lab.getByRole('heading', { name: new RegExp(`${PROGRAMME} — version 2.0`) }).waitFor()
    const nextId = /brouillons\/([0-9a-f-]{36})/.exec(lab.url())![1]!
    await tab(lab, 'Catalogue du PUT')
    await lab.getByRole('button', { name: 'Modifier « Poids »' }).click()
    await lab.getByLabel('Maximum').fill('100')
    await saved(lab)
    // P2: the YAML exported after editing round-trips: imported back, it exports the same bytes.
    const exportYaml = () =>
      lab.evaluate(async (id) => (await fetch(`/api/designer/drafts/${id}/yaml`)).text(), nextId)
    const edited = await exportYaml()
    expect(edited).toContain('max: 100')
    await tab(lab, 'Export / import YAML')
    await lab.getByLabel('Fichier YAML à importer (remplace le brouillon)').setInputFiles({
      name: `${PROGRAMME}-2.0.yaml`,
      mimeType: 'application/yaml',
      buffer: Buffer.from(edited),
    })
    await lab.getByText(/^Fichier importé : révision \d+, 0 erreur\(s\)\.$/).waitFor()
    expect(await exportYaml()).toBe(edited)
    await lab.getByRole('button', { name: 'Publier' }).click()
    await lab.getByText(/un relecteur doit l'approuver avant sa publication/).waitFor()
    await lab.getByRole('button', { name: 'Soumettre à la relecture' }).click()
    await lab.getByText('Version soumise à la relecture.').waitFor()

    // The reviewer sees the change, its class and how many filled fiches it affects, and approves.
    const reviewer = await newPage()
    await signIn(reviewer, origin, REVIEWER, `/designer/#/brouillons/${nextId}/relecture`)
    const row = reviewer.getByRole('row').filter({ hasText: 'Poids' })
    await row.getByText(/^Rupture/).waitFor()
    await row.getByText(/^1 fiche\(s\) touchée\(s\)/).waitFor()
    await checkScreen(reviewer, '09-relecture')
    await reviewer
      .getByLabel('Commentaire (obligatoire)')
      .fill('Impact vu : une FAT à reprendre, centre prévenu.')
    await reviewer.getByRole('button', { name: 'Approuver cette version' }).click()
    await reviewer.getByText(/Approuvée par Julie Moreau/).waitFor()

    await lab.reload()
    await lab.getByRole('button', { name: 'Publier' }).click()
    await lab.getByText('Version publiée.').waitFor()
    const versions = await apiCall<{ version: string }[]>(
      lab,
      'GET',
      `/template-versions?programme=${PROGRAMME}`,
    )
    expect(versions.map((v) => v.version).sort()).toEqual(['1.0', '2.0'])
  }, 300_000)
})
