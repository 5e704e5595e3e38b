/**
 * C8.1: a patient treated under an AAC and continuing under the AAP fills the AAP's FAT, prefilled from
 * the data entered under the AAC through the item equivalences the AAP template declares (`prefill`).
 * Each prefilled value is marked with the revision it came from; submitting waits until the user has
 * confirmed every prefilled value still as proposed (a value the user changed is their own entry).
 */
import {
  canonicalJson,
  prefillMismatches,
  prefillMismatchMessageFr,
  prefillValues,
  type Template,
} from '@openput/designer'
import type { Executor } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  confirmPrefills,
  findEnrolmentOfPatientIn,
  findEnrolmentWithProgramme,
  findFicheInstanceRow,
  findFicheWithHead,
  insertPrefills,
  listPrefills,
} from '../../db/queries/lifecycle.ts'
import { findLatestTemplateVersion, findProgrammeBySlug } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { authorizeOnRecord } from '../access/authorize.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { createFicheIn } from '../fiches/create-fiche.ts'
import type { FicheData } from '../fiches/evaluate-fiche.ts'
import type { FicheView } from '../fiches/fiche-view.ts'
import { runCommand } from '../idempotency.ts'
import { iso } from '../json-result.ts'

export interface PrefillRequest {
  actor: Actor
  /** The enrolment whose fiche is prefilled (the AAP's). */
  enrolmentId: string
  /** The fiche of the target template (its FAT unless named). */
  ficheId?: string | undefined
  /**
   * The enrolment the values come from. Absent: the same patient's enrolment in a source programme.
   * Patients are pseudonymous per establishment: when the AAC record is another patient entry, the user
   * names the AAC enrolment they can read.
   */
  sourceEnrolmentId?: string | undefined
}

/** Where one prefilled value came from. */
export interface PrefillMark {
  fromFicheRevisionId: string
  sourceItem: string
}

export interface PrefillProposal {
  enrolmentId: string
  ficheId: string
  templateVersionId: string
  source: {
    enrolmentId: string
    programme: string
    ficheId: string
    ficheInstanceId: string
    revisionId: string
    templateVersion: string
  }
  /** The values to enter, item → value. */
  data: FicheData
  /** The same items, each with where it came from: the runtime shows them as prefilled. */
  prefilled: Record<string, PrefillMark>
}

/** Computes the proposal; the caller has nothing to write. */
export async function prefillProposal(db: Executor, request: PrefillRequest): Promise<PrefillProposal> {
  const { actor } = request
  const target = await findEnrolmentWithProgramme(db, request.enrolmentId)
  if (!target) throw problem('not-found', { resource: 'enrolment', id: request.enrolmentId })
  const version = await findLatestTemplateVersion(db, target.programme_id)
  if (!version) throw problem('unknown-template-version', { templateVersionId: null })
  const template = version.model as Template
  const fiche = request.ficheId
    ? template.fiches.find((f) => f.id === request.ficheId)
    : template.fiches.find((f) => f.kind === 'fat')
  if (!fiche) throw problem('not-found', { resource: 'template-fiche', id: request.ficheId ?? 'fat' })
  // Entering this fiche is what the proposal is for (a prescriber's first FAT is their access request).
  await authorizeOnRecord(db, actor, 'enter', {
    enrolmentId: target.id,
    fiche: { kind: fiche.kind, access: fiche.access },
  })
  const sources = fiche.prefill ?? []
  const programmes = [...new Set(sources.map((s) => s.from.programme))]
  const source = await sourceEnrolment(db, request, target.patient_id, programmes)
  if (!source) {
    throw problem('prefill-source-missing', {
      programme: programmes.join(', '),
      sourceFiche: sources[0]?.from.fiche ?? '',
    })
  }
  await authorizeOnRecord(db, actor, 'read', { enrolmentId: source.id })
  const entry = sources.find((s) => s.from.programme === source.programme)!
  const sourceFiche = await findFicheWithHead(db, source.id, entry.from.fiche)
  if (!sourceFiche) {
    throw problem('prefill-source-missing', { programme: source.programme, sourceFiche: entry.from.fiche })
  }
  const values = prefillValues(
    template,
    fiche.id,
    sourceFiche.model as Template,
    entry.from.fiche,
    sourceFiche.data as FicheData,
  )
  return {
    enrolmentId: target.id,
    ficheId: fiche.id,
    templateVersionId: version.id,
    source: {
      enrolmentId: source.id,
      programme: source.programme,
      ficheId: entry.from.fiche,
      ficheInstanceId: sourceFiche.id,
      revisionId: sourceFiche.revision_id,
      templateVersion: sourceFiche.version,
    },
    data: Object.fromEntries(values.map((v) => [v.item, v.value])),
    prefilled: Object.fromEntries(
      values.map((v) => [v.item, { fromFicheRevisionId: sourceFiche.revision_id, sourceItem: v.sourceItem }]),
    ),
  }
}

