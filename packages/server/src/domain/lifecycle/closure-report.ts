/**
 * C12.2: the end-of-access report of missing data and missing fiches, per patient and per establishment,
 * as CSV (streamed, one line per patient) and as PDF (Handlebars HTML with print CSS, rendered by the PDF
 * engine). The rows come from the follow-up module's `missingDataReport`, restricted to what the reader
 * may read; the report names patients by registration number and pseudonymous id only.
 */
import Handlebars from 'handlebars'
import type { Db } from '../../db/database.ts'
import { findFreezeInForce } from '../../db/queries/lifecycle.ts'
import type { Actor } from '../actor.ts'
import {
  establishmentTotals,
  type MissingDataRow,
  missingDataReport,
} from '../follow-up/missing-data-report.ts'
import type { RenderPdf } from '../printing/print-fiches.ts'
import { authorizeOnProgramme } from './programme-facts.ts'

export interface ClosureReportInput {
  actor: Actor
  programmeId: string
  /** One establishment's patients (a hospital pharmacist must name theirs). */
  establishmentId?: string | undefined
  now?: Date
}

const TREATMENT_FR: Record<MissingDataRow['treatment'], string> = {
  'not-initiated': 'non initié',
  'on-treatment': 'en cours',
  stopped: 'arrêté',
}

/** One line of the report: the fiches with missing data and the overdue fiches, spelled out. */
function lineOf(row: MissingDataRow) {
  const incomplete = row.fiches.filter((f) => f.missing.count > 0)
  return {
    establishment: row.establishment.name,
    finess: row.establishment.finess,
    registrationNumber: row.registrationNumber ?? '',
    patientId: row.patientId,
    treatment: TREATMENT_FR[row.treatment],
    missingItems: row.missingItems,
    incompleteFiches: incomplete.map((f) => `${f.title} (${f.missing.count}/${f.missing.total})`),
    missingFiches: row.missingFiches.map((m) => `${m.label} (prévue le ${m.dueDate})`),
  }
}

export const CSV_HEADER = [
  'Établissement',
  'FINESS',
  "Numéro d'enregistrement",
  'Identifiant patient',
  'Traitement',
  'Données manquantes',
  'Fiches incomplètes',
  'Fiches manquantes',
]

/** RFC 4180 quoting; `;` separates fields, as spreadsheets expect in French. */
const csvField = (value: string | number) => {
  const text = String(value)
  // A leading = + - @ would be run as a formula by a spreadsheet: neutralise it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

const csvLine = (fields: (string | number)[]) => `${fields.map(csvField).join(';')}\r\n`

/** Checks the reader's right, then returns the rows as they stream. */
async function rows(db: Db, input: ClosureReportInput) {
  const { programme } = await authorizeOnProgramme(
    db,
    input.actor,
    'read-closure-report',
    input.programmeId,
    {
      establishmentId: input.establishmentId,
      now: input.now,
    },
  )
  return {
    programme,
    rows: missingDataReport(db, {
      programmeId: programme.id,
      establishmentId: input.establishmentId,
      actor: input.actor,
      asOf: input.now,
    }),
  }
}

/** The CSV, streamed: memory stays flat whatever the number of patients. UTF-8 with a BOM for spreadsheets. */
export async function closureReportCsv(db: Db, input: ClosureReportInput) {
  const { programme, rows: report } = await rows(db, input)
  const encoder = new TextEncoder()
  const iterator = report[Symbol.asyncIterator]()
  let started = false
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(CSV_HEADER)}`))
        return
      }
      const next = await iterator.next()
      if (next.done) {
        controller.close()
        return
      }
      const l = lineOf(next.value)
      controller.enqueue(
        encoder.encode(
          csvLine([
            l.establishment,
            l.finess,
            l.registrationNumber,
            l.patientId,
            l.treatment,
            l.missingItems,
            l.incompleteFiches.join(' ; '),
            l.missingFiches.join(' ; '),
          ]),
        ),
      )
    },
    async cancel() {
      await iterator.return?.(undefined)
    },
  })
  return { stream, filename: `rapport-cloture-${programme.slug}.csv` }
}

const hbs = Handlebars.create()

const REPORT_HTML = hbs.compile(
  `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{title}}</title>
