/**
 * C6.1: in early access, a record's registration number is announced by e-mail to the prescriber and to
 * every professional who had access to the record when its treatment-access request was made; the mail
 * carries the number, the programme and a link to the record, nothing else about the patient. A number
 * given before the request (at enrolment) is announced when the request is made.
 */
import type { Executor } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findRegistrationFacts, setRegistrationNumber } from '../../db/queries/registration-numbers.ts'
import { problem } from '../../errors.ts'
import { authorizeOn, authorizeOnRecord } from '../access/authorize.ts'
import { professionalsWithAccess } from '../access/record-audience.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import { enqueueMail, InvalidMailError } from '../mail/outbox.ts'

/** The frameworks of early access (accès précoce), where C6.1 applies. */
export const EARLY_ACCESS_FRAMEWORKS: readonly string[] = ['aap-pre-amm', 'aap-post-amm']

/** Where a record is read in the runtime app (packages/runtime/src/app/routes.tsx). */
export const recordPath = (enrolmentId: string) => `/dossiers/${enrolmentId}`

export type NotificationOutcome =
  | { status: 'not-applicable' }
  /** No treatment-access request yet: it will be announced when the record's first FAT makes one. */
  | { status: 'deferred' }
  | { status: 'enqueued'; recipients: string[] }

/**
 * Enqueues the C6.1 mails of a record, in the caller's transaction, and audits them. Idempotent: each
 * recipient's mail has a dedupe key, so calling it again (number then request) sends nothing twice.
 */
export async function notifyRegistrationNumber(
  trx: Executor,
  input: { enrolmentId: string; actorId: string },
): Promise<NotificationOutcome> {
  const facts = await findRegistrationFacts(trx, input.enrolmentId)
  if (!facts?.registration_number || !EARLY_ACCESS_FRAMEWORKS.includes(facts.framework)) {
    return { status: 'not-applicable' }
  }
  if (!facts.requested_at) return { status: 'deferred' }
  const audience = await professionalsWithAccess(trx, facts.id, {
    exact: facts.requested_at_exact!,
    date: new Date(facts.requested_at),
  })
  const mails = await Promise.all(
    audience.map((p) =>
      enqueueMail(trx, {
        template: 'registration-number-assigned',
        to: p.email,
        data: {
          registrationNumber: facts.registration_number!,
          programmeName: facts.programme_name,
          patientPath: recordPath(facts.id),
        },
        dedupeKey: `registration-number:${facts.id}:${p.userId}`,
      }).catch((error: unknown) => {
        // An address of the directory that the outbox refuses must not undo the request: audited below.
        if (error instanceof InvalidMailError) return undefined
        throw error
      }),
    ),
  )
  const created = audience.flatMap((p, i) => (mails[i]?.created ? [{ ...p, mailId: mails[i].id }] : []))
  const undeliverable = audience.filter((_, i) => !mails[i])
  if (created.length + undeliverable.length > 0) {
    await insertAuditEvent(trx, {
      actorId: input.actorId,
      action: 'enrolment.registration-number-notified',
      subjectType: 'enrolment',
      subjectId: facts.id,
      details: {
        registrationNumber: facts.registration_number,
        requestedAt: new Date(facts.requested_at).toISOString(),
        recipients: created.map((p) => ({ userId: p.userId, role: p.role })),
        outboxMailIds: created.map((p) => p.mailId),
        undeliverable: undeliverable.map((p) => ({ userId: p.userId, role: p.role })),
      },
    })
  }
  return { status: 'enqueued', recipients: created.map((p) => p.userId) }
}

export interface AssignRegistrationNumberInput {
  actor: Actor
  enrolmentId: string
  registrationNumber: string
  idempotencyKey?: string | undefined
}

/**
 * Gives a record its registration number when it was enrolled without one (the usual order in early
 * access: the treatment-access request first, then the number). Allowed to whoever may enrol patients
 * in the record's establishment and read the record; a number, once set, never changes (C8.2).
 */
export async function assignRegistrationNumber(deps: Deps, input: AssignRegistrationNumberInput) {
  const { actor, idempotencyKey, ...request } = input
  try {
    return await runCommand(
      deps,
      { actorId: actor.id, key: idempotencyKey, operation: 'enrolment.registration-number', request },
      async (trx) => {
        const { row } = await authorizeOnRecord(trx, actor, 'read', { enrolmentId: input.enrolmentId })
        authorizeOn(actor, 'register-patient', {
          type: 'establishment',
          establishmentId: row.origin_establishment_id,
        })
        const enrolment = await setRegistrationNumber(trx, input.enrolmentId, input.registrationNumber)
        if (!enrolment) {
          const current = await findRegistrationFacts(trx, input.enrolmentId)
          throw problem('registration-number-already-assigned', {
            registrationNumber: current?.registration_number ?? null,
          })
        }
        await insertAuditEvent(trx, {
          actorId: actor.id,
          action: 'enrolment.registration-number',
          subjectType: 'enrolment',
          subjectId: enrolment.id,
          details: { registrationNumber: enrolment.registration_number },
        })
        const notification = await notifyRegistrationNumber(trx, {
          enrolmentId: enrolment.id,
          actorId: actor.id,
        })
        return {
          id: enrolment.id,
          registrationNumber: enrolment.registration_number!,
          notification: notification.status,
        }
      },
    )
  } catch (error) {
    if (isUniqueViolation(error, 'enrolments_registration_number_uq')) {
      throw problem('registration-number-taken', { registrationNumber: input.registrationNumber })
    }
    throw error
  }
}