async function sourceEnrolment(
  db: Executor,
  request: PrefillRequest,
  patientId: string,
  programmes: string[],
): Promise<{ id: string; programme: string } | undefined> {
  if (request.sourceEnrolmentId) {
    const named = await findEnrolmentWithProgramme(db, request.sourceEnrolmentId)
    return named && programmes.includes(named.programme) ? named : undefined
  }
  for (const programme of programmes) {
    // biome-ignore lint/performance/noAwaitInLoops: one or two source programmes, first match wins
    const found = await findEnrolmentOfPatientIn(db, patientId, programme)
    if (found) return found
  }
  return undefined
}

export interface PrefillMarkView extends PrefillMark {
  item: string
  value: unknown
  confirmed: boolean
  confirmedBy: string | null
  confirmedAt: string | null
}

const toMarkView = (row: Awaited<ReturnType<typeof listPrefills>>[number]): PrefillMarkView => ({
  item: row.item_id,
  value: row.value,
  fromFicheRevisionId: row.source_revision_id,
  sourceItem: row.source_item_id,
  confirmed: row.confirmed_at !== null,
  confirmedBy: row.confirmed_by,
  confirmedAt: row.confirmed_at ? iso(row.confirmed_at) : null,
})

/**
 * Creates the fiche with the proposal's values as its first draft, and the marks of the values it stored
 * (pruning may drop a value whose condition does not hold), in one transaction.
 */
export async function createPrefilledFiche(
  deps: Deps,
  input: PrefillRequest & { indicationId?: string | undefined; idempotencyKey?: string | undefined },
): Promise<FicheView & { prefilled: PrefillMarkView[] }> {
  const { actor, idempotencyKey, ...request } = input
  const scope = { actorId: actor.id, key: idempotencyKey, operation: 'fiche.create-prefilled', request }
  return runCommand(deps, scope, async (trx) => {
    const proposal = await prefillProposal(trx, input)
    const created = await createFicheIn(deps, trx, {
      actor,
      enrolmentId: proposal.enrolmentId,
      ficheId: proposal.ficheId,
      templateVersionId: proposal.templateVersionId,
      indicationId: input.indicationId,
      data: proposal.data,
    })
    const stored = created.head.data as FicheData
    const kept = Object.entries(proposal.prefilled).filter(
      ([item]) => item in stored && canonicalJson(stored[item]) === canonicalJson(proposal.data[item]),
    )
    const marks = await insertPrefills(
      trx,
      kept.map(([item, mark]) => ({
        fiche_instance_id: created.id,
        item_id: item,
        source_revision_id: mark.fromFicheRevisionId,
        source_item_id: mark.sourceItem,
        value: JSON.stringify(stored[item]),
        created_by: actor.id,
      })),
    )
    await insertAuditEvent(trx, {
      actorId: actor.id,
      action: 'fiche.prefill',
      subjectType: 'fiche',
      subjectId: created.id,
      details: {
        sourceEnrolmentId: proposal.source.enrolmentId,
        sourceRevisionId: proposal.source.revisionId,
        items: kept.map(([item]) => item),
      },
    })
    return { ...created, prefilled: marks.map(toMarkView).sort((a, b) => a.item.localeCompare(b.item)) }
  })
}

