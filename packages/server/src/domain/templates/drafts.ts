/**
 * The designer's workflow for a new template version (P2): a draft saved as YAML under optimistic
 * concurrency and checked on every save with the CLI's code, submitted for review, approved or rejected by
 * a reviewer who did not write it, and published; a version with breaking changes needs an approval.
 */
import {
  type Change,
  checkTemplateText,
  parseTemplate,
  type TemplateDiff,
  templateIdentity,
} from '@openput/designer'
import type { Selectable } from 'kysely'
import type { Executor, TemplateDraftState, TemplateDraftsTable } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findProgrammeBySlug } from '../../db/queries/programmes.ts'
import {
  findDraft,
  findDraftForUpdate,
  findLatestPublishedBySlug,
  insertDraft,
  insertReview,
  listDrafts,
  listPublishedVersions,
  listReviews,
  setDraftState,
  updateDraftContent,
} from '../../db/queries/template-drafts.ts'
import { problem } from '../../errors.ts'
import { authorizeOn } from '../access/authorize.ts'
import { can, NO_HELD_ACCESS } from '../access/can.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { iso } from '../json-result.ts'
import { revalidateTemplateVersion } from '../template-migration/revalidate.ts'
import { analyseTemplate } from './designer.ts'
import { type PublishedVersion, storePublishedVersion, versionExists } from './publish-template.ts'

type DraftRow = Selectable<TemplateDraftsTable>

const fileName = (programme: string, version: string | null) => `${programme}/${version ?? 'brouillon'}.yaml`

/** The organisations of the actor where `action` on their templates is allowed. */
function organisationsFor(
  actor: Actor,
  action: 'view-template-drafts' | 'author-template' | 'publish-template',
) {
  const ids = [...new Set(actor.memberships.flatMap((m) => (m.organisation_id ? [m.organisation_id] : [])))]
  return ids.filter(
    (organisationId) =>
      can(actor, action, { type: 'organisation', organisationId }, { now: new Date(), held: NO_HELD_ACCESS })
        .allowed,
  )
}

/** Where a refusal is explained: the actor's first lab, so the reason names their role, not another lab. */
const anyOrganisation = (actor: Actor) =>
  actor.memberships.find((m) => m.organisation_id)?.organisation_id ?? ''

async function draftOrNotFound(db: Executor, id: string, lock = false) {
  const draft = lock ? await findDraftForUpdate(db, id) : await findDraft(db, id)
  if (!draft) throw problem('not-found', { resource: 'template-draft', id })
  return draft
}

const organisationOf = (draft: { organisation_id: string }) => ({
  type: 'organisation' as const,
  organisationId: draft.organisation_id,
})

function checkText(yaml: string, programme: string, version: string | null) {
  const findings = checkTemplateText(yaml, fileName(programme, version))
  return {
    findings,
    errorCount: findings.filter((f) => f.severity === 'error').length,
    warningCount: findings.filter((f) => f.severity === 'warning').length,
  }
}

async function draftView(db: Executor, draft: Awaited<ReturnType<typeof draftOrNotFound>>) {
  const [reviews, base] = await Promise.all([
    listReviews(db, draft.id),
    findLatestPublishedBySlug(db, draft.programme),
  ])
  const { findings } = checkText(draft.yaml_source, draft.programme, draft.version)
  return {
    id: draft.id,
    programme: draft.programme,
    version: draft.version,
    state: draft.state,
    revision: draft.revision,
    yaml: draft.yaml_source,
    errorCount: draft.error_count,
    warningCount: draft.warning_count,
    findings,
    authorIds: draft.authors,
    updatedAt: iso(draft.updated_at),
    publishedVersionId: draft.published_version_id,
    base: base && base.id !== draft.published_version_id ? { id: base.id, version: base.version } : null,
    reviews: reviews.map((r) => ({
      id: r.id,
      revision: r.draft_revision,
      reviewerId: r.reviewer_id,
      reviewerName: r.reviewer_name,
      decision: r.decision,
      comment: r.comment,
      breakingCount: r.breaking_count,
      createdAt: iso(r.created_at),
    })),
  }
}

export type DraftView = Awaited<ReturnType<typeof draftView>>

// ---------------------------------------------------------------------------------------------------
// Reading

