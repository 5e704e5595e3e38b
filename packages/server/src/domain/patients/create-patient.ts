/**
 * Registering a pseudonymous patient in an establishment: no name or identity, only an internal id.
 */

import type { Db } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findEstablishment } from '../../db/queries/directory.ts'
import { findPatient, insertPatient, listEnrolmentsOfPatient } from '../../db/queries/patients.ts'
import { problem } from '../../errors.ts'
import { type Actor, assertCanActForEstablishment } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import { iso } from '../json-result.ts'

export interface CreatePatientInput {
  actor: Actor
  establishmentId: string
  idempotencyKey?: string | undefined
}

export interface PatientView {
  id: string
  establishmentId: string
  createdAt: string
  enrolments: { id: string; programmeId: string; registrationNumber: string | null }[]
}

export async function createPatient(deps: Deps, input: CreatePatientInput): Promise<PatientView> {
  const { actor, idempotencyKey, ...request } = input
  assertCanActForEstablishment(actor, input.establishmentId)
  return runCommand(
    deps,
    { actorId: actor.id, key: idempotencyKey, operation: 'patient.create', request },
    async (trx) => {
      if (!(await findEstablishment(trx, input.establishmentId))) {
        throw problem('not-found', { resource: 'establishment', id: input.establishmentId })
      }
      const patient = await insertPatient(trx, {
        establishment_id: input.establishmentId,
        created_by: actor.id,
      })
      await insertAuditEvent(trx, {
        actorId: actor.id,
        action: 'patient.create',
        subjectType: 'patient',
        subjectId: patient.id,
        details: { establishmentId: patient.establishment_id },
      })
      return {
        id: patient.id,
        establishmentId: patient.establishment_id,
        createdAt: iso(patient.created_at),
        enrolments: [],
      }
    },
  )
}

export async function readPatient(db: Db, id: string): Promise<PatientView> {
  const patient = await findPatient(db, id)
  if (!patient) throw problem('not-found', { resource: 'patient', id })
  const enrolments = await listEnrolmentsOfPatient(db, id)
  return {
    id: patient.id,
    establishmentId: patient.establishment_id,
    createdAt: iso(patient.created_at),
    enrolments: enrolments.map((e) => ({
      id: e.id,
      programmeId: e.programme_id,
      registrationNumber: e.registration_number,
    })),
  }
}
