/**
 * Pseudonymous patients and their enrolments in programmes.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { createPatient, readPatient } from '../domain/patients/create-patient.ts'
import { enrolPatient } from '../domain/patients/enrol-patient.ts'
import { assignRegistrationNumber } from '../domain/patients/registration-number.ts'
import type { AppEnv } from './app-env.ts'
import { IdempotencyHeaders, jsonBody, jsonResponse, PROBLEMS, Uuid } from './common-schemas.ts'
import { limitBody } from './middleware/body-size.ts'
import { validationHook } from './validation-hook.ts'

const SMALL_BODY = 16 * 1024

const Patient = z
  .object({
    id: Uuid,
    establishmentId: Uuid,
    createdAt: z.string(),
    enrolments: z.array(z.object({ id: Uuid, programmeId: Uuid, registrationNumber: z.string().nullable() })),
  })
  .openapi('Patient')

const Enrolment = z
  .object({
    id: Uuid,
    patientId: Uuid,
    programmeId: Uuid,
    programme: z.string(),
    registrationNumber: z.string().nullable(),
    /** P4: the day an AAC / CPC access expires (null in early access). */
    accessEndsOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Enrolment')

const create = createRoute({
  method: 'post',
  path: '/patients',
  summary: 'Enregistrer un patient (pseudonyme : aucun nom)',
  'x-permission': 'register-patient',
  middleware: [limitBody(SMALL_BODY)],
  request: { headers: IdempotencyHeaders, body: jsonBody(z.strictObject({ establishmentId: Uuid })) },
  responses: {
    201: jsonResponse(Patient, 'Patient créé'),
    400: PROBLEMS[400],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
    413: PROBLEMS[413],
  },
})

const read = createRoute({
  method: 'get',
  path: '/patients/{id}',
  summary: 'Lire un patient et ses inclusions',
  'x-permission': 'read',
  request: { params: z.object({ id: Uuid }) },
  responses: { 200: jsonResponse(Patient, 'Patient'), 403: PROBLEMS[403], 404: PROBLEMS[404] },
})

const enrol = createRoute({
  method: 'post',
  path: '/enrolments',
  summary: 'Inclure un patient dans un programme',
  'x-permission': 'register-patient',
  middleware: [limitBody(SMALL_BODY)],
  request: {
    headers: IdempotencyHeaders,
    body: jsonBody(
      z.strictObject({
        patientId: Uuid,
        programme: z.string().min(1).max(64),
        registrationNumber: z.string().min(1).max(64).optional(),
      }),
    ),
  },
  responses: {
    201: jsonResponse(Enrolment, 'Inclusion créée'),
    400: PROBLEMS[400],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
    409: PROBLEMS[409],
    413: PROBLEMS[413],
  },
})

const assignNumber = createRoute({
  method: 'post',
  path: '/enrolments/{id}/registration-number',
  summary:
    "Attribuer le numéro d'enregistrement d'un dossier inclus sans numéro (accès précoce : notifié par courriel, C6.1)",
  'x-permission': 'register-patient',
  middleware: [limitBody(SMALL_BODY)],
  request: {
    headers: IdempotencyHeaders,
    params: z.object({ id: Uuid }),
    body: jsonBody(z.strictObject({ registrationNumber: z.string().min(1).max(64) })),
  },
  responses: {
    200: jsonResponse(
      z
        .object({
          id: Uuid,
          registrationNumber: z.string(),
          notification: z.enum(['not-applicable', 'deferred', 'enqueued']),
        })
        .openapi('RegistrationNumberAssignment'),
      'Numéro attribué',
    ),
    400: PROBLEMS[400],
    403: PROBLEMS[403],
    404: PROBLEMS[404],
    409: PROBLEMS[409],
    413: PROBLEMS[413],
  },
})

export const patientRoutes = () =>
  new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(create, async (c) => {
      const patient = await createPatient(c.var.deps, {
        actor: c.var.actor,
        establishmentId: c.req.valid('json').establishmentId,
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      })
      return c.json(patient, 201)
    })
    .openapi(read, async (c) =>
      c.json(await readPatient(c.var.deps.db, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(enrol, async (c) => {
      const enrolment = await enrolPatient(c.var.deps, {
        actor: c.var.actor,
        ...c.req.valid('json'),
        idempotencyKey: c.req.valid('header')['idempotency-key'],
      })
      return c.json(enrolment, 201)
    })
    .openapi(assignNumber, async (c) =>
      c.json(
        await assignRegistrationNumber(c.var.deps, {
          actor: c.var.actor,
          enrolmentId: c.req.valid('param').id,
          registrationNumber: c.req.valid('json').registrationNumber,
          idempotencyKey: c.req.valid('header')['idempotency-key'],
        }),
        200,
      ),
    )