/** The programmes of the actor's labs with their published versions and drafts, for the designer's home. */
export async function listDesignerProgrammes(deps: Deps, actor: Actor) {
  const organisations = organisationsFor(actor, 'view-template-drafts')
  if (organisations.length === 0) {
    // The refusal says why (a hospital role, a data manager…).
    authorizeOn(actor, 'view-template-drafts', {
      type: 'organisation',
      organisationId: anyOrganisation(actor),
    })
  }
  const [versions, drafts] = await Promise.all([
    listPublishedVersions(deps.db, organisations),
    listDrafts(deps.db, organisations),
  ])
  const programmes = new Map<
    string,
    {
      programme: string
      name: string | null
      versions: { id: string; version: string; effectiveDate: string; publishedAt: string }[]
      drafts: {
        id: string
        version: string | null
        state: TemplateDraftState
        revision: number
        errorCount: number
        warningCount: number
        updatedAt: string
      }[]
    }
  >()
  const entry = (slug: string) => {
    let p = programmes.get(slug)
    if (!p) {
      p = { programme: slug, name: null, versions: [], drafts: [] }
      programmes.set(slug, p)
    }
    return p
  }
  for (const v of versions) {
    const p = entry(v.programme)
    p.name = v.programme_name
    p.versions.push({
      id: v.id,
      version: v.version,
      effectiveDate: v.effective_date,
      publishedAt: iso(v.published_at),
    })
  }
  for (const d of drafts) {
    if (d.state === 'published') continue
    entry(d.programme).drafts.push({
      id: d.id,
      version: d.version,
      state: d.state,
      revision: d.revision,
      errorCount: d.error_count,
      warningCount: d.warning_count,
      updatedAt: iso(d.updated_at),
    })
  }
  return [...programmes.values()].sort((a, b) => (a.programme < b.programme ? -1 : 1))
}

export async function readDraft(deps: Deps, actor: Actor, id: string) {
  const draft = await draftOrNotFound(deps.db, id)
  authorizeOn(actor, 'view-template-drafts', organisationOf(draft))
  return draftView(deps.db, draft)
}

/** The YAML file of a draft, as `openput check` reads it. */
export async function exportDraft(deps: Deps, actor: Actor, id: string) {
  const draft = await draftOrNotFound(deps.db, id)
  authorizeOn(actor, 'view-template-drafts', organisationOf(draft))
  return { yaml: draft.yaml_source, fileName: `${draft.programme}-${draft.version ?? 'brouillon'}.yaml` }
}

// ---------------------------------------------------------------------------------------------------
// The diff a reviewer reads

interface DiffWithImpact {
  base: { id: string; version: string } | null
  counts: TemplateDiff['counts']
  changes: (Omit<Change, 'atA' | 'atB'> & {
    /** Breaking changes only: fiches (their current revision) that no longer fit or must be re-entered. */
    affectedRevisions?: number
    impact?: { fichesWithValue: number; noLongerFits: number; mustBeReEntered: number }
  })[]
  breakingCount: number
}

async function diffAgainstPublished(
  db: Executor,
  draft: DraftRow,
): Promise<DiffWithImpact | { invalid: true }> {
  const base = await findLatestPublishedBySlug(db, draft.programme)
  const after = parseTemplate(draft.yaml_source, fileName(draft.programme, draft.version))
  if (!after.ok) return { invalid: true }
  if (!base || base.id === draft.published_version_id) {
    return {
      base: null,
      counts: { breaking: 0, review: 0, compatible: 0, cosmetic: 0 },
      changes: [],
      breakingCount: 0,
    }
  }
  const analysis = analyseTemplate(draft.yaml_source, fileName(draft.programme, draft.version))
  // The stored fiches of the published version, re-validated against the draft (the migration's dry run).
  const report = await revalidateTemplateVersion(db, {
    fromVersionId: base.id,
    to: after.value,
    compiled: analysis.ok ? analysis.compiled : undefined,
  })
  const { diff } = report
  const affected = (index: number) =>
    report.fiches.filter(
      (f) =>
        f.unfit.some((u) => u.changes.includes(index)) || f.reEnter.some((r) => r.changes.includes(index)),
    ).length
  return {
    base: { id: base.id, version: base.version },
    counts: diff.counts,
    breakingCount: diff.counts.breaking,
    changes: diff.changes.map(({ atA: _a, atB: _b, ...change }, index) => {
      if (change.class !== 'breaking') return change
      const impact = report.changes[index]!
      return {
        ...change,
        affectedRevisions: affected(index),
        impact: {
          fichesWithValue: impact.fichesWithValue,
          noLongerFits: impact.noLongerFits,
          mustBeReEntered: impact.mustBeReEntered,
        },
      }
    }),
  }
}

/** What the reviewer sees: the diff against the published version, impact counts, and the reviews so far. */
export async function readReview(deps: Deps, actor: Actor, id: string) {
  const draft = await draftOrNotFound(deps.db, id)
  authorizeOn(actor, 'view-template-drafts', organisationOf(draft))
  const diff = await diffAgainstPublished(deps.db, draft)
  if ('invalid' in diff) throw problem('draft-has-errors', { errorCount: draft.error_count })
  const view = await draftView(deps.db, draft)
  return {
    draft: view,
    ...diff,
    approvalRequired: diff.breakingCount > 0,
    approved: approvedForCurrentRevision(view.reviews, draft.revision),
  }
}

