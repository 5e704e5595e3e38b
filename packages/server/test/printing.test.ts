/**
 * Printing through real headless Chromium: the blank fiches of a PUT for paper use (C2.1) and a filled,
 * signed FAT for export (C6.2). The PDFs' text is read back with poppler's pdftotext and compared with
 * the order the screen shows (the compiled UI schema).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { CompiledFiche, UiSchema } from '@openput/designer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { listAuditEvents } from '../src/db/queries/audit.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { blankFichesHtml } from '../src/domain/printing/print-templates.ts'
import { printView } from '../src/domain/printing/print-view.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import { createChromiumPdfRenderer, type PdfRenderer } from '../src/external/pdf.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  openTestSession,
  type TestDatabase,
  type World,
} from './harness.ts'

const EXAMPLIMAB = readFileSync(
  new URL('../../../put-templates/examplimab-aap/1.0.yaml', import.meta.url),
  'utf8',
)

/** The PDF's text in drawing order (pdftotext -raw), whitespace collapsed. */
function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 << 20 })
    .toString('utf8')
    .replace(/\s+/g, ' ')
}

const pdfPages = (pdf: Uint8Array) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pdf }).toString())?.[1])

/** The texts the screen shows, in its order: each section's title, then each control's label. */
function screenOrder(fiche: CompiledFiche): string[] {
  const texts: string[] = []
  for (const group of (fiche.uischema.elements ?? []) as UiSchema[]) {
    texts.push(fiche.i18n[`${String(group.i18n)}.label`] ?? String(group.label))
    for (const element of (group.elements ?? []) as UiSchema[]) {
      if (element.type === 'Control') texts.push(fiche.i18n[`${String(element.i18n)}.label`]!)
    }
  }
  return texts
}

/** Where each expected text is found, searching forward from the previous one (-1 when out of order). */
function positionsInOrder(text: string, expected: string[]): { text: string; at: number }[] {
  let from = 0
  return expected.map((t) => {
    const at = text.indexOf(t.replace(/\s+/g, ' '), from)
    if (at >= 0) from = at + 1
    return { text: t, at }
  })
}

