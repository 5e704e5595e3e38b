/**
 * Template version migration (P2): the dry run (the re-validation report, nothing written) and the run
 * that moves a programme's fiches, all at once or one establishment at a time, to a new version.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { dryRunMigration, migrateFiches } from '../domain/template-migration/migrate-fiches.ts'
import type { AppEnv } from './app-env.ts'
import { jsonBody, jsonResponse, PROBLEMS, Uuid } from './common-schemas.ts'
import { validationHook } from './validation-hook.ts'

const MigrationRequest = z
  .strictObject({
    fromVersionId: Uuid.openapi({ description: 'La version sur laquelle sont les fiches à migrer.' }),
    establishmentId: Uuid.optional().openapi({
      description: 'Migrer les fiches des patients de cet établissement seulement (toutes sinon).',
    }),
  })
  .openapi('MigrationRequest')

const Outcome = z.enum(['carries-over', 'no-longer-fits', 'must-be-re-entered', 'fiche-removed'])
const Unfit = z.object({
  path: z.string(),
  itemId: z.string(),
  value: z.unknown(),
  reason: z.enum(['item-not-collected', 'fiche-removed', 'value-rejected', 'not-relevant']),
  keyword: z.string().optional(),
  changes: z.array(z.number().int()),
})
const ReEntry = z.object({ path: z.string(), itemId: z.string(), changes: z.array(z.number().int()) })
const Totals = z.object({
  fiches: z.number().int(),
  signed: z
    .number()
    .int()
    .openapi({ description: 'Fiches signées dont la migration annule les signatures.' }),
  'carries-over': z.number().int(),
  'no-longer-fits': z.number().int(),
  'must-be-re-entered': z.number().int(),
  'fiche-removed': z.number().int(),
})

const MigrationReport = z
  .object({
    from: z.object({ templateVersionId: Uuid, programme: z.string(), version: z.string() }),
    to: z.object({ templateVersionId: Uuid.optional(), programme: z.string(), version: z.string() }),
    diff: z.record(z.string(), z.unknown()).openapi({ description: 'Le diff sémantique du designer.' }),
    totals: Totals,
    changes: z.array(
      z.object({
        index: z.number().int(),
        change: z.record(z.string(), z.unknown()),
        fichesWithValue: z.number().int(),
        noLongerFits: z.number().int(),
        mustBeReEntered: z.number().int(),
      }),
    ),
    fiches: z.array(
      z.object({
        ficheInstanceId: Uuid,
        ficheId: z.string(),
        status: z.string(),
        registrationNumber: z.string().nullable(),
        establishmentId: Uuid,
        headRevisionId: Uuid.nullable(),
        signed: z.boolean(),
        outcome: Outcome,
        unfit: z.array(Unfit),
        reEnter: z.array(ReEntry),
        touchedBy: z.array(z.number().int()),
      }),
    ),
  })
  .openapi('MigrationDryRun')

const MigrationRun = z
  .object({
    migrationId: Uuid,
    fromVersionId: Uuid,
    toVersionId: Uuid,
    establishmentId: Uuid.nullable(),
    totals: Totals.extend({
      moved: z.number().int(),
      skipped: z.number().int(),
      queriesRaised: z.number().int(),
    }),
    moved: z.array(
      z.object({
        ficheInstanceId: Uuid,
        outcome: Outcome,
        fromRevisionId: Uuid.nullable(),
        toRevisionId: Uuid,
        unfit: z.array(Unfit),
        reEnter: z.array(ReEntry),
        queryIds: z.array(Uuid),
      }),
    ),
    skipped: z.array(
      z.object({ ficheInstanceId: Uuid, reason: z.enum(['fiche-removed', 'changed-meanwhile']) }),
    ),
  })
  .openapi('MigrationRun')

const errors = { 400: PROBLEMS[400], 403: PROBLEMS[403], 404: PROBLEMS[404], 422: PROBLEMS[422] }

export const migrationRouteDefinitions = {
  dryRun: createRoute({
    method: 'post',
    path: '/template-versions/{id}/migrations/dry-run',
    summary: 'Simuler la migration des fiches vers cette version (rien n’est écrit)',
    description:
      'Revalide les données enregistrées sur la version de départ contre cette version : par changement du diff et par fiche, ce qui est repris, ce qui ne convient plus, ce qui est à ressaisir (P2).',
    'x-permission': 'migrate-fiches',
    request: { params: z.object({ id: Uuid }), body: jsonBody(MigrationRequest) },
    responses: { 200: jsonResponse(MigrationReport, 'Rapport de la simulation'), ...errors },
  }),
  run: createRoute({
    method: 'post',
    path: '/template-versions/{id}/migrations',
    summary: 'Migrer les fiches vers cette version',
    description:
      'Chaque fiche reçoit une révision sur la nouvelle version (source « migration ») avec ce qui est repris ; l’ancienne révision reste dans l’historique ; chaque donnée à ressaisir devient une demande de clarification. Relancer est sans effet sur les fiches déjà migrées (P2).',
    'x-permission': 'migrate-fiches',
    request: { params: z.object({ id: Uuid }), body: jsonBody(MigrationRequest) },
    responses: { 200: jsonResponse(MigrationRun, 'Migration effectuée'), ...errors },
  }),
}

export const migrationRoutes = () =>
  new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(migrationRouteDefinitions.dryRun, async (c) => {
      const report = await dryRunMigration(c.var.deps, {
        actor: c.var.actor,
        toVersionId: c.req.valid('param').id,
        ...c.req.valid('json'),
      })
      // The domain's types are the source; the schema documents them (the diff's changes loosely).
      return c.json(report as unknown as z.infer<typeof MigrationReport>, 200)
    })
    .openapi(migrationRouteDefinitions.run, async (c) => {
      const run = await migrateFiches(c.var.deps, {
        actor: c.var.actor,
        toVersionId: c.req.valid('param').id,
        ...c.req.valid('json'),
      })
      return c.json(run as z.infer<typeof MigrationRun>, 200)
    })
