/**
 * P3: exports for the periodic reports — CSV tables parsed back and compared with the data, the data
 * dictionary, CDISC ODM checked against its structure, hostile values round-tripping safely, who may export.
 */
import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MembershipRole } from '../src/db/database.ts'
import { findProgrammeBySlug } from '../src/db/queries/programmes.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { createUser } from '../src/domain/directory/directory.ts'
import { openExport } from '../src/domain/exports/export-data.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { saveFiche } from '../src/domain/fiches/save-fiche.ts'
import { scheduleFreeze } from '../src/domain/lifecycle/freeze.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { migrateFiches } from '../src/domain/template-migration/migrate-fiches.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import {
  BACKENDS,
  buildWorld,
  openTestDatabase,
  type TestDatabase,
  testClient,
  type World,
} from './harness.ts'
import { FAT_DATA, versionTwo } from './template-migration-fixtures.ts'

/** Everything a spreadsheet, a CSV parser and an XML parser must survive. */
const HOSTILE = `=cmd|' /C calc'!A0; "guillemets" <b>&amp;</b>\r\nligne 2 ; fin`

/** RFC 4180 with `;`: the reader the test trusts is this one, written from the RFC, not the writer's code. */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ';') {
      row.push(field)
      field = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += ch
  }
  expect(field).toBe('')
  expect(row).toEqual([])
  return rows
}

const asRecords = (rows: string[][]) =>
  rows.slice(1).map((r) => Object.fromEntries(rows[0]!.map((h, i) => [h, r[i]])))

