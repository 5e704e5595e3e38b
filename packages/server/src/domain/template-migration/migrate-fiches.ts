/**
 * P2: moving a programme's fiches to a newly published template version, explicitly, all at once or one
 * establishment at a time: a dry run (the re-validation report, nothing written), then the run itself.
 */
import { randomUUID } from 'node:crypto'
import { indexCatalogue, type ParsedTemplate, parseTemplate, parseTemplateObject } from '@openput/designer'
import type { Executor, TemplateVersion } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findTemplateVersion } from '../../db/queries/programmes.ts'
import {
  insertAuditEvents,
  insertMigrationFiches,
  insertMigrationRun,
  insertQueries,
  insertQueryMessages,
  insertRevisions,
  lockFichesOnVersion,
  moveFichesToVersion,
} from '../../db/queries/template-migration.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { authorizeOnProgramme } from '../lifecycle/programme-facts.ts'
import {
  type FicheMigrationPlan,
  type FicheOutcome,
  forEachFichePlanPage,
  loadSourceVersion,
  type ReEntry,
  type RevalidationReport,
  Revalidator,
  revalidateTemplateVersion,
  summarise,
  type UnfitValue,
} from './revalidate.ts'

export interface MigrationInput {
  actor: Actor
  /** The newly published version the fiches move to. */
  toVersionId: string
  /** The version they are on. */
  fromVersionId: string
  /** One establishment's patients only; all when absent. */
  establishmentId?: string | undefined
  now?: Date | undefined
}

/** Both versions, checked to be two versions of one programme, and the actor allowed to migrate it. */
async function versionsOf(db: Executor, input: MigrationInput) {
  const to = await findTemplateVersion(db, input.toVersionId)
  if (!to) throw problem('not-found', { resource: 'template-version', id: input.toVersionId })
  // C12: a frozen programme's fiches no longer move (can() refuses every write from the freeze day on).
  const { programme } = await authorizeOnProgramme(db, input.actor, 'migrate-fiches', to.programme_id, {
    establishmentId: input.establishmentId,
    ...(input.now ? { now: input.now } : {}),
  })
  const from = await findTemplateVersion(db, input.fromVersionId)
  if (!from)
    throw problem('invalid-migration', { reason: 'unknown-version', fromVersionId: input.fromVersionId })
  if (from.id === to.id)
    throw problem('invalid-migration', { reason: 'same-version', fromVersionId: from.id })
  if (from.programme_id !== to.programme_id) {
    throw problem('invalid-migration', { reason: 'other-programme', fromVersionId: from.id })
  }
  return { to, from, programme, target: parsedVersion(to) }
}

function parsedVersion(row: TemplateVersion): ParsedTemplate {
  const parsed = parseTemplate(row.yaml_source, `${row.version}.yaml`)
  if (parsed.ok) return parsed.value
  return (parseTemplateObject(row.model) as { ok: true; value: ParsedTemplate }).value
}

/** The dry run: what the run would do, per change and per fiche. Writes nothing. */
export async function dryRunMigration(deps: Deps, input: MigrationInput): Promise<RevalidationReport> {
  const { to, target } = await versionsOf(deps.db, input)
  return revalidateTemplateVersion(deps.db, {
    fromVersionId: input.fromVersionId,
    to: target,
    toVersionId: to.id,
    establishmentId: input.establishmentId,
  })
}

export interface MigratedFiche {
  ficheInstanceId: string
  outcome: Exclude<FicheOutcome, 'fiche-removed'>
  fromRevisionId: string | null
  toRevisionId: string
  unfit: UnfitValue[]
  reEnter: ReEntry[]
  queryIds: string[]
}

export interface MigrationRun {
  migrationId: string
  fromVersionId: string
  toVersionId: string
  establishmentId: string | null
  totals: RevalidationReport['totals'] & { moved: number; skipped: number; queriesRaised: number }
  moved: MigratedFiche[]
  /** Left on the old version: a fiche the new version no longer has, or one changed since it was read. */
  skipped: { ficheInstanceId: string; reason: 'fiche-removed' | 'changed-meanwhile' }[]
}

const describeValue = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}

