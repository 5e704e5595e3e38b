/**
 * C11: supply is dissociated from data collection. An establishment ordering for a patient gives only the
 * registration number (C11.1); the answer says only whether the FAT — the one thing that may hold an order
 * (C11.3) — is complete and signed, and never depends on follow-up data (C11.2). There is no ordering
 * module (C1.3): this is a check an ordering system may call, nothing more (docs/supply.md).
 */
import type { Executor } from '../../db/database.ts'
import { findEnrolmentsByRegistrationNumber, findFatOf } from '../../db/queries/lifecycle.ts'
import { problem } from '../../errors.ts'
import { authorizeOnRecord } from '../access/authorize.ts'
import type { Actor } from '../actor.ts'
import { ficheSignatures } from '../signatures/read-signatures.ts'

export interface OrderCheck {
  registrationNumber: string
  fatCompleteAndSigned: boolean
}

/**
 * Complete: the FAT is submitted, which the server accepts only when it validates (every required item).
 * Signed: every signature the template requires is valid on its current revision (C5.5).
 */
export async function checkOrder(
  db: Executor,
  actor: Actor,
  input: { registrationNumber: string; programme?: string | undefined },
  now = new Date(),
): Promise<OrderCheck> {
  const enrolments = await findEnrolmentsByRegistrationNumber(db, input.registrationNumber, input.programme)
  if (enrolments.length === 0) {
    throw problem('not-found', { resource: 'registration-number', id: input.registrationNumber })
  }
  if (enrolments.length > 1) {
    throw problem('ambiguous-registration-number', { registrationNumber: input.registrationNumber })
  }
  const enrolment = enrolments[0]!
  await authorizeOnRecord(db, actor, 'check-order', { enrolmentId: enrolment.id }, now)
  const fat = await findFatOf(db, enrolment.id)
  const complete = fat?.status === 'submitted'
  const signed = complete ? (await ficheSignatures(db, fat.id)).signatureState === 'signed' : false
  return { registrationNumber: input.registrationNumber, fatCompleteAndSigned: complete && signed }
}
