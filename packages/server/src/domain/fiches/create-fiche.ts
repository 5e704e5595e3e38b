/**
 * Opens a fiche for a patient's enrolment, on the programme's latest published version unless one is
 * named, and saves its first draft revision in the same transaction.
 */
import type { Transaction } from 'kysely'
import type { Database } from '../../db/database.ts'
import { insertAccessRequest } from '../../db/queries/access.ts'
import { findEnrolmentContext, insertFicheInstance } from '../../db/queries/fiches.ts'
import {
  findLatestTemplateVersion,
  findTemplateFiche,
  findTemplateVersion,
} from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { authorizeOnRecord } from '../access/authorize.ts'
import { accessKeyFor } from '../access/indication-access.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import { notifyRegistrationNumber } from '../patients/registration-number.ts'
import type { Template } from '../templates/designer.ts'
import type { FicheData } from './evaluate-fiche.ts'
import type { FicheView } from './fiche-view.ts'
import { writeFirstRevision } from './write-revision.ts'

export interface CreateFicheInput {
  actor: Actor
  enrolmentId: string
  ficheId: string
  templateVersionId?: string | undefined
  plannedVisitId?: string | undefined
  /** C3.3: for a FAT of a programme whose indications have distinct access, the indication requested. */
  indicationId?: string | undefined
  data: FicheData
  idempotencyKey?: string | undefined
}

export async function createFiche(deps: Deps, input: CreateFicheInput): Promise<FicheView> {
  const { actor, idempotencyKey, ...request } = input
  const scope = { actorId: actor.id, key: idempotencyKey, operation: 'fiche.create', request }
  return runCommand(deps, scope, (trx) => createFicheIn(deps, trx, input))
}

/** The command's body, inside a caller's transaction (a prefilled FAT records its marks in the same one). */
export async function createFicheIn(
  deps: Deps,
  trx: Transaction<Database>,
  input: Omit<CreateFicheInput, 'idempotencyKey'>,
): Promise<FicheView> {
  const { actor } = input
  const enrolment = await findEnrolmentContext(trx, input.enrolmentId)
  if (!enrolment) throw problem('not-found', { resource: 'enrolment', id: input.enrolmentId })
  const version = input.templateVersionId
    ? await findTemplateVersion(trx, input.templateVersionId)
    : await findLatestTemplateVersion(trx, enrolment.programme_id)
  if (!version || version.programme_id !== enrolment.programme_id) {
    throw problem('unknown-template-version', { templateVersionId: input.templateVersionId ?? null })
  }
  const templateFiche = await findTemplateFiche(trx, version.id, input.ficheId)
  if (!templateFiche) throw problem('not-found', { resource: 'template-fiche', id: input.ficheId })
  const template = version.model as Template
  const isFat = templateFiche.kind === 'fat'
  const { decision, record } = await authorizeOnRecord(trx, actor, 'enter', {
    enrolmentId: enrolment.id,
    fiche: {
      kind: templateFiche.kind,
      access: template.fiches.find((f) => f.id === templateFiche.fiche_id)?.access,
    },
    accessKey: isFat ? accessKeyFor(template, input.indicationId) : undefined,
  })
  // C5.2: opening a patient's first FAT is the treatment-access request; it fixes the record's access key.
  if (isFat && !record.hasFat) {
    await insertAccessRequest(trx, {
      establishment_id: decision.establishmentId ?? enrolment.establishment_id,
      programme_id: enrolment.programme_id,
      indication_id: record.accessKey,
      enrolment_id: enrolment.id,
      requested_by: actor.id,
    })
    // C6.1: a number given at enrolment is announced now, to whoever has access at this request.
    await notifyRegistrationNumber(trx, { enrolmentId: enrolment.id, actorId: actor.id })
  }
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
    establishmentId: decision.establishmentId ?? enrolment.establishment_id,
    source: decision.source,
    data: input.data,
    mode: 'draft',
  })
}