/** The latest decision on the current revision is an approval. */
function approvedForCurrentRevision(reviews: { revision: number; decision: string }[], revision: number) {
  const onRevision = reviews.filter((r) => r.revision === revision)
  return onRevision.at(-1)?.decision === 'approved'
}

// ---------------------------------------------------------------------------------------------------
// Writing

export interface CreateDraftInput {
  actor: Actor
  yaml: string
}

/** Starts a new version of a programme (new or existing) from YAML written in the designer or imported. */
export async function createDraft(deps: Deps, input: CreateDraftInput): Promise<DraftView> {
  const { programme, version } = templateIdentity(input.yaml)
  if (!programme || !/^[a-z][a-z0-9-]*[a-z0-9]$/.test(programme) || programme.length > 64) {
    throw problem('invalid-request', {
      issues: [
        {
          path: '/yaml',
          keyword: 'programme',
          message: 'le modèle doit indiquer « programme: <identifiant> »',
        },
      ],
    })
  }
  const organisations = organisationsFor(input.actor, 'author-template')
  authorizeOn(input.actor, 'author-template', {
    type: 'organisation',
    organisationId: organisations[0] ?? anyOrganisation(input.actor),
  })
  const checked = checkText(input.yaml, programme, version ?? null)
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const existing = await findProgrammeBySlug(trx, programme)
      const organisationId = existing?.organisation_id ?? organisations[0]!
      authorizeOn(input.actor, 'author-template', { type: 'organisation', organisationId })
      const draft = await insertDraft(trx, {
        organisation_id: organisationId,
        programme,
        version: version?.slice(0, 32) ?? null,
        state: 'draft',
        revision: 1,
        yaml_source: input.yaml,
        error_count: checked.errorCount,
        warning_count: checked.warningCount,
        authors: [input.actor.id],
        created_by: input.actor.id,
        updated_by: input.actor.id,
      })
      await insertAuditEvent(trx, {
        actorId: input.actor.id,
        action: 'template-draft.create',
        subjectType: 'template-draft',
        subjectId: draft.id,
        details: { programme, version: draft.version, errorCount: checked.errorCount },
      })
      return draftView(trx, draft)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'template_drafts_open_programme_uq')) {
      throw problem('draft-already-open', { programme })
    }
    throw error
  }
}

export interface SaveDraftInput {
  actor: Actor
  id: string
  yaml: string
  /** The revision the editor started from: a save on top of another one is refused (409), never merged. */
  revision: number
  source?: 'editor' | 'import'
}

/** Saves a new revision of the draft, whatever its findings (a draft may be incomplete); returns them. */
export async function saveDraft(deps: Deps, input: SaveDraftInput): Promise<DraftView> {
  return deps.db.transaction().execute(async (trx) => {
    const draft = await draftOrNotFound(trx, input.id, true)
    authorizeOn(input.actor, 'author-template', organisationOf(draft))
    if (draft.state !== 'draft') throw problem('draft-not-editable', { state: draft.state })
    if (draft.revision !== input.revision) {
      throw problem('draft-stale', { expected: input.revision, current: draft.revision })
    }
    const { programme, version } = templateIdentity(input.yaml)
    if (programme !== draft.programme) {
      throw problem('draft-programme-changed', { programme: draft.programme, found: programme ?? '' })
    }
    const checked = checkText(input.yaml, draft.programme, version ?? null)
    const saved = await updateDraftContent(trx, draft.id, input.revision, {
      yaml_source: input.yaml,
      version: version?.slice(0, 32) ?? null,
      error_count: checked.errorCount,
      warning_count: checked.warningCount,
      updated_by: input.actor.id,
    })
    // The row is locked: the conditional update can only miss if the checks above were wrong.
    if (!saved) throw problem('draft-stale', { expected: input.revision, current: draft.revision })
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: input.source === 'import' ? 'template-draft.import' : 'template-draft.save',
      subjectType: 'template-draft',
      subjectId: draft.id,
      details: {
        revision: saved.revision,
        errorCount: checked.errorCount,
        warningCount: checked.warningCount,
      },
    })
    return draftView(trx, saved)
  })
}

function expectRevision(draft: { revision: number }, revision: number) {
  if (draft.revision !== revision)
    throw problem('draft-stale', { expected: revision, current: draft.revision })
}