describe.each(BACKENDS)('printing on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let pdf: PdfRenderer
  let app: ReturnType<typeof createApp>
  let pharmacistA: Actor
  const cookies = new Map<string, string>()

  const call = async (actor: Actor, method: string, path: string, body?: unknown) => {
    let cookie = cookies.get(actor.id)
    if (!cookie) {
      cookie = (await openTestSession(t.deps, actor)).cookie
      cookies.set(actor.id, cookie)
    }
    return app.request(path, {
      method,
      headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  }
  const json = async (actor: Actor, method: string, path: string, body?: unknown) => {
    const res = await call(actor, method, path, body)
    expect(res.status, await res.clone().text()).toBeLessThan(300)
    return res.json()
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    pdf = createChromiumPdfRenderer({ concurrency: 1 })
    app = createApp({ deps: t.deps, pdf })
    const created = await createUser(t.deps, {
      email: `print-pharmacist-${world.programme}@test.openput.fr`,
      displayName: 'Paule Pharmacienne',
      memberships: [{ role: 'pharmacist', establishmentId: world.establishmentA }],
    })
    pharmacistA = (await findActor(t.deps.db, created.id))!
  }, 60_000)
  afterAll(async () => {
    await pdf?.close()
    await t?.close()
  })

  it('C2.1: the blank fiches of a PUT print every fiche, section and item in the on-screen order, with conditions in words', async () => {
    const published = await publishTemplate(t.deps, { actor: world.lab, yaml: EXAMPLIMAB })
    const res = await call(world.prescriberA, 'GET', `/api/template-versions/${published.id}/print.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain('examplimab-aap-1.0-fiches.pdf')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-')
    const text = pdfText(bytes)
    const definitions = await Promise.all(
      published.fiches.map(
        async (f: { ficheId: string }) =>
          (await json(
            world.prescriberA,
            'GET',
            `/api/template-versions/${published.id}/fiches/${f.ficheId}`,
          )) as CompiledFiche,
      ),
    )
    // Every fiche starts a page: at least one page per fiche.
    expect(pdfPages(bytes)).toBeGreaterThanOrEqual(definitions.length)
    const expected = definitions.flatMap((d) => [d.title, ...screenOrder(d)])
    const found = positionsInOrder(text, expected)
    expect(found.filter((f) => f.at < 0).map((f) => f.text)).toEqual([])
    // Header: programme, version and the fields to identify the paper form.
    expect(text).toContain('programme examplimab-aap · PUT version 1.0 en vigueur le 02/03/2026')
    expect(text).toContain("N° d'enregistrement du patient :")
    // Conditions in words, options by label, units, help text, page numbers in the footer.
    expect(text).toContain('Si « Spécialité du prescripteur » = « Autre » : Autre spécialité, préciser *')
    expect(text).toContain('Si « Indication concernée » = « Lymphome folliculaire')
    expect(text).toContain('Grade 1-2 Grade 3a')
    expect(text).toMatch(/Poids \(kg\) \* .*kg/)
    expect(text).toContain('Première lettre du nom puis première lettre du prénom')
    expect(text).toMatch(/page 1 \/ \d+/)
  }, 60_000)

  it('C2.1: one fiche alone with ?fiche=, and 404 for a fiche the version does not have', async () => {
    const res = await call(
      world.pnmA,
      'GET',
      `/api/template-versions/${world.templateVersionId}/print.pdf?fiche=fat`,
    )
    expect(res.status).toBe(200)
    const bytes = new Uint8Array(await res.arrayBuffer())
    const text = pdfText(bytes)
    const fat = (await json(
      world.pnmA,
      'GET',
      `/api/template-versions/${world.templateVersionId}/fiches/fat`,
    )) as CompiledFiche
    expect(positionsInOrder(text, screenOrder(fat)).filter((f) => f.at < 0)).toEqual([])
    expect(text).toContain('Si « Sexe » = « Féminin » : Femme en âge de procréer *')
    expect(text).toContain('Si « Femme en âge de procréer » = Oui : Contraception efficace *')
    expect(text).toContain('Signatures Rôle Nom et prénom Date Signature Prescripteur Pharmacien')
    expect(text).not.toContain("Fiche d'initiation")
    const missing = await call(
      world.pnmA,
      'GET',
      `/api/template-versions/${world.templateVersionId}/print.pdf?fiche=absente`,
    )
    expect(missing.status).toBe(404)
  }, 60_000)

  it('C6.2: the filled FAT exports its values by label, registration number, establishment and signatures (who, role, when, hash), and the export is audited', async () => {
    const patient = await json(world.prescriberA, 'POST', '/api/patients', {
      establishmentId: world.establishmentA,
    })
    const enrolment = await json(world.prescriberA, 'POST', '/api/enrolments', {
      patientId: patient.id,
      programme: world.programme,
      registrationNumber: 'EXM-2026-0042',
    })
    const data = {
      sexe: 'F',
      poids_kg: 62.5,
      ucd: '9000002',
      grossesse_possible: true,
      contraception: true,
      traitements_anterieurs: [
        { traitement_nom: 'R-CHOP', traitement_debut: '2024-03' },
        { traitement_nom: 'Bendamustine' },
      ],
    }
    const fiche = await json(world.prescriberA, 'POST', '/api/fiches', {
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data,
    })
    const submitted = await json(world.prescriberA, 'POST', `/api/fiches/${fiche.id}/submit`, {
      baseRevisionId: fiche.head.id,
    })
    const prescriberSignature = await json(world.prescriberA, 'POST', `/api/fiches/${fiche.id}/signatures`, {
      revisionId: submitted.head.id,
      role: 'prescriber',
    })
    await json(pharmacistA, 'POST', `/api/fiches/${fiche.id}/signatures`, {
      revisionId: submitted.head.id,
      role: 'pharmacist',
    })

    const res = await call(pharmacistA, 'GET', `/api/fiches/${fiche.id}/print.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('fat-EXM-2026-0042.pdf')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-')
    const text = pdfText(bytes)
    expect(text).toContain("N° d'enregistrement EXM-2026-0042")
    expect(text).toMatch(/Établissement CHU A [0-9a-f]+ \(FINESS \d{9}\)/)
    // Values with their labels, in the screen's order; choices by label, decimals the French way.
    expect(
      positionsInOrder(text, [
        'Patient',
        'Sexe Féminin',
        'Poids (kg) 62,5 kg',
        'Femme en âge de procréer Oui',
        'Contraception efficace Oui',
        'Traitement',
        'Dosage prévu Testmab 300 mg, flacon (300 mg)',
        'Traitements antérieurs',
        'R-CHOP 03/2024',
        'Bendamustine Non renseigné',
      ]).filter((f) => f.at < 0),
    ).toEqual([])
    // Signatures: who, role, when, the signed revision's hash, valid.
    expect(text).toContain('Prescripteur prescriber-a')
    expect(text).toContain('Pharmacien Paule Pharmacienne')
    expect(text).toContain(prescriberSignature.revisionHash.slice(0, 24))
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} électronique n° 2/)
    expect(text).not.toContain('Signature(s) requise(s) manquante(s)')
    const audit = (await listAuditEvents(t.db, fiche.id)).filter((e) => e.action === 'fiche.export')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_id: pharmacistA.id, details: { format: 'pdf', revisionSeq: 2 } })
  }, 60_000)

  it('C6.2: whoever may not read the fiche may not print it, and nothing is audited', async () => {
    const patient = await json(world.prescriberA, 'POST', '/api/patients', {
      establishmentId: world.establishmentA,
    })
    const enrolment = await json(world.prescriberA, 'POST', '/api/enrolments', {
      patientId: patient.id,
      programme: world.programme,
    })
    const fiche = await json(world.prescriberA, 'POST', '/api/fiches', {
      enrolmentId: enrolment.id,
      ficheId: 'fat',
      data: { sexe: 'M' },
    })
    const refused = await call(world.prescriberB, 'GET', `/api/fiches/${fiche.id}/print.pdf`)
    expect(refused.status).toBe(403)
    expect((await refused.json()).params.reasonCode).toBe('other-establishment')
    const draft = await call(world.prescriberA, 'GET', `/api/fiches/${fiche.id}/print.pdf`)
    expect(draft.status).toBe(200)
    const text = pdfText(new Uint8Array(await draft.arrayBuffer()))
    expect(text).toContain('brouillon (révision n° 1')
    expect(text).toContain('Aucune signature.')
    expect(text).toContain('Signature(s) requise(s) manquante(s) : Prescripteur, Pharmacien.')
    const exports = (await listAuditEvents(t.db, fiche.id)).filter((e) => e.action === 'fiche.export')
    expect(exports.map((e) => e.actor_id)).toEqual([world.prescriberA.id])
  }, 60_000)

  it('answers 503 when the server has no PDF engine', async () => {
    const without = createApp({ deps: t.deps })
    const { cookie } = await openTestSession(t.deps, world.prescriberA)
    const res = await without.request(`/api/template-versions/${world.templateVersionId}/print.pdf`, {
      headers: { cookie },
    })
    expect(res.status).toBe(503)
    expect((await res.json()).type).toContain('pdf-unavailable')
  })
})

