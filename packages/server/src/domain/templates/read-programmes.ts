/**
 * The programmes a user can work in, as the runtime's header offers them: the medicine, the kind of PUT
 * and, for each indication, how access works (C3.3: one access shared by the indications, or a distinct
 * access per indication), from each programme's latest published version.
 */
import type { Db } from '../../db/database.ts'
import { listLatestVersionModels } from '../../db/queries/programmes.ts'

interface ModelMetadata {
  medicine?: { name?: string }
  putKind?: string
  framework?: string
  indications?: { id: string; label: string; access?: 'shared' | 'distinct'; accessDescription?: string }[]
}

export async function listProgrammes(db: Db) {
  const rows = await listLatestVersionModels(db)
  return rows.map((row) => {
    const metadata = ((row.model as { metadata?: ModelMetadata } | null)?.metadata ?? {}) as ModelMetadata
    return {
      id: row.programme_id,
      programme: row.programme,
      latestVersionId: row.id,
      version: row.version,
      medicine: metadata.medicine?.name ?? null,
      putKind: metadata.putKind ?? null,
      framework: metadata.framework ?? null,
      indications: (metadata.indications ?? []).map((i) => ({
        id: i.id,
        label: i.label,
        access: i.access ?? 'shared',
        accessDescription: i.accessDescription ?? null,
      })),
    }
  })
}
