/**
 * Registering a pseudonymous patient in an establishment: no name or identity, only an internal id.
 */

import type { Db } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findEstablishment } from '../../db/queries/directory.ts'
import { findPatient, insertPatient, listEnrolmentsOfPatient } from '../../db/queries/patients.ts'
import { problem } from '../../errors.ts'
import { authorizeOn, authorizeOnRecord } from '../access/authorize.ts'
import type { Actor } from '../actor.ts'
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
  authorizeOn(actor, 'register-patient', { type: 'establishment', establishmentId: input.establishmentId })
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

/**
 * A patient is read through their records: the actor sees the enrolments they may read (C5.2–C5.4, C9, C10);
 * a patient not yet enrolled is seen by whoever may register patients in their establishment.
 */
export async function readPatient(db: Db, actor: Actor, id: string): Promise<PatientView> {
  const patient = await findPatient(db, id)
  if (!patient) throw problem('not-found', { resource: 'patient', id })
  const all = await listEnrolmentsOfPatient(db, id)
  const readable = await Promise.all(
    all.map((e) =>
      authorizeOnRecord(db, actor, 'read', { enrolmentId: e.id }).then(
        () => true,
        () => false,
      ),
    ),
  )
  const enrolments = all.filter((_, i) => readable[i])
  if (all.length === 0) {
    authorizeOn(actor, 'register-patient', {
      type: 'establishment',
      establishmentId: patient.establishment_id,
    })
  } else if (enrolments.length === 0) {
    await authorizeOnRecord(db, actor, 'read', { enrolmentId: all[0]!.id })
  }
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