describe.each(BACKENDS)('exports on %s', (backend) => {
  let t: TestDatabase
  let world: World
  let client: ReturnType<typeof testClient>
  let monitor: Actor
  let fats: { id: string; weight: number }[] = []
  let hostileFat: string
  let n = 0
  const today = new Date().toISOString().slice(0, 10)
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
  const period = `from=${yesterday}&to=${today}`

  beforeAll(async () => {
    t = await openTestDatabase(backend)
    world = await buildWorld(t.deps)
    client = testClient(t.deps)
    const created = await createUser(t.deps, {
      email: `export-monitor-${world.programme}@test.openput.fr`,
      displayName: 'Moniteur',
      memberships: [{ role: 'monitor' as MembershipRole, organisationId: world.organisationId }],
    })
    monitor = (await findActor(t.deps.db, created.id))!
    const submit = async (ficheId: string, data: Record<string, unknown>) => {
      const patient = await createPatient(t.deps, {
        actor: world.prescriberA,
        establishmentId: world.establishmentA,
      })
      const enrolment = await enrolPatient(t.deps, {
        actor: world.prescriberA,
        patientId: patient.id,
        programme: world.programme,
      })
      const draft = await createFiche(t.deps, {
        actor: world.prescriberA,
        enrolmentId: enrolment.id,
        ficheId,
        data,
      })
      await saveFiche(t.deps, {
        actor: world.prescriberA,
        ficheInstanceId: draft.id,
        baseRevisionId: draft.head.id,
        mode: 'submit',
      })
      return draft.id
    }
    for (const weight of [72.5, 58, 101.3]) {
      // biome-ignore lint/performance/noAwaitInLoops: one patient after the other keeps the test deterministic
      fats.push({ id: await submit('fat', { ...FAT_DATA, poids_kg: weight }), weight })
    }
    hostileFat = await submit('fat', {
      ...FAT_DATA,
      sexe: 'M',
      grossesse_possible: undefined,
      traitements_anterieurs: [
        { traitement_nom: HOSTILE, traitement_debut: '2023-11' },
        { traitement_nom: '-2+3', traitement_debut: '2024-01' },
      ],
    })
    fats = [...fats]
    n = fats.length + 1
  }, 90_000)
  afterAll(() => t?.close())

  const get = async (actor: Actor, path: string) => {
    const res = await client.request(actor, 'GET', path)
    // ignoreBOM: keep the BOM in the text, to check it is there (Response.text() would strip it)
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
    return { status: res.status, type: res.headers.get('content-type'), text }
  }
  const base = () => `/api/template-versions/${world.templateVersionId}/exports`

  it('P3: the lab’s data management exports; a monitor or a prescriber is refused; each export is audited', async () => {
    const refused = await Promise.all(
      [monitor, world.prescriberA].map((a) => get(a, `${base()}/odm.xml?${period}`)),
    )
    for (const res of refused) {
      expect(res.status).toBe(403)
      expect(JSON.parse(res.text).params.reasonCode).toBe('data-management-only')
    }
    const index = await get(world.lab, base())
    expect(index.status).toBe(200)
    expect(JSON.parse(index.text).tables).toEqual([
      'fat',
      'fat.traitements_anterieurs',
      'fit',
      'suivi',
      'arret',
    ])
    const bad = await get(world.lab, `${base()}/odm.xml?from=${today}&to=${yesterday}`)
    expect(bad.status).toBe(422)
    expect(JSON.parse(bad.text).code).toBe('invalid-period')
    await get(world.lab, `${base()}/csv/fat?${period}`)
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'data.export')
      .where('subject_id', '=', world.templateVersionId)
      .execute()
    expect(audit.map((a) => a.details)).toContainEqual({
      format: 'csv',
      table: 'fat',
      from: yesterday,
      to: today,
    })
  })

  it('P3: the fiche table, parsed back, holds each submitted FAT with codes and labels', async () => {
    const res = await get(world.lab, `${base()}/csv/fat?${period}`)
    expect(res.status).toBe(200)
    expect(res.type).toBe('text/csv; charset=utf-8')
    const rows = parseCsv(res.text)
    expect(rows[0]).toEqual([
      'numero_enregistrement',
      'fiche_instance',
      'revision',
      'date_revision',
      'sexe',
      'sexe__libelle',
      'poids_kg',
      'grossesse_possible',
      'grossesse_possible__libelle',
      'contraception',
      'contraception__libelle',
      'ucd',
      'ucd__libelle',
    ])
    const records = asRecords(rows)
    // buildWorld's FAT is a draft: never exported
    expect(records).toHaveLength(n)
    for (const fat of fats) {
      const record = records.find((r) => r.fiche_instance === fat.id)!
      expect(record).toMatchObject({
        revision: '2',
        sexe: 'F',
        sexe__libelle: 'Féminin',
        poids_kg: String(fat.weight).replace('.', ','),
        grossesse_possible: '0',
        grossesse_possible__libelle: 'Non',
        ucd: '9000001',
        ucd__libelle: 'Testmab 100 mg, flacon (100 mg)',
      })
      expect(record.numero_enregistrement).toMatch(/^INCLUSION-/)
    }
  })

  it('P3: repeated rows are their own table keyed to the fiche; a hostile value round-trips neutralised', async () => {
    const res = await get(world.lab, `${base()}/csv/fat.traitements_anterieurs?${period}`)
    const records = asRecords(parseCsv(res.text))
    const hostile = records.filter((r) => r.fiche_instance === hostileFat)
    expect(hostile.map((r) => r.ligne)).toEqual(['1', '2'])
    // Formula injection: the cell no longer starts with = or -, and is the value itself after the apostrophe.
    expect(hostile[0]!.traitement_nom).toBe(`'${HOSTILE}`)
    expect(hostile[1]!.traitement_nom).toBe(`'-2+3`)
    expect(records.every((r) => !/^[=+\-@]/.test(r.traitement_nom ?? ''))).toBe(true)
    expect(records.filter((r) => r.traitement_nom === 'Méthotrexate')).toHaveLength(3)
  })

  it('P3: the data dictionary lists each item with its label, type, options, unit, fiche and section', async () => {
    const res = await get(world.lab, `${base()}/dictionary.csv?${period}`)
    const records = asRecords(parseCsv(res.text))
    expect(records.find((r) => r.item === 'poids_kg')).toEqual({
      table: 'fat',
      fiche: "Fiche d'accès au traitement",
      section: 'Patient',
      item: 'poids_kg',
      libelle: 'Poids',
      type: 'decimal',
      unite: 'kg',
      obligatoire: 'oui',
      codes: '',
    })
    expect(records.find((r) => r.item === 'sexe')!.codes).toBe('F=Féminin | M=Masculin')
    expect(records.find((r) => r.item === 'traitement_nom')!.table).toBe('fat.traitements_anterieurs')
  })

  it('P3: a period without submissions exports headers only', async () => {
    const res = await get(world.lab, `${base()}/csv/fat?from=2020-01-01&to=2020-12-31`)
    expect(parseCsv(res.text)).toHaveLength(1)
  })

  it('P3: the ODM document is well formed, its OIDs resolve and its values fit their code lists', async () => {
    const res = await get(world.lab, `${base()}/odm.xml?${period}`)
    expect(res.status).toBe(200)
    const arrays = new Set([
      'StudyEventRef',
      'StudyEventDef',
      'FormRef',
      'FormDef',
      'ItemGroupRef',
      'ItemGroupDef',
      'ItemRef',
      'ItemDef',
      'CodeList',
      'CodeListItem',
      'SubjectData',
      'StudyEventData',
      'FormData',
      'ItemGroupData',
      'ItemData',
      'MeasurementUnit',
    ])
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseAttributeValue: false,
      trimValues: false,
      htmlEntities: true,
      isArray: (name) => arrays.has(name),
    }).parse(res.text)
    const odm = doc.ODM
    expect(odm).toMatchObject({
      xmlns: 'http://www.cdisc.org/ns/odm/v1.3',
      ODMVersion: '1.3.2',
      FileType: 'Snapshot',
    })
    expect(odm.FileOID).toBeTruthy()
    expect(Number.isNaN(Date.parse(odm.CreationDateTime))).toBe(false)
    const study = odm.Study
    const mdv = study.MetaDataVersion
    expect(study.GlobalVariables.StudyName).toBe(world.programme)
    const ids = (list: { OID: string }[] | undefined) => new Set((list ?? []).map((x) => x.OID))
    const events = ids(mdv.StudyEventDef)
    const forms = ids(mdv.FormDef)
    const groups = ids(mdv.ItemGroupDef)
    const items = new Map<string, { CodeListRef?: { CodeListOID: string }; DataType: string }>(
      mdv.ItemDef.map((i: { OID: string }) => [i.OID, i]),
    )
    const codeLists = new Map<string, Set<string>>(
      mdv.CodeList.map((c: { OID: string; CodeListItem: { CodedValue: string }[] }) => [
        c.OID,
        new Set(c.CodeListItem.map((i) => i.CodedValue)),
      ]),
    )
    const units = ids(study.BasicDefinitions.MeasurementUnit)
    for (const ref of mdv.Protocol.StudyEventRef) expect(events.has(ref.StudyEventOID)).toBe(true)
    for (const def of mdv.StudyEventDef)
      for (const ref of def.FormRef) expect(forms.has(ref.FormOID)).toBe(true)
    for (const def of mdv.FormDef)
      for (const ref of def.ItemGroupRef) expect(groups.has(ref.ItemGroupOID)).toBe(true)
    for (const def of mdv.ItemGroupDef)
      for (const ref of def.ItemRef) expect(items.has(ref.ItemOID)).toBe(true)
    for (const def of mdv.ItemDef) {
      expect(def.Question.TranslatedText['xml:lang']).toBe('fr')
      if (def.CodeListRef) expect(codeLists.has(def.CodeListRef.CodeListOID)).toBe(true)
      if (def.MeasurementUnitRef) expect(units.has(def.MeasurementUnitRef.MeasurementUnitOID)).toBe(true)
    }
    expect(items.get('IT.poids_kg')).toMatchObject({ DataType: 'float' })
    // Required and always asked: mandatory; required only under a condition: not.
    const refs = new Map<string, string>(
      mdv.ItemGroupDef.flatMap((g: { ItemRef: { ItemOID: string; Mandatory: string }[] }) =>
        g.ItemRef.map((r) => [r.ItemOID, r.Mandatory] as const),
      ),
    )
    expect(refs.get('IT.sexe')).toBe('Yes')
    expect(refs.get('IT.grossesse_possible')).toBe('No')

    const clinical = odm.ClinicalData
    expect(clinical.StudyOID).toBe(study.OID)
    expect(clinical.MetaDataVersionOID).toBe(mdv.OID)
    expect(clinical.SubjectData).toHaveLength(n)
    const values = new Map<string, string[]>()
    for (const subject of clinical.SubjectData) {
      expect(subject.SubjectKey).toMatch(/^INCLUSION-/)
      for (const event of subject.StudyEventData) {
        expect(events.has(event.StudyEventOID)).toBe(true)
        for (const form of event.FormData) {
          expect(forms.has(form.FormOID)).toBe(true)
          for (const group of form.ItemGroupData) {
            expect(groups.has(group.ItemGroupOID)).toBe(true)
            for (const data of group.ItemData) {
              const def = items.get(data.ItemOID)
              expect(def, data.ItemOID).toBeDefined()
              if (def!.CodeListRef)
                expect(codeLists.get(def!.CodeListRef.CodeListOID)!.has(data.Value)).toBe(true)
              values.set(data.ItemOID, [...(values.get(data.ItemOID) ?? []), data.Value])
            }
          }
        }
      }
    }
    expect(values.get('IT.poids_kg')!.sort()).toEqual(['101.3', '58', '72.5', '72.5'])
    // The hostile text comes back exactly, line end and all: escaped, never interpreted.
    expect(values.get('IT.traitements_anterieurs.traitement_nom')).toContain(HOSTILE)
    expect(res.text).not.toContain('<b>')
  })

  // Last: it freezes the programme.
  it('P3, C12: after the freeze, exports go on and fiches no longer move to another version (P2)', async () => {
    const programmeId = (await findProgrammeBySlug(t.db, world.programme))!.id
    const v2 = (await publishTemplate(t.deps, { actor: world.lab, yaml: versionTwo(world.programme) })).id
    await scheduleFreeze(t.deps, { actor: world.lab, programmeId, freezeOn: '2030-01-01' })
    const frozen = new Date('2030-01-02T10:00:00Z')
    const stream = await openExport(t.deps, {
      actor: world.lab,
      templateVersionId: world.templateVersionId,
      period: { from: yesterday, to: today },
      file: { format: 'csv', table: 'fat' },
      now: frozen,
    })
    let text = ''
    for await (const chunk of stream.chunks) text += chunk
    expect(parseCsv(text)).toHaveLength(n + 1)
    await expect(
      migrateFiches(t.deps, {
        actor: world.lab,
        toVersionId: v2,
        fromVersionId: world.templateVersionId,
        now: frozen,
      }),
    ).rejects.toMatchObject({ code: 'programme-frozen' })
  })
})
