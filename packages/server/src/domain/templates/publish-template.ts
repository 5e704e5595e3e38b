/**
 * Publishing a template version: the designer's checks decide, the compiled fiches are stored with their
 * hashes, and the version is immutable from then on (trigger-enforced). The programme is created with its
 * first version, under the publishing lab's organisation.
 */

import { ficheDateItems } from '@openput/designer'
import type { Transaction } from 'kysely'
import type { Database, Programme } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findFreezeInForce } from '../../db/queries/lifecycle.ts'
import {
  findProgrammeBySlug,
  insertProgramme,
  insertProgrammeStatus,
  insertTemplateFiches,
  insertTemplateVersion,
} from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { authorizeOn } from '../access/authorize.ts'
import { DENIAL_MESSAGES_FR } from '../access/reasons.ts'
import { type Actor, organisationsWhere } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import { iso } from '../json-result.ts'
import { prefillWarnings } from '../lifecycle/prefill.ts'
import { analyseTemplate, type CompiledTemplate, type Finding, type Template } from './designer.ts'

export interface PublishInput {
  actor: Actor
  yaml: string
  idempotencyKey?: string | undefined
}

export interface PublishedVersion {
  id: string
  programmeId: string
  programme: string
  version: string
  effectiveDate: string
  templateHash: string
  publishedAt: string
  fiches: { ficheId: string; kind: string; title: string; hash: string }[]
  warnings: { rule: string; message: string }[]
}

export async function publishTemplate(deps: Deps, input: PublishInput): Promise<PublishedVersion> {
  // The tool manager publishes (for a programme of another lab, programmeFor refuses below).
  const organisations = organisationsWhere(input.actor, 'programme-manager')
  authorizeOn(input.actor, 'publish-template', {
    type: 'organisation',
    organisationId: organisations[0] ?? '',
  })
  const analysis = analyseTemplate(input.yaml, 'modèle publié')
  if (!analysis.ok) {
    const errorCount = analysis.findings.filter((f) => f.severity === 'error').length
    throw problem('template-invalid', { errorCount, findings: analysis.findings })
  }
  const { template, compiled, warnings } = analysis
  const scope = {
    actorId: input.actor.id,
    key: input.idempotencyKey,
    operation: 'template.publish',
    request: input.yaml,
  }
  try {
    return await runCommand(deps, scope, (trx) =>
      storePublishedVersion(trx, input.actor, organisations, {
        yaml: input.yaml,
        template,
        compiled,
        warnings,
      }),
    )
  } catch (error) {
    throw versionExists(error, template)
  }
}

/** A unique violation on (programme, version) as the problem the API answers; any other error unchanged. */
export function versionExists(error: unknown, template: Pick<Template, 'programme' | 'version'>): unknown {
  if (isUniqueViolation(error, 'template_versions_programme_id_version_key')) {
    return problem('template-version-exists', { programme: template.programme, version: template.version })
  }
  return error
}

/**
 * Stores a checked version, its compiled fiches and its audit row inside the caller's transaction (the
 * designer's publication of a draft runs it in the same transaction as the draft's change of state).
 */
export async function storePublishedVersion(
  trx: Transaction<Database>,
  actor: Actor,
  organisations: string[],
  checked: { yaml: string; template: Template; compiled: CompiledTemplate; warnings: Finding[] },
): Promise<PublishedVersion> {
  const { template, compiled, warnings } = checked
  const programme = await programmeFor(trx, actor, organisations, template)
  // C12: a frozen programme takes no new version either.
  const freeze = await findFreezeInForce(trx, programme.id)
  authorizeOn(actor, 'publish-template', {
    type: 'organisation',
    organisationId: programme.organisation_id,
    freezesOn: freeze?.freeze_on ?? null,
  })
  const version = await insertTemplateVersion(trx, {
    programme_id: programme.id,
    version: template.version,
    effective_date: template.effectiveDate,
    yaml_source: checked.yaml,
    model: JSON.stringify(template),
    template_hash: compiled.hash,
    published_by: actor.id,
  })
  const dates = ficheDateItems(template)
  const overrides = new Map(template.fiches.map((f) => [f.id, f.access]))
  const fiches = await insertTemplateFiches(
    trx,
    compiled.fiches.map((f, position) => ({
      template_version_id: version.id,
      fiche_id: f.ficheId,
      kind: f.kind,
      title: f.title,
      position,
      definition: JSON.stringify(f),
      hash: f.hash,
      date_item: dates.get(f.ficheId) ?? null,
      access: overrides.get(f.ficheId) ? JSON.stringify(overrides.get(f.ficheId)) : null,
    })),
  )
  await insertAuditEvent(trx, {
    actorId: actor.id,
    action: 'template.publish',
    subjectType: 'template-version',
    subjectId: version.id,
    details: { programme: programme.slug, version: version.version, hash: compiled.hash },
  })
  return {
    id: version.id,
    programmeId: programme.id,
    programme: programme.slug,
    version: version.version,
    effectiveDate: version.effective_date,
    templateHash: version.template_hash,
    publishedAt: iso(version.published_at),
    fiches: fiches
      .sort((a, b) => a.position - b.position)
      .map((f) => ({ ficheId: f.fiche_id, kind: f.kind, title: f.title, hash: f.hash })),
    warnings: [
      ...warnings.map((w) => ({ rule: w.rule, message: w.message })),
      // C8.1: equivalences checked against the programme they prefill from, as published here
      ...(await prefillWarnings(trx, template)),
    ],
  }
}

async function programmeFor(
  trx: Transaction<Database>,
  actor: Actor,
  organisations: string[],
  template: Template,
): Promise<Programme> {
  const existing = await findProgrammeBySlug(trx, template.programme)
  if (existing) {
    if (!organisations.includes(existing.organisation_id)) {
      throw problem('forbidden', {
        reasonCode: 'other-organisation',
        reason: DENIAL_MESSAGES_FR['other-organisation'],
      })
    }
    return existing
  }
  const programme = await insertProgramme(trx, {
    organisation_id: organisations[0]!,
    slug: template.programme,
    name: template.metadata.medicine.name,
    framework: template.metadata.framework,
    status: 'active',
  })
  await insertProgrammeStatus(trx, {
    programme_id: programme.id,
    status: 'active',
    framework: programme.framework,
    changed_by: actor.id,
    note: 'création du programme à la publication de sa première version',
  })
  return programme
}
