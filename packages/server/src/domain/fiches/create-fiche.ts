/**
 * Opens a fiche for a patient's enrolment, on the programme's latest published version unless one is
 * named, and saves its first draft revision in the same transaction.
 */
import { findEnrolmentContext, insertFicheInstance } from '../../db/queries/fiches.ts'
import {
  findLatestTemplateVersion,
  findTemplateFiche,
  findTemplateVersion,
} from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { type Actor, writeSource } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import type { FicheData } from './evaluate-fiche.ts'
import type { FicheView } from './fiche-view.ts'
import { writeFirstRevision } from './write-revision.ts'

export interface CreateFicheInput {
  actor: Actor
  enrolmentId: string
  ficheId: string
  templateVersionId?: string | undefined
  plannedVisitId?: string | undefined
  data: FicheData
  idempotencyKey?: string | undefined
}

export async function createFiche(deps: Deps, input: CreateFicheInput): Promise<FicheView> {
  const { actor, idempotencyKey, ...request } = input
  const scope = { actorId: actor.id, key: idempotencyKey, operation: 'fiche.create', request }
  return runCommand(deps, scope, async (trx) => {
    const enrolment = await findEnrolmentContext(trx, input.enrolmentId)
    if (!enrolment) throw problem('not-found', { resource: 'enrolment', id: input.enrolmentId })
    const source = writeSource(actor, enrolment.establishment_id, enrolment.organisation_id)
    const version = input.templateVersionId
      ? await findTemplateVersion(trx, input.templateVersionId)
      : await findLatestTemplateVersion(trx, enrolment.programme_id)
    if (!version || version.programme_id !== enrolment.programme_id) {
      throw problem('unknown-template-version', { templateVersionId: input.templateVersionId ?? null })
    }
    const templateFiche = await findTemplateFiche(trx, version.id, input.ficheId)
    if (!templateFiche) throw problem('not-found', { resource: 'template-fiche', id: input.ficheId })
    const fiche = await insertFicheInstance(trx, {
      enrolment_id: enrolment.id,
      template_version_id: version.id,
      fiche_id: templateFiche.fiche_id,
      kind: templateFiche.kind,
      planned_visit_id: input.plannedVisitId ?? null,
      status: 'draft',
      created_by: actor.id,
    })
    return writeFirstRevision(deps, trx, {
      actor,
      fiche,
      templateFicheRowId: templateFiche.id,
      establishmentId: enrolment.establishment_id,
      source,
      data: input.data,
      mode: 'draft',
    })
  })
}
