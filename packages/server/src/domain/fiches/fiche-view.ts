/**
 * The plain-JSON shapes of a fiche and its revisions that commands return and the API sends.
 */
import type { FicheInstance, FicheRevision } from '../../db/database.ts'
import { iso } from '../json-result.ts'

export const toRevisionView = (r: FicheRevision) => ({
  id: r.id,
  seq: r.seq,
  baseRevisionId: r.base_revision_id,
  kind: r.kind,
  data: r.data,
  authorId: r.author_id,
  establishmentId: r.establishment_id,
  source: r.source,
  pruned: r.pruned,
  warnings: r.warnings,
  missingCount: r.missing_count,
  createdAt: iso(r.created_at),
})

export type RevisionView = ReturnType<typeof toRevisionView>

export const toFicheView = (f: FicheInstance, head: FicheRevision) => ({
  id: f.id,
  enrolmentId: f.enrolment_id,
  templateVersionId: f.template_version_id,
  ficheId: f.fiche_id,
  kind: f.kind,
  plannedVisitId: f.planned_visit_id,
  status: f.status,
  head: toRevisionView(head),
})

export type FicheView = ReturnType<typeof toFicheView>
