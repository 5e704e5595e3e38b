/**
 * Printing: the blank fiches of a template version for paper use (C2.1) and a filled fiche for export
 * with its signatures (C6.2), as HTML rendered to PDF by the engine the caller hands in. Exports are audited.
 */
import type { CompiledFiche, Template } from '@openput/designer'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  findRecordForPrint,
  findVersionForPrint,
  listEstablishmentNames,
  listFicheDefinitions,
  listUserNames,
} from '../../db/queries/printing.ts'
import { problem } from '../../errors.ts'
import type { PdfOptions } from '../../external/pdf.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { readFiche } from '../fiches/read-fiche.ts'
import { blankFichesHtml, filledFicheHtml } from './print-templates.ts'
import { printView } from './print-view.ts'

export type RenderPdf = (html: string, options?: PdfOptions) => Promise<Uint8Array<ArrayBuffer>>

export interface PrintedDocument {
  pdf: Uint8Array<ArrayBuffer>
  /** A download name without spaces or accents. */
  filename: string
}

const ROLE_LABELS: Record<string, string> = { prescriber: 'Prescripteur', pharmacist: 'Pharmacien' }
const STATUS_LABELS: Record<string, string> = { draft: 'brouillon', submitted: 'validée' }
const SIGNATURE_STATUS: Record<string, string> = { valid: 'valide', voided: 'annulée' }
const METHOD_LABELS: Record<string, string> = { electronic: 'électronique', paper: 'papier (transcrite)' }

const PARIS_DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
})

export const frenchDateTime = (value: string | Date) => PARIS_DATE_TIME.format(new Date(value))
export const frenchDate = (isoDate: string) => isoDate.split('-').reverse().join('/')

const fileSafe = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '')

async function versionForPrint(deps: Deps, templateVersionId: string) {
  const version = await findVersionForPrint(deps.db, templateVersionId)
  if (!version) throw problem('not-found', { resource: 'template-version', id: templateVersionId })
  const template = version.model as Template
  return { version, template, medicine: template.metadata.medicine.name }
}

export interface PrintBlankInput {
  actor: Actor
  templateVersionId: string
  /** One fiche of the version; all of them, in template order, when absent. */
  ficheId?: string | undefined
  render: RenderPdf
}

/** C2.1: the template's fiches as paper forms, in the same order and wording as on screen. */
export async function printBlankFiches(deps: Deps, input: PrintBlankInput): Promise<PrintedDocument> {
  const { version, template, medicine } = await versionForPrint(deps, input.templateVersionId)
  const definitions = await listFicheDefinitions(deps.db, input.templateVersionId, input.ficheId)
  if (definitions.length === 0) {
    throw problem('not-found', {
      resource: 'template-fiche',
      id: `${input.templateVersionId}/${input.ficheId ?? ''}`,
    })
  }
  const fiches = definitions.map((d) => {
    const compiled = d.definition as CompiledFiche
    const signers = template.fiches.find((f) => f.id === compiled.ficheId)?.signatures?.required ?? []
    return { fiche: printView(compiled, template), signers: signers.map((r) => ROLE_LABELS[r] ?? r) }
  })
  const scope = input.ficheId ? fiches[0]!.fiche.title : 'fiches vierges'
  const html = blankFichesHtml({
    documentTitle: `${medicine} — PUT ${version.version} — ${scope}`,
    medicine,
    programme: version.programme,
    version: version.version,
    effectiveDate: frenchDate(template.effectiveDate),
    fiches,
  })
  const pdf = await input.render(html, {
    footerText: `${medicine} · PUT ${version.version} · ${scope} · document à remplir`,
  })
  return {
    pdf,
    filename: fileSafe(`${version.programme}-${version.version}-${input.ficheId ?? 'fiches'}.pdf`),
  }
}

export interface PrintFilledInput {
  actor: Actor
  ficheInstanceId: string
  render: RenderPdf
  now?: Date | undefined
}