/** The author hands the draft to reviewers: it is frozen until approved, rejected or published. */
export async function submitDraft(deps: Deps, input: { actor: Actor; id: string; revision: number }) {
  return deps.db.transaction().execute(async (trx) => {
    const draft = await draftOrNotFound(trx, input.id, true)
    authorizeOn(input.actor, 'author-template', organisationOf(draft))
    if (draft.state !== 'draft') throw problem('draft-not-editable', { state: draft.state })
    expectRevision(draft, input.revision)
    if (draft.error_count > 0) throw problem('draft-has-errors', { errorCount: draft.error_count })
    const next = await setDraftState(trx, draft.id, 'in-review')
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'template-draft.submit',
      subjectType: 'template-draft',
      subjectId: draft.id,
      details: { revision: draft.revision },
    })
    return draftView(trx, next)
  })
}

export interface ReviewInput {
  actor: Actor
  id: string
  revision: number
  decision: 'approved' | 'rejected'
  comment: string
}

/**
 * A reviewer's decision on the revision they read, with their comment; a rejection sends the draft back
 * to its authors. Nobody decides on a draft they saved a revision of (`own-draft`).
 */
export async function reviewDraft(deps: Deps, input: ReviewInput) {
  return deps.db.transaction().execute(async (trx) => {
    const draft = await draftOrNotFound(trx, input.id, true)
    authorizeOn(input.actor, 'review-template', {
      type: 'template-draft',
      organisationId: draft.organisation_id,
      authorIds: draft.authors,
    })
    if (draft.state !== 'in-review') throw problem('draft-not-editable', { state: draft.state })
    expectRevision(draft, input.revision)
    const diff = await diffAgainstPublished(trx, draft)
    const breakingCount = 'invalid' in diff ? 0 : diff.breakingCount
    const review = await insertReview(trx, {
      draft_id: draft.id,
      draft_revision: draft.revision,
      reviewer_id: input.actor.id,
      decision: input.decision,
      comment: input.comment,
      breaking_count: breakingCount,
    })
    const next = input.decision === 'rejected' ? await setDraftState(trx, draft.id, 'draft') : draft
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: input.decision === 'approved' ? 'template-draft.approve' : 'template-draft.reject',
      subjectType: 'template-draft',
      subjectId: draft.id,
      details: {
        reviewId: review.id,
        revision: draft.revision,
        reviewer: input.actor.displayName,
        comment: input.comment,
        breakingCount,
      },
    })
    return draftView(trx, next)
  })
}

/**
 * Publishes the draft as an immutable template version, with the same checks and compiler as
 * `POST /template-versions`; breaking changes against the published version need an approval of this
 * very revision.
 */
export async function publishDraft(
  deps: Deps,
  input: { actor: Actor; id: string; revision: number },
): Promise<{ draft: DraftView; version: PublishedVersion }> {
  const organisations = organisationsFor(input.actor, 'publish-template')
  return deps.db.transaction().execute(async (trx) => {
    const draft = await draftOrNotFound(trx, input.id, true)
    authorizeOn(input.actor, 'publish-template', organisationOf(draft))
    if (draft.state === 'published') throw problem('draft-not-editable', { state: draft.state })
    expectRevision(draft, input.revision)
    const analysis = analyseTemplate(draft.yaml_source, fileName(draft.programme, draft.version))
    if (!analysis.ok) {
      throw problem('draft-has-errors', {
        errorCount: analysis.findings.filter((f) => f.severity === 'error').length,
      })
    }
    const diff = await diffAgainstPublished(trx, draft)
    const breakingCount = 'invalid' in diff ? 0 : diff.breakingCount
    if (breakingCount > 0) {
      const reviews = (await listReviews(trx, draft.id)).map((r) => ({
        revision: r.draft_revision,
        decision: r.decision,
      }))
      if (draft.state !== 'in-review' || !approvedForCurrentRevision(reviews, draft.revision)) {
        throw problem('approval-required', {
          breakingCount,
          previousVersion: 'invalid' in diff ? '' : (diff.base?.version ?? ''),
        })
      }
    }
    const version = await storePublishedVersion(trx, input.actor, organisations, {
      yaml: draft.yaml_source,
      template: analysis.template,
      compiled: analysis.compiled,
      warnings: analysis.warnings,
    }).catch((error: unknown) => {
      throw versionExists(error, analysis.template)
    })
    const next = await setDraftState(trx, draft.id, 'published', version.id)
    await insertAuditEvent(trx, {
      actorId: input.actor.id,
      action: 'template-draft.publish',
      subjectType: 'template-draft',
      subjectId: draft.id,
      details: { revision: draft.revision, templateVersionId: version.id, breakingCount },
    })
    return { draft: await draftView(trx, next), version }
  })
}