describe('the Chromium PDF engine', () => {
  it('relaunches Chromium when it died between two jobs, and renders jobs queued together', async () => {
    const engine = createChromiumPdfRenderer({ concurrency: 1 })
    try {
      expect(engine.isAvailable()).toBe(true)
      const first = await engine.renderPdf('<p>Avant</p>', { footerText: 'essai' })
      expect(pdfText(first)).toContain('Avant')
      // The browser this engine launched: a child of this test process running chromium.
      const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)])
        .toString()
        .split('\n')
        .filter((line) => /chromium/.test(line))
        .map((line) => Number(line.trim().split(/\s+/)[0]))
      expect(children.length).toBeGreaterThan(0)
      for (const pid of children) process.kill(pid, 'SIGKILL')
      const [after, other] = await Promise.all([
        engine.renderPdf('<p>Après</p>'),
        engine.renderPdf('<p>Encore</p>'),
      ])
      expect(pdfText(after)).toContain('Après')
      expect(pdfText(other)).toContain('Encore')
    } finally {
      await engine.close()
    }
  }, 60_000)

  it('says it is unavailable when the browser is missing', () => {
    expect(createChromiumPdfRenderer({ executablePath: '/nonexistent/chromium' }).isAvailable()).toBe(false)
  })
})

describe('print templates', () => {
  it('escape every text taken from a template (labels, help, options)', () => {
    const fiche = {
      ficheId: 'x',
      kind: 'autre',
      title: 'Fiche <b>',
      repeatable: false,
      schema: { properties: { a: { type: 'string', enum: ['o'] } } },
      uischema: {
        type: 'VerticalLayout',
        elements: [
          {
            type: 'Group',
            i18n: 'section.s',
            elements: [{ type: 'Control', scope: '#/properties/a', i18n: 'a' }],
          },
        ],
      },
      i18n: {
        'section.s.label': 'Section',
        'a.label': '<script>alert(1)</script>',
        'a.description': '<img src=x onerror=alert(1)>',
        'a.o': '"><svg onload=alert(1)>',
      },
      itemIds: ['a'],
      relevance: {},
      hash: '',
    } as CompiledFiche
    const template = { catalogue: [], fiches: [] } as never
    const html = blankFichesHtml({
      documentTitle: 'T',
      medicine: 'M',
      programme: 'p',
      version: '1',
      effectiveDate: '01/01/2026',
      fiches: [{ fiche: printView(fiche, template), signers: [] }],
    })
    expect(html).not.toMatch(/<script>alert|<img src=x|<svg onload/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('Fiche &lt;b&gt;')
  })
})
