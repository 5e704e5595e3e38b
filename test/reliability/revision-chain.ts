/**
 * What "nothing was lost and nothing is broken" means for stored fiches, checked in the database itself:
 * each revision chain is whole (seq 1..n, each on the previous, head on the last) and audited exactly once.
 */
import type { Db } from '../../packages/server/src/db/database.ts'

export interface StoredRevision {
  id: string
  seq: number
  baseRevisionId: string | null
  kind: string
  data: Record<string, unknown>
}

/** Every revision of the given fiches, by fiche, in seq order. */
export async function readChains(db: Db, ficheIds: string[]): Promise<Map<string, StoredRevision[]>> {
  const rows = await db
    .selectFrom('fiche_revisions')
    .select(['id', 'fiche_instance_id', 'seq', 'base_revision_id', 'kind', 'data'])
    .where('fiche_instance_id', 'in', ficheIds)
    .orderBy('fiche_instance_id')
    .orderBy('seq')
    .execute()
  const chains = new Map<string, StoredRevision[]>(ficheIds.map((id) => [id, []]))
  for (const r of rows) {
    chains.get(r.fiche_instance_id)!.push({
      id: r.id,
      seq: r.seq,
      baseRevisionId: r.base_revision_id,
      kind: r.kind,
      data: r.data as Record<string, unknown>,
    })
  }
  return chains
}

/**
 * Every way the stored chains or their audit trail can be broken, as readable lines (empty: all is well).
 * Checks all fiches of the database, so that a write the client never heard of is checked too.
 */
export async function chainDefects(db: Db): Promise<string[]> {
  const fiches = await db.selectFrom('fiche_instances').select(['id', 'head_revision_id']).execute()
  const chains = await readChains(
    db,
    fiches.map((f) => f.id),
  )
  const audits = await db
    .selectFrom('audit_events')
    .select(['subject_id', 'action', 'details'])
    .where('subject_type', '=', 'fiche')
    .execute()
  const defects: string[] = []
  // revision id → its fiche
  const revisionIds = new Map<string, string>()
  for (const fiche of fiches) {
    const chain = chains.get(fiche.id)!
    if (chain.length === 0) defects.push(`fiche ${fiche.id} : aucune révision`)
    chain.forEach((r, i) => {
      revisionIds.set(r.id, fiche.id)
      if (r.seq !== i + 1) defects.push(`fiche ${fiche.id} : seq ${r.seq} à la place ${i + 1}`)
      const expectedBase = i === 0 ? null : chain[i - 1]!.id
      if (r.baseRevisionId !== expectedBase) defects.push(`fiche ${fiche.id} : révision ${r.seq} hors chaîne`)
    })
    if (chain.length > 0 && fiche.head_revision_id !== chain.at(-1)!.id) {
      defects.push(`fiche ${fiche.id} : la tête n'est pas la dernière révision`)
    }
  }
  const auditsByRevision = new Map<string, number>()
  for (const a of audits) {
    if (a.action !== 'fiche.save' && a.action !== 'fiche.submit') continue
    const revisionId = (a.details as { revisionId?: string }).revisionId
    if (!revisionId || revisionIds.get(revisionId) !== a.subject_id) {
      defects.push(`audit ${a.action} sur ${a.subject_id} : révision ${revisionId} absente de cette fiche`)
      continue
    }
    auditsByRevision.set(revisionId, (auditsByRevision.get(revisionId) ?? 0) + 1)
  }
  for (const id of revisionIds.keys()) {
    const n = auditsByRevision.get(id) ?? 0
    if (n !== 1) defects.push(`révision ${id} : ${n} ligne(s) d'audit`)
  }
  return defects
}
