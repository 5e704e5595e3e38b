/**
 * The printed forms' HTML: Handlebars templates with print CSS, compiled once in a dedicated environment
 * (strict lookups, built-in helpers only, every value HTML-escaped), from the view of print-view.ts.
 */
import Handlebars from 'handlebars'
import type { PrintFiche } from './print-view.ts'

const hbs = Handlebars.create()

const COMPILE_OPTIONS = { strict: true, knownHelpersOnly: true } as const

const CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
html { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 9.5pt; color: #111; }
body { margin: 0; }
h1 { font-size: 14pt; margin: 2mm 0 3mm; }
h2 { font-size: 11pt; margin: 5mm 0 2mm; padding: 1mm 2mm; background: #e8edf3; border-left: 1.2mm solid #2b4c7e; }
p { margin: 0 0 1.5mm; }
.fiche + .fiche { break-before: page; }
.doc-header { border-bottom: 0.4mm solid #2b4c7e; padding-bottom: 2mm; margin-bottom: 3mm; }
.doc-header .programme { font-size: 8.5pt; color: #333; }
.ids { display: flex; flex-wrap: wrap; gap: 2mm 8mm; margin-top: 2mm; }
.ids .id-field { display: flex; align-items: flex-end; gap: 2mm; }
.section { break-inside: auto; }
.section-condition, .condition { font-style: italic; color: #444; font-size: 8.5pt; margin: 0 0 0.8mm; }
.note { font-size: 8.5pt; color: #333; border: 0.2mm dashed #999; padding: 1.5mm; margin: 1.5mm 0; }
.field { break-inside: avoid; margin: 0 0 2.8mm; }
.label { font-weight: bold; }
.required { color: #a00; }
.help { font-size: 8pt; color: #444; margin: 0.5mm 0 0; }
.answer { margin-top: 1mm; display: flex; flex-wrap: wrap; align-items: flex-end; gap: 1.5mm; }
.box { display: inline-block; border: 0.25mm solid #333; height: 6mm; background: #fff; }
.box.line { width: 95mm; }
.box.id { width: 45mm; }
.box.area { display: block; width: 100%; height: 22mm; }
.box.d2 { width: 9mm; } .box.d4 { width: 15mm; }
.hint { font-size: 8pt; color: #555; }
.options { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 1mm 6mm; }
.options li { display: flex; align-items: center; gap: 1.5mm; }
.tick { display: inline-block; width: 3.6mm; height: 3.6mm; border: 0.25mm solid #333; background: #fff; }
.tick.round { border-radius: 50%; }
table { border-collapse: collapse; width: 100%; margin-top: 1mm; }
th, td { border: 0.25mm solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tbody.blank td { height: 7mm; }
th .condition { font-weight: normal; }
.values .field { display: grid; grid-template-columns: 45% 55%; gap: 0 3mm; margin-bottom: 1.6mm; }
.values .field.wide { display: block; }
.value { white-space: pre-wrap; }
.missing { color: #666; font-style: italic; }
.signatures { break-inside: avoid; margin-top: 4mm; }
.sign-box { height: 16mm; }
.hash { font-family: 'DejaVu Sans Mono', monospace; font-size: 7pt; word-break: break-all; }
.legend { font-size: 8pt; color: #444; margin-top: 1mm; }
`

const headerIds = `
<div class="ids">
  <div class="id-field"><span>N° d'enregistrement du patient :</span><span class="box id"></span></div>
  <div class="id-field"><span>Date :</span><span class="box d2"></span>/<span class="box d2"></span>/<span class="box d4"></span></div>
  <div class="id-field"><span>Établissement :</span><span class="box id"></span></div>
</div>`

hbs.registerPartial(
  'blankField',
  `<div class="field">
  {{#if field.condition}}<p class="condition">{{field.condition}}</p>{{/if}}
  <div class="label">{{field.label}}{{#if field.required}} <span class="required">*</span>{{/if}}</div>
  {{#if field.help}}<p class="help">{{field.help}}</p>{{/if}}
  <div class="answer">
  {{#if field.isLine}}<span class="box line"></span>{{#if field.unit}} <span class="unit">{{field.unit}}</span>{{/if}}{{/if}}
  {{#if field.isLongText}}<span class="box area"></span>{{/if}}
  {{#if field.isDate}}<span class="box d2"></span>/<span class="box d2"></span>/<span class="box d4"></span> <span class="hint">(jj/mm/aaaa)</span>{{/if}}
  {{#if field.isMonthYear}}<span class="box d2"></span>/<span class="box d4"></span> <span class="hint">(mm/aaaa)</span>{{/if}}
  {{#if field.isChoice}}<ul class="options">{{#each field.options}}<li><span class="tick round"></span>{{label}}</li>{{/each}}</ul>{{/if}}
  {{#if field.isMultiple}}<ul class="options">{{#each field.options}}<li><span class="tick"></span>{{label}}</li>{{/each}}</ul><span class="hint">(plusieurs réponses possibles)</span>{{/if}}
  {{#if field.isRepeat}}<table>
    <thead><tr>{{#each field.columns}}<th>{{#if condition}}<span class="condition">{{condition}}</span><br>{{/if}}{{label}}</th>{{/each}}</tr></thead>
    <tbody class="blank">{{#each field.rows}}<tr>{{#each this}}<td></td>{{/each}}</tr>{{/each}}</tbody>
  </table>{{/if}}
  </div>
</div>`,
)

hbs.registerPartial(
  'filledField',
  `{{#if field.isRepeat}}<div class="field wide">
  <div class="label">{{field.label}}</div>
  {{#if field.rows.length}}<table>
    <thead><tr>{{#each field.columns}}<th>{{label}}</th>{{/each}}</tr></thead>
    <tbody>{{#each field.rows}}<tr>{{#each this}}<td>{{#if value}}{{value}}{{else}}<span class="missing">Non renseigné</span>{{/if}}</td>{{/each}}</tr>{{/each}}</tbody>
  </table>{{else}}<p class="missing">Aucune ligne</p>{{/if}}
</div>{{else}}<div class="field">
  <div class="label">{{field.label}}</div>
  <div class="value">{{#if field.value}}{{field.value}}{{else}}<span class="missing">Non renseigné</span>{{/if}}</div>
</div>{{/if}}`,
)

const BLANK = hbs.compile(
  `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{documentTitle}}</title><style>${CSS}</style></head>
<body>
{{#each fiches}}
<article class="fiche">
  <header class="doc-header">
    <p class="programme">{{../medicine}} · programme {{../programme}} · PUT version {{../version}} en vigueur le {{../effectiveDate}}</p>
    <h1>{{fiche.title}}</h1>
    ${headerIds}
  </header>
  {{#each fiche.sections}}
  <section class="section">
    <h2>{{title}}</h2>
    {{#if condition}}<p class="section-condition">{{condition}}</p>{{/if}}
    {{#each blocks}}{{#if note}}<p class="note">{{note}}</p>{{else}}{{> blankField field=field}}{{/if}}{{/each}}
  </section>
  {{/each}}
  {{#if signers.length}}
  <section class="signatures">
    <h2>Signatures</h2>
    <table><thead><tr><th>Rôle</th><th>Nom et prénom</th><th>Date</th><th>Signature</th></tr></thead>
    <tbody>{{#each signers}}<tr><td>{{this}}</td><td></td><td></td><td class="sign-box"></td></tr>{{/each}}</tbody></table>
  </section>
  {{/if}}
  <p class="legend"><span class="required">*</span> réponse obligatoire. Les questions précédées de « Si … : » ne sont à remplir que si la condition est remplie.</p>
</article>
{{/each}}
</body></html>`,
  COMPILE_OPTIONS,
)

const FILLED = hbs.compile(
  `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{documentTitle}}</title><style>${CSS}</style></head>
<body>
<article class="fiche values">
  <header class="doc-header">
    <p class="programme">{{medicine}} · programme {{programme}} · PUT version {{version}} en vigueur le {{effectiveDate}}</p>
    <h1>{{fiche.title}}</h1>
    <table class="meta"><tbody>
      <tr><th scope="row">N° d'enregistrement</th><td>{{#if registrationNumber}}{{registrationNumber}}{{else}}<span class="missing">non attribué</span>{{/if}}</td></tr>
      <tr><th scope="row">Établissement</th><td>{{establishment}}</td></tr>
      <tr><th scope="row">État de la fiche</th><td>{{status}} (révision n° {{revision.seq}} du {{revision.createdAt}}, saisie par {{revision.establishment}})</td></tr>
      <tr><th scope="row">Données manquantes</th><td>{{missingCount}} sur {{fieldCount}} champ(s) du PUT</td></tr>
    </tbody></table>
  </header>
  {{#each fiche.sections}}
  <section class="section">
    <h2>{{title}}</h2>
    {{#each blocks}}{{#if field}}{{> filledField field=field}}{{/if}}{{/each}}
  </section>
  {{/each}}
  <section class="signatures">
    <h2>Signatures</h2>
    {{#if signatures.length}}
    <table><thead><tr><th>Rôle</th><th>Signataire</th><th>Date et heure</th><th>Méthode</th><th>Révision signée et empreinte</th><th>Statut</th></tr></thead>
    <tbody>{{#each signatures}}<tr><td>{{role}}</td><td>{{signer}}<br>{{establishment}}</td><td>{{signedAt}}</td><td>{{method}}</td><td>n° {{revisionSeq}}<br><span class="hash">sha256 {{revisionHash}}</span></td><td>{{status}}</td></tr>{{/each}}</tbody></table>
    {{else}}<p class="missing">Aucune signature.</p>{{/if}}
    {{#if missingSigners.length}}<p>Signature(s) requise(s) manquante(s) : {{#each missingSigners}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}.</p>{{/if}}
  </section>
  <p class="legend">Document édité le {{printedAt}} par {{printedBy}}.</p>
</article>
</body></html>`,
  COMPILE_OPTIONS,
)

export interface BlankDocument {
  documentTitle: string
  medicine: string
  programme: string
  version: string
  effectiveDate: string
  fiches: { fiche: PrintFiche; signers: string[] }[]
}

export interface FilledDocument {
  documentTitle: string
  medicine: string
  programme: string
  version: string
  effectiveDate: string
  fiche: PrintFiche
  registrationNumber: string | null
  establishment: string
  status: string
  revision: { seq: number; createdAt: string; establishment: string }
  missingCount: number
  fieldCount: number
  signatures: {
    role: string
    signer: string
    establishment: string
    signedAt: string
    method: string
    revisionSeq: number
    revisionHash: string
    status: string
  }[]
  missingSigners: string[]
  printedAt: string
  printedBy: string
}

/** Plain JSON only reaches the templates (Handlebars never sees class instances or prototypes). */
export const blankFichesHtml = (doc: BlankDocument) => BLANK(structuredClone(doc))
export const filledFicheHtml = (doc: FilledDocument) => FILLED(structuredClone(doc))
