/**
 * Enrolling a patient in a programme (one record per authorisation, C1.2), with the registration number
 * when early access has assigned one: unique within the programme, unchanged across status changes (C8.2).
 */
import { isUniqueViolation } from '../../db/errors.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findFreezeInForce } from '../../db/queries/lifecycle.ts'
import { findPatient, insertEnrolment } from '../../db/queries/patients.ts'
import { findProgrammeBySlug } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { authorizeOn } from '../access/authorize.ts'
import { calendarDay } from '../access/custody.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import { iso } from '../json-result.ts'
import { accessEndOnEnrolment } from '../lifecycle/access-term.ts'

export interface EnrolInput {
  actor: Actor
  patientId: string
  /** The programme's slug, as in the template (`examplimab-aap`). */
  programme: string
  registrationNumber?: string | undefined
  idempotencyKey?: string | undefined
}

export async function enrolPatient(deps: Deps, input: EnrolInput) {
  const { actor, idempotencyKey, ...request } = input
  try {
    return await runCommand(
      deps,
      { actorId: actor.id, key: idempotencyKey, operation: 'enrolment.create', request },
      async (trx) => {
        const patient = await findPatient(trx, input.patientId)
        if (!patient) throw problem('not-found', { resource: 'patient', id: input.patientId })
        const programme = await findProgrammeBySlug(trx, input.programme)
        if (!programme) throw problem('not-found', { resource: 'programme', id: input.programme })
        const freeze = await findFreezeInForce(trx, programme.id)
        authorizeOn(actor, 'register-patient', {
          type: 'establishment',
          establishmentId: patient.establishment_id,
          // C12: nobody enrols in a frozen programme
          freezesOn: freeze?.freeze_on ?? null,
        })
        // P4: an AAC / CPC access lasts what the decision states, from the day of enrolment
        const accessEndsOn = await accessEndOnEnrolment(trx, programme, calendarDay(new Date()))
        const enrolment = await insertEnrolment(trx, {
          patient_id: patient.id,
          programme_id: programme.id,
          registration_number: input.registrationNumber ?? null,
          created_by: actor.id,
          access_ends_on: accessEndsOn,
        })
        await insertAuditEvent(trx, {
          actorId: actor.id,
          action: 'enrolment.create',
          subjectType: 'enrolment',
          subjectId: enrolment.id,
          details: {
            patientId: patient.id,
            programme: programme.slug,
            registrationNumber: enrolment.registration_number,
          },
        })
        return {
          id: enrolment.id,
          patientId: enrolment.patient_id,
          programmeId: enrolment.programme_id,
          programme: programme.slug,
          registrationNumber: enrolment.registration_number,
          accessEndsOn,
          createdAt: iso(enrolment.created_at),
        }
      },
    )
  } catch (error) {
    if (isUniqueViolation(error, 'enrolments_patient_programme_uq'))
      throw problem('already-enrolled', { patientId: input.patientId })
    if (isUniqueViolation(error, 'enrolments_registration_number_uq')) {
      throw problem('registration-number-taken', { registrationNumber: input.registrationNumber })
    }
    throw error
  }
}

export type EnrolmentView = Awaited<ReturnType<typeof enrolPatient>>
