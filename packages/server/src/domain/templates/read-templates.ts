/**
 * Reading published template versions and their compiled fiche definitions.
 */
import type { Db } from '../../db/database.ts'
import {
  findTemplateFiche,
  findTemplateVersion,
  findTemplateVersionSummary,
  listTemplateFicheHeaders,
  listTemplateVersions,
} from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { iso } from '../json-result.ts'

type Summary = NonNullable<Awaited<ReturnType<typeof findTemplateVersionSummary>>>

const toSummary = (v: Summary) => ({
  id: v.id,
  programmeId: v.programme_id,
  programme: v.programme,
  version: v.version,
  effectiveDate: v.effective_date,
  templateHash: v.template_hash,
  publishedBy: v.published_by,
  publishedAt: iso(v.published_at),
})

export type TemplateVersionSummary = ReturnType<typeof toSummary>

export async function listVersions(db: Db, programme?: string) {
  return (await listTemplateVersions(db, programme)).map(toSummary)
}

export async function readVersion(db: Db, id: string) {
  const [summary, full, fiches] = await Promise.all([
    findTemplateVersionSummary(db, id),
    findTemplateVersion(db, id),
    listTemplateFicheHeaders(db, id),
  ])
  if (!summary || !full) throw problem('not-found', { resource: 'template-version', id })
  return {
    ...toSummary(summary),
    yaml: full.yaml_source,
    fiches: fiches.map((f) => ({ ficheId: f.fiche_id, kind: f.kind, title: f.title, hash: f.hash })),
  }
}

export async function readFicheDefinition(db: Db, templateVersionId: string, ficheId: string) {
  const fiche = await findTemplateFiche(db, templateVersionId, ficheId)
  if (!fiche)
    throw problem('not-found', { resource: 'template-fiche', id: `${templateVersionId}/${ficheId}` })
  return fiche.definition as Record<string, unknown>
}