<style>
@page { size: A4 landscape; margin: 12mm 10mm 16mm; }
html { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 8.5pt; color: #111; }
body { margin: 0; }
h1 { font-size: 13pt; margin: 0 0 2mm; }
h2 { font-size: 10.5pt; margin: 5mm 0 2mm; padding: 1mm 2mm; background: #e8edf3; border-left: 1.2mm solid #2b4c7e; break-after: avoid; }
.meta { color: #333; margin: 0 0 3mm; }
.summary { margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.25mm solid #666; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; }
ul { margin: 0; padding-left: 4mm; }
.none { color: #555; font-style: italic; }
</style></head>
<body>
<h1>{{title}}</h1>
<p class="meta">Programme {{programme}} — rapport établi le {{today}}{{#if freezeOn}} — gel de la base le {{freezeOn}}{{/if}}.
Les patients sont désignés par leur numéro d'enregistrement et leur identifiant pseudonyme.</p>
{{#each establishments}}
<h2>{{name}}{{#if finess}} (FINESS {{finess}}){{/if}}</h2>
<p class="summary">{{patients}} patient(s), dont {{patientsWithMissingData}} avec des données ou des fiches manquantes : {{missingItems}} donnée(s) manquante(s), {{missingFiches}} fiche(s) manquante(s).</p>
<table>
<thead><tr><th>N° d'enregistrement</th><th>Identifiant patient</th><th>Traitement</th><th>Données manquantes</th><th>Fiches incomplètes</th><th>Fiches manquantes</th></tr></thead>
<tbody>
{{#each lines}}<tr><td>{{registrationNumber}}</td><td>{{patientId}}</td><td>{{treatment}}</td><td class="n">{{missingItems}}</td>
<td>{{#if incompleteFiches.length}}<ul>{{#each incompleteFiches}}<li>{{this}}</li>{{/each}}</ul>{{else}}<span class="none">aucune</span>{{/if}}</td>
<td>{{#if missingFiches.length}}<ul>{{#each missingFiches}}<li>{{this}}</li>{{/each}}</ul>{{else}}<span class="none">aucune</span>{{/if}}</td></tr>
{{/each}}
</tbody></table>
{{else}}
<p class="none">Aucun patient dans ce périmètre.</p>
{{/each}}
</body></html>`,
  { strict: true, knownHelpersOnly: true },
)

/** The report's HTML (grouped per establishment, with its totals): what the PDF prints. */
export async function closureReportHtml(db: Db, input: ClosureReportInput) {
  const { programme, rows: report } = await rows(db, input)
  const totals = establishmentTotals()
  const lines = new Map<string, ReturnType<typeof lineOf>[]>()
  for await (const row of report) {
    totals.add(row)
    const list = lines.get(row.establishment.id) ?? []
    list.push(lineOf(row))
    lines.set(row.establishment.id, list)
  }
  const freeze = await findFreezeInForce(db, programme.id)
  const html = REPORT_HTML({
    title: 'Rapport de clôture : données et fiches manquantes par patient',
    programme: programme.name,
    today: (input.now ?? new Date()).toISOString().slice(0, 10),
    freezeOn: freeze?.freeze_on ?? null,
    establishments: totals.result().map((t) => ({
      name: t.establishment.name,
      finess: t.establishment.finess,
      patients: t.patients,
      patientsWithMissingData: t.patientsWithMissingData,
      missingItems: t.missingItems,
      missingFiches: t.missingFiches,
      lines: lines.get(t.establishment.id) ?? [],
    })),
  })
  return { html, programme }
}

export async function closureReportPdf(db: Db, input: ClosureReportInput & { render: RenderPdf }) {
  const { html, programme } = await closureReportHtml(db, input)
  const pdf = await input.render(html, {
    landscape: true,
    footerText: `Rapport de clôture — ${programme.name}`,
  })
  return { pdf, filename: `rapport-cloture-${programme.slug}.pdf` }
}
