/**
 * The plain-JSON shape of a query and its message history, as commands return it and the API sends it.
 */
import type { QueryRow } from '../../db/queries/data-queries.ts'
import { iso } from '../json-result.ts'

export const toQueryView = (q: QueryRow) => ({
  id: q.id,
  ficheInstanceId: q.fiche_instance_id,
  enrolmentId: q.enrolment_id,
  itemPath: q.item_path,
  revisionId: q.revision_id,
  status: q.status,
  raisedBy: q.raised_by,
  createdAt: iso(q.created_at),
  updatedAt: iso(q.updated_at),
  messages: q.messages.map((m) => ({
    id: m.id,
    authorId: m.authorId,
    kind: m.kind,
    text: m.text,
    // jsonb built in SQL carries timestamps as text; normalise to the ISO form of the rest of the API
    createdAt: new Date(m.createdAt).toISOString(),
  })),
})

export type QueryView = ReturnType<typeof toQueryView>