/** C6.2: one patient's fiche with its values, signatures and registration number; the export is audited. */
export async function printFilledFiche(deps: Deps, input: PrintFilledInput): Promise<PrintedDocument> {
  // readFiche applies the access rules: whoever may read the fiche may print it.
  const fiche = await readFiche(deps.db, input.actor, input.ficheInstanceId)
  const [{ version, template, medicine }, definitions, record] = await Promise.all([
    versionForPrint(deps, fiche.templateVersionId),
    listFicheDefinitions(deps.db, fiche.templateVersionId, fiche.ficheId),
    findRecordForPrint(deps.db, fiche.enrolmentId),
  ])
  const definition = definitions[0]
  if (!definition || !record) throw problem('not-found', { resource: 'fiche', id: input.ficheInstanceId })
  const compiled = definition.definition as CompiledFiche
  const validator = await deps.validators.get(definition.id, async () => ({
    definition: compiled,
    dateItem: definition.date_item,
  }))
  const data = fiche.head.data
  const relevance = new Map(validator.relevance)
  const view = printView(compiled, template, {
    data,
    isRelevant: (itemId) => relevance.get(itemId)?.(data) ?? true,
  })
  const [users, establishments] = await Promise.all([
    listUserNames(deps.db, [...new Set(fiche.signatures.map((s) => s.signedBy))]),
    listEstablishmentNames(deps.db, [
      ...new Set([fiche.head.establishmentId, ...fiche.signatures.map((s) => s.establishmentId)]),
    ]),
  ])
  const userName = new Map(users.map((u) => [u.id, u.display_name]))
  const centre = new Map(establishments.map((e) => [e.id, `${e.name} (FINESS ${e.finess})`]))
  const signedRoles = new Set(fiche.signatures.filter((s) => s.status === 'valid').map((s) => s.role))
  const number = record.registration_number
  const now = input.now ?? new Date()
  const html = filledFicheHtml({
    documentTitle: `${compiled.title} — ${number ?? 'sans numéro'}`,
    medicine,
    programme: version.programme,
    version: version.version,
    effectiveDate: frenchDate(template.effectiveDate),
    fiche: view,
    registrationNumber: number,
    establishment: `${record.establishment} (FINESS ${record.finess})`,
    status: STATUS_LABELS[fiche.status] ?? fiche.status,
    revision: {
      seq: fiche.head.seq,
      createdAt: frenchDateTime(fiche.head.createdAt),
      establishment: centre.get(fiche.head.establishmentId) ?? fiche.head.establishmentId,
    },
    missingCount: fiche.head.missingCount,
    fieldCount: compiled.itemIds.length,
    signatures: fiche.signatures.map((s) => ({
      role: ROLE_LABELS[s.role] ?? s.role,
      signer: userName.get(s.signedBy) ?? s.signedBy,
      establishment: centre.get(s.establishmentId) ?? s.establishmentId,
      signedAt: frenchDateTime(s.signedAt),
      method: METHOD_LABELS[s.method] ?? s.method,
      revisionSeq: s.revisionSeq,
      revisionHash: s.revisionHash,
      status:
        s.status === 'voided'
          ? `${SIGNATURE_STATUS.voided} par la révision n° ${s.voidedByRevisionSeq}`
          : (SIGNATURE_STATUS[s.status] ?? s.status),
    })),
    missingSigners: fiche.requiredSigners
      .filter((r) => !signedRoles.has(r as 'prescriber' | 'pharmacist'))
      .map((r) => ROLE_LABELS[r] ?? r),
    printedAt: frenchDateTime(now),
    printedBy: input.actor.displayName,
  })
  const pdf = await input.render(html, {
    footerText: `${medicine} · PUT ${version.version} · ${compiled.title} · n° ${number ?? '—'} · édité le ${frenchDateTime(now)}`,
  })
  await insertAuditEvent(deps.db, {
    actorId: input.actor.id,
    action: 'fiche.export',
    subjectType: 'fiche',
    subjectId: fiche.id,
    details: { format: 'pdf', revisionId: fiche.head.id, revisionSeq: fiche.head.seq },
  })
  return { pdf, filename: fileSafe(`${compiled.ficheId}-${number ?? fiche.id}.pdf`) }
}
