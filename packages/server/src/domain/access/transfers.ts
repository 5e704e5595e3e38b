/**
 * C10: the tool manager transfers a record to another establishment at an effective date (C10.1), as many
 * times as needed (C10.3). Custody follows from the transfers (custody.ts); nothing else is rewritten.
 */
import type { Transfer } from '../../db/database.ts'
import { insertTransfer, listTransfers } from '../../db/queries/access.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findEstablishment } from '../../db/queries/directory.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { iso } from '../json-result.ts'
import { authorizeOnRecord } from './authorize.ts'
import { holderOn } from './custody.ts'

export const toTransferView = (t: Transfer) => ({
  id: t.id,
  enrolmentId: t.enrolment_id,
  fromEstablishmentId: t.from_establishment_id,
  toEstablishmentId: t.to_establishment_id,
  effectiveDate: t.effective_date,
  transferredBy: t.transferred_by,
  createdAt: iso(t.created_at),
})

export interface TransferInput {
  actor: Actor
  enrolmentId: string
  toEstablishmentId: string
  /** `YYYY-MM-DD`. */
  effectiveDate: string
}

export async function transferRecord(deps: Deps, input: TransferInput) {
  return deps.db.transaction().execute(async (trx) => {
    const { record } = await authorizeOnRecord(trx, input.actor, 'transfer', {
      enrolmentId: input.enrolmentId,
    })
    if (!(await findEstablishment(trx, input.toEstablishmentId))) {
      throw problem('not-found', { resource: 'establishment', id: input.toEstablishmentId })
    }
    const last = record.transfers.at(-1)
    if (last && input.effectiveDate < last.effectiveDate)
      throw problem('invalid-transfer', { reason: 'date' })
    const from = holderOn(record, input.effectiveDate)
    if (from === input.toEstablishmentId) throw problem('invalid-transfer', { reason: 'same-establishment' })
    const row = await insertTransfer(trx, {
      enrolment_id: input.enrolmentId,
      from_establishment_id: from,
      to_establishment_id: input.toEstablishmentId,
      effective_date: input.effectiveDate,
      transferred_by: input.actor.id,
    })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'transfer.create',
      subjectType: 'enrolment',
      subjectId: input.enrolmentId,
      details: { transferId: row.id, from, to: row.to_establishment_id, effectiveDate: row.effective_date },
    })
    return toTransferView(row)
  })
}

export async function listTransfersOf(deps: Deps, input: { actor: Actor; enrolmentId: string }) {
  await authorizeOnRecord(deps.db, input.actor, 'read', { enrolmentId: input.enrolmentId })
  return (await listTransfers(deps.db, input.enrolmentId)).map(toTransferView)
}