/** The fiche's prefilled values and whether each is confirmed; the caller has checked it may read the fiche. */
export async function readPrefillMarks(db: Executor, actor: Actor, ficheInstanceId: string) {
  const fiche = await findFicheInstanceRow(db, ficheInstanceId)
  if (!fiche) throw problem('not-found', { resource: 'fiche', id: ficheInstanceId })
  await authorizeOnRecord(db, actor, 'read', {
    enrolmentId: fiche.enrolment_id,
    fiche: { kind: fiche.kind, ficheInstanceId },
  })
  return (await listPrefills(db, ficheInstanceId)).map(toMarkView)
}

/** The user confirms prefilled values as still accurate (C8.1: "si elles sont toujours exactes"). */
export async function confirmPrefilledValues(
  deps: Deps,
  input: { actor: Actor; ficheInstanceId: string; items: string[] },
): Promise<PrefillMarkView[]> {
  const { actor } = input
  return deps.db.transaction().execute(async (trx) => {
    const fiche = await findFicheInstanceRow(trx, input.ficheInstanceId)
    if (!fiche) throw problem('not-found', { resource: 'fiche', id: input.ficheInstanceId })
    await authorizeOnRecord(trx, actor, 'enter', {
      enrolmentId: fiche.enrolment_id,
      fiche: { kind: fiche.kind, ficheInstanceId: fiche.id },
    })
    const marks = await listPrefills(trx, fiche.id)
    const unknown = input.items.filter((item) => !marks.some((m) => m.item_id === item))
    if (unknown.length > 0) throw problem('unknown-item', { itemPath: `/${unknown[0]}` })
    const confirmed = await confirmPrefills(trx, fiche.id, input.items, actor.id)
    if (confirmed.length > 0) {
      await insertAuditEvent(trx, {
        actorId: actor.id,
        action: 'fiche.prefill-confirm',
        subjectType: 'fiche',
        subjectId: fiche.id,
        details: { items: confirmed.map((m) => m.item_id).sort() },
      })
    }
    return (await listPrefills(trx, fiche.id)).map(toMarkView)
  })
}

/**
 * Submitting refuses prefilled values the user has not confirmed and left as proposed; a changed or
 * removed value is the user's own entry and needs no confirmation.
 */
export async function assertPrefillsConfirmed(db: Executor, ficheInstanceId: string, data: FicheData) {
  const marks = await listPrefills(db, ficheInstanceId)
  const pending = marks.filter(
    (m) =>
      m.confirmed_at === null &&
      m.item_id in data &&
      canonicalJson(data[m.item_id]) === canonicalJson(m.value),
  )
  if (pending.length > 0) throw problem('prefill-unconfirmed', { items: pending.map((m) => m.item_id) })
}

/**
 * At publication: each programme the template prefills from is checked against its latest published
 * version; an equivalence that cannot carry a value is a warning (it would silently prefill nothing).
 */
export async function prefillWarnings(db: Executor, template: Template) {
  const programmes = [
    ...new Set(template.fiches.flatMap((f) => (f.prefill ?? []).map((p) => p.from.programme))),
  ]
  const warnings = await Promise.all(
    programmes.map(async (slug) => {
      const programme = await findProgrammeBySlug(db, slug)
      const version = programme ? await findLatestTemplateVersion(db, programme.id) : undefined
      if (!version) {
        return [
          {
            rule: 'prefill-source',
            message: `Le programme « ${slug} », d'où des fiches se préremplissent, n'est pas publié sur la plateforme : rien ne sera prérempli tant qu'il ne l'est pas (C8.1).`,
          },
        ]
      }
      const source = version.model as Template
      return prefillMismatches(template, source).map((m) => ({
        rule: 'prefill-source',
        message: prefillMismatchMessageFr(m, source),
      }))
    }),
  )
  return warnings.flat()
}