/**
 * The run: each fiche still on the old version gets a new revision on the new one (source `migration`) with
 * what carries over; the old revision stays as it was (what no longer fits is kept there and listed); each
 * item to re-enter becomes an open query. Page by page, each page one transaction that locks its fiches:
 * a fiche moved by a concurrent run, or changed since it was read, is skipped, so re-running is safe.
 */
export async function migrateFiches(deps: Deps, input: MigrationInput): Promise<MigrationRun> {
  const now = input.now ?? new Date()
  const { to, from, programme, target } = await versionsOf(deps.db, input)
  const source = await loadSourceVersion(deps.db, from.id)
  const revalidator = new Revalidator(source.parsed, target)
  const labels = new Map([...indexCatalogue(target.template)].map(([id, e]) => [id, e.item.label]))
  const run = await deps.db.transaction().execute(async (trx) => {
    const row = await insertMigrationRun(trx, {
      programme_id: programme.id,
      from_version_id: from.id,
      to_version_id: to.id,
      establishment_id: input.establishmentId ?? null,
      started_by: input.actor.id,
      started_at: now,
    })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'template.migrate',
      subjectType: 'template-migration',
      subjectId: row.id,
      details: { fromVersionId: from.id, toVersionId: to.id, establishmentId: input.establishmentId ?? null },
    })
    return row
  })
  const moved: MigratedFiche[] = []
  const skipped: MigrationRun['skipped'] = []
  const outcomes: { outcome: FicheOutcome; signed: boolean }[] = []
  await forEachFichePlanPage(
    deps.db,
    revalidator,
    { templateVersionId: from.id, establishmentId: input.establishmentId },
    async (plans) => {
      const movable = plans.filter((p) => p.outcome !== 'fiche-removed')
      for (const p of plans) {
        if (p.outcome === 'fiche-removed')
          skipped.push({ ficheInstanceId: p.ficheInstanceId, reason: 'fiche-removed' })
      }
      if (movable.length === 0) return
      const done = await deps.db.transaction().execute(async (trx) => {
        const locked = new Map(
          (
            await lockFichesOnVersion(
              trx,
              movable.map((p) => p.ficheInstanceId),
              from.id,
            )
          ).map((r) => [r.id, r.head_revision_id]),
        )
        const ready = movable.filter(
          (p) => locked.has(p.ficheInstanceId) && locked.get(p.ficheInstanceId) === p.headRevisionId,
        )
        const stale = movable.filter((p) => !ready.includes(p))
        if (ready.length === 0) return { ready: [] as MigratedFiche[], stale }
        return { ready: await writePage(trx, ready), stale }
      })
      moved.push(...done.ready)
      for (const p of done.stale)
        skipped.push({ ficheInstanceId: p.ficheInstanceId, reason: 'changed-meanwhile' })
      for (const p of plans)
        if (done.ready.some((m) => m.ficheInstanceId === p.ficheInstanceId)) outcomes.push(p)
    },
  )

  /** One page: revisions, head moves, migration rows, queries and audit rows, each one statement. */
  async function writePage(trx: Executor, plans: FicheMigrationPlan[]): Promise<MigratedFiche[]> {
    const revisionIds = new Map(plans.map((p) => [p.ficheInstanceId, randomUUID()]))
    const revisionOf = (p: FicheMigrationPlan) => revisionIds.get(p.ficheInstanceId)!
    await insertRevisions(
      trx,
      plans.map((p) => ({
        id: revisionOf(p),
        fiche_instance_id: p.ficheInstanceId,
        seq: (p.headSeq ?? 0) + 1,
        base_revision_id: p.headRevisionId,
        kind: p.status === 'submitted' ? 'submission' : 'draft',
        data: JSON.stringify(p.carried),
        author_id: input.actor.id,
        establishment_id: p.establishmentId,
        source: 'migration',
        pruned: JSON.stringify(
          Object.fromEntries(
            p.unfit.filter((u) => u.reason === 'not-relevant').map((u) => [u.itemId, u.value]),
          ),
        ),
        warnings: JSON.stringify(p.warnings),
        missing_count: p.missingCount,
        created_at: now,
      })),
    )
    await moveFichesToVersion(
      trx,
      to.id,
      plans.map((p) => ({
        id: p.ficheInstanceId,
        headId: revisionOf(p),
        head: { missingCount: p.missingCount, date: p.headDate },
      })),
    )
    await insertMigrationFiches(
      trx,
      plans.map((p) => ({
        migration_id: run.id,
        fiche_instance_id: p.ficheInstanceId,
        to_version_id: to.id,
        from_revision_id: p.headRevisionId,
        to_revision_id: revisionOf(p),
        unfit: JSON.stringify(p.unfit),
        re_enter: JSON.stringify(p.reEnter),
      })),
    )
    // One query per item to re-enter (a repeated-rows cell is asked about on its own row).
    const asked = plans.flatMap((p) =>
      [...new Map(p.reEnter.map((r) => [r.path, r])).values()].map((r) => ({ plan: p, reEntry: r })),
    )
    const queries = asked.length
      ? await insertQueries(
          trx,
          asked.map(({ plan, reEntry }) => ({
            fiche_instance_id: plan.ficheInstanceId,
            item_path: reEntry.path,
            revision_id: revisionOf(plan),
            status: 'open',
            raised_by: input.actor.id,
            created_at: now,
            updated_at: now,
          })),
        )
      : []
    if (queries.length) {
      await insertQueryMessages(
        trx,
        queries.map((q, i) => ({
          query_id: q.id,
          author_id: input.actor.id,
          kind: 'raise',
          text: queryText(asked[i]!.plan, asked[i]!.reEntry),
          created_at: now,
        })),
      )
    }
    await insertAuditEvents(trx, [
      ...plans.map((p) => ({
        actor_id: input.actor.id,
        action: 'fiche.migrate',
        subject_type: 'fiche',
        subject_id: p.ficheInstanceId,
        details: JSON.stringify({
          migrationId: run.id,
          fromVersionId: from.id,
          toVersionId: to.id,
          fromRevisionId: p.headRevisionId,
          revisionId: revisionOf(p),
          seq: (p.headSeq ?? 0) + 1,
          source: 'migration',
          unfit: p.unfit.map((u) => u.path),
          reEnter: p.reEnter.map((r) => r.path),
        }),
        created_at: now,
      })),
      ...queries.map((q) => ({
        actor_id: input.actor.id,
        action: 'query.raise',
        subject_type: 'query',
        subject_id: q.id,
        details: JSON.stringify({
          ficheInstanceId: q.fiche_instance_id,
          itemPath: q.item_path,
          revisionId: revisionIds.get(q.fiche_instance_id),
          migrationId: run.id,
        }),
        created_at: now,
      })),
    ])
    return plans.map((p) => ({
      ficheInstanceId: p.ficheInstanceId,
      outcome: p.outcome as MigratedFiche['outcome'],
      fromRevisionId: p.headRevisionId,
      toRevisionId: revisionOf(p),
      unfit: p.unfit,
      reEnter: p.reEnter,
      queryIds: queries.filter((q) => q.fiche_instance_id === p.ficheInstanceId).map((q) => q.id),
    }))
  }

  function queryText(plan: FicheMigrationPlan, reEntry: ReEntry): string {
    const label = labels.get(reEntry.itemId) ?? reEntry.itemId
    const dropped = plan.unfit.find((u) => u.path === reEntry.path)
    const version = target.template.version
    const kept = plan.headSeq
      ? ` ; elle reste dans l'historique de la fiche (révision n° ${plan.headSeq})`
      : ''
    return dropped
      ? `Version ${version} du modèle : la valeur enregistrée pour « ${label} » (${describeValue(dropped.value)}) n'est plus acceptée${kept}. Merci de la saisir de nouveau.`
      : `Version ${version} du modèle : « ${label} » est désormais demandé. Merci de le renseigner.`
  }

  const queriesRaised = moved.reduce((n, m) => n + m.queryIds.length, 0)
  return {
    migrationId: run.id,
    fromVersionId: from.id,
    toVersionId: to.id,
    establishmentId: input.establishmentId ?? null,
    totals: { ...summarise(outcomes), moved: moved.length, skipped: skipped.length, queriesRaised },
    moved,
    skipped,
  }
}
