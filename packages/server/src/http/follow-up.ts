/**
 * Follow-up (C7.1–C7.3, C10.4): the patient list with each patient's state, one patient's timeline, the
 * user's dashboard, and the programme's reminder settings. Contract: docs/follow-up.md.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { DASHBOARD_LISTS, userDashboard } from '../domain/follow-up/dashboard.ts'
import { listFollowUpPatients } from '../domain/follow-up/patient-list.ts'
import { readReminderSettings, setReminderSettings } from '../domain/follow-up/reminder-settings.ts'
import { enrolmentTimeline } from '../domain/follow-up/timeline.ts'
import type { AppEnv } from './app-env.ts'
import { jsonBody, jsonResponse, PROBLEMS, READ_PROBLEMS, Uuid } from './common-schemas.ts'
import { limitBody } from './middleware/body-size.ts'
import { validationHook } from './validation-hook.ts'

const Day = z.string().openapi({ example: '2026-11-23' })
const ProgrammeSlug = z.string().min(1).max(64)
const Cursor = z.string().min(1).max(500)
const ProgrammeRef = z.object({ id: Uuid, slug: z.string(), name: z.string() })

const MissingData = z
  .object({ count: z.number().int(), total: z.number().int(), rate: z.number() })
  .openapi('MissingData')

const PlannedVisit = z
  .object({
    key: z.string(),
    visitId: z.string(),
    occurrence: z.number().int(),
    label: z.string(),
    ficheId: z.string(),
    dueDate: Day,
    windowStart: Day,
    windowEnd: Day,
    state: z.enum(['done', 'due', 'overdue', 'upcoming']),
    fiche: z
      .object({
        id: Uuid,
        status: z.enum(['draft', 'submitted']),
        date: Day.nullable(),
        late: z.boolean(),
      })
      .nullable(),
  })
  .openapi('PlannedVisit')

const Treatment = z.enum(['not-initiated', 'on-treatment', 'stopped'])

const PatientList = z
  .object({
    programme: ProgrammeRef,
    asOf: Day,
    items: z.array(
      z.object({
        patientId: Uuid,
        enrolmentId: Uuid,
        establishmentId: Uuid,
        registrationNumber: z.string().nullable(),
        createdAt: z.string(),
        fat: z.object({
          ficheInstanceId: Uuid.nullable(),
          state: z.enum(['none', 'draft', 'submitted', 'signed']),
        }),
        initiationDate: Day.nullable(),
        treatment: Treatment,
        stopDate: Day.nullable(),
        nextVisit: PlannedVisit.nullable(),
        overdueCount: z.number().int(),
        openQueriesCount: z.number().int(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi('PatientList')

const EnteredBy = z.object({
  establishmentId: Uuid,
  establishmentName: z.string(),
  authorId: Uuid,
  authorName: z.string(),
  source: z.enum(['direct', 'transcription', 'migration']),
})

const Timeline = z
  .object({
    enrolmentId: Uuid,
    patientId: Uuid,
    programme: ProgrammeRef,
    registrationNumber: z.string().nullable(),
    asOf: Day,
    initiationDate: Day.nullable(),
    treatment: Treatment,
    stopDate: Day.nullable(),
    custody: z.array(
      z.object({
        establishmentId: Uuid,
        establishmentName: z.string(),
        from: Day.nullable(),
        to: Day.nullable(),
      }),
    ),
    visits: z.array(PlannedVisit),
    missingFiches: z.number().int(),
    fiches: z.array(
      z.object({
        id: Uuid,
        ficheId: z.string(),
        kind: z.string(),
        title: z.string(),
        templateVersionId: Uuid,
        version: z.string(),
        status: z.enum(['draft', 'submitted']),
        plannedVisitKey: z.string().nullable(),
        date: Day.nullable(),
        missing: MissingData,
        openQueries: z.number().int(),
        createdAt: z.string(),
        enteredBy: EnteredBy.nullable(),
        revisions: z.array(
          EnteredBy.extend({
            id: Uuid,
            seq: z.number().int(),
            kind: z.enum(['draft', 'submission']),
            createdAt: z.string(),
            missingCount: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .openapi('Timeline')

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

const Dashboard = z
  .object({
    programme: ProgrammeRef,
    asOf: Day,
    notice: z.string(),
    counts: z.object({
      patients: z.number().int(),
      overdueVisits: z.number().int(),
      dueVisits: z.number().int(),
      fichesWithMissingData: z.number().int(),
      openQueries: z.number().int(),
    }),
    overdueVisits: page(
      z.object({
        enrolmentId: Uuid,
        patientId: Uuid,
        registrationNumber: z.string().nullable(),
        establishmentId: Uuid,
        visit: PlannedVisit,
        daysOverdue: z.number().int(),
      }),
    ).optional(),
    fichesWithMissingData: page(
      z.object({
        ficheInstanceId: Uuid,
        enrolmentId: Uuid,
        patientId: Uuid,
        registrationNumber: z.string().nullable(),
        ficheId: z.string(),
        title: z.string(),
        status: z.enum(['draft', 'submitted']),
        missing: MissingData,
        updatedAt: z.string(),
      }),
    ).optional(),
    openQueries: page(
      z.object({
        queryId: Uuid,
        ficheInstanceId: Uuid,
        enrolmentId: Uuid,
        registrationNumber: z.string().nullable(),
        ficheId: z.string(),
        itemPath: z.string(),
        status: z.string(),
        createdAt: z.string(),
      }),
    ).optional(),
  })
  .openapi('Dashboard')

const ReminderSettings = z
  .strictObject({
    enabled: z.boolean(),
    cadence: z.enum(['daily', 'weekly']),
    dayOfWeek: z
      .number()
      .int()
      .min(1)
      .max(7)
      .openapi({ description: 'Jour ISO (lundi = 1) du rappel hebdomadaire' }),
  })
  .openapi('ReminderSettings')

export const followUpRouteDefinitions = {
  patients: createRoute({
    method: 'get',
    path: '/patients',
    summary: "Patients d'un programme (par établissement), avec l'état de leur suivi",
    'x-permission': 'read',
    request: {
      query: z.object({
        programme: ProgrammeSlug,
        establishment: Uuid.optional(),
        cursor: Cursor.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: { 200: jsonResponse(PatientList, 'Patients et état du suivi'), ...READ_PROBLEMS },
  }),
  timeline: createRoute({
    method: 'get',
    path: '/enrolments/{id}/timeline',
    summary: 'Fiches du patient face au calendrier de suivi, données manquantes et saisie par établissement',
    'x-permission': 'read',
    request: { params: z.object({ id: Uuid }) },
    responses: { 200: jsonResponse(Timeline, 'Chronologie du suivi'), ...READ_PROBLEMS },
  }),
  dashboard: createRoute({
    method: 'get',
    path: '/dashboard',
    summary: 'Tableau de bord de votre activité (visites en retard, données manquantes, queries)',
    'x-permission': 'read',
    request: {
      query: z.object({
        programme: ProgrammeSlug,
        list: z.enum(DASHBOARD_LISTS).optional(),
        cursor: Cursor.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(20),
      }),
    },
    responses: { 200: jsonResponse(Dashboard, 'Tableau de bord'), ...READ_PROBLEMS },
  }),
  readReminders: createRoute({
    method: 'get',
    path: '/programmes/{programme}/reminder-settings',
    summary: 'Réglage des rappels de visites en retard du programme',
    'x-permission': 'configure-reminders',
    request: { params: z.object({ programme: ProgrammeSlug }) },
    responses: { 200: jsonResponse(ReminderSettings, 'Réglage des rappels'), ...READ_PROBLEMS },
  }),
  setReminders: createRoute({
    method: 'put',
    path: '/programmes/{programme}/reminder-settings',
    summary: 'Activer, désactiver ou régler les rappels de visites en retard (gestionnaire du programme)',
    'x-permission': 'configure-reminders',
    middleware: [limitBody(4 * 1024)],
    request: { params: z.object({ programme: ProgrammeSlug }), body: jsonBody(ReminderSettings) },
    responses: {
      200: jsonResponse(ReminderSettings, 'Réglage enregistré'),
      413: PROBLEMS[413],
      ...READ_PROBLEMS,
    },
  }),
}

export const followUpRoutes = () => {
  const r = followUpRouteDefinitions
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(r.patients, async (c) => {
      const q = c.req.valid('query')
      const list = await listFollowUpPatients(c.var.deps.db, c.var.actor, {
        programme: q.programme,
        establishmentId: q.establishment,
        cursor: q.cursor,
        limit: q.limit,
      })
      return c.json(list, 200)
    })
    .openapi(r.timeline, async (c) =>
      c.json(await enrolmentTimeline(c.var.deps.db, c.var.actor, c.req.valid('param').id), 200),
    )
    .openapi(r.dashboard, async (c) =>
      c.json(await userDashboard(c.var.deps.db, c.var.actor, c.req.valid('query')), 200),
    )
    .openapi(r.readReminders, async (c) =>
      c.json(await readReminderSettings(c.var.deps.db, c.var.actor, c.req.valid('param').programme), 200),
    )
    .openapi(r.setReminders, async (c) =>
      c.json(
        await setReminderSettings(c.var.deps, {
          actor: c.var.actor,
          programme: c.req.valid('param').programme,
          settings: c.req.valid('json'),
        }),
        200,
      ),
    )
}
