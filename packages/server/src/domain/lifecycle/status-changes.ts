/**
 * C8.2, C8.3: the programme's status moves from early access before marketing authorisation, to early
 * access after it, to the temporary coverage that follows early access. Collection goes on identically:
 * the same template versions, fiches, enrolments and registration numbers; only the status and its
 * history change. An AAC followed by an AAP is another programme (C8.1), never a status change.
 */
import type { Executor, ProgrammeStatusHistoryTable } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { listProgrammeStatusHistory, updateProgrammeFramework } from '../../db/queries/lifecycle.ts'
import { insertProgrammeStatus } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import type { Actor } from '../actor.ts'
import type { Deps } from '../deps.ts'
import { runCommand } from '../idempotency.ts'
import { iso } from '../json-result.ts'
import { authorizeOnProgramme } from './programme-facts.ts'

/** The moves the charter describes, read as a table: from → the statuses that may follow it. */
export const STATUS_CHANGES: Readonly<Record<string, readonly string[]>> = {
  // C8.2: marketing authorisation obtained during early access; C8.3: early access ends without it
  'aap-pre-amm': ['aap-post-amm', 'post-aap-coverage'],
  // C8.3: "prise en charge transitoire" after early access
  'aap-post-amm': ['post-aap-coverage'],
  'post-aap-coverage': [],
  aac: [],
  cpc: [],
}

export type StatusEntry = ReturnType<typeof toStatusEntry>

const toStatusEntry = (row: {
  id: string
  framework: string
  status: string
  changed_by: string | null
  note: string | null
  changed_at: Date
}) => ({
  id: row.id,
  framework: row.framework,
  status: row.status,
  changedBy: row.changed_by,
  note: row.note,
  changedAt: iso(row.changed_at),
})

export interface StatusChangeInput {
  actor: Actor
  programmeId: string
  framework: string
  note?: string | undefined
  idempotencyKey?: string | undefined
}

export async function changeProgrammeStatus(deps: Deps, input: StatusChangeInput): Promise<StatusEntry> {
  const { actor, idempotencyKey, ...request } = input
  const scope = { actorId: actor.id, key: idempotencyKey, operation: 'programme.status-change', request }
  return runCommand(deps, scope, async (trx) => {
    const { programme } = await authorizeOnProgramme(trx, actor, 'manage-lifecycle', input.programmeId)
    const from = programme.framework
    if (!(STATUS_CHANGES[from] ?? []).includes(input.framework)) {
      throw problem('invalid-status-change', { from, to: input.framework })
    }
    // Compare-and-swap: two managers changing the status at once cannot both move it from the same status.
    const moved = await updateProgrammeFramework(trx, programme.id, from, input.framework)
    if (!moved) throw problem('conflict', { resource: 'programme', id: programme.id })
    const entry = await insertProgrammeStatus(trx, {
      programme_id: programme.id,
      status: moved.status,
      framework: moved.framework,
      changed_by: actor.id,
      note: input.note ?? null,
    } satisfies Partial<ProgrammeStatusHistoryTable>)
    await insertAuditEvent(trx, {
      actorId: actor.id,
      action: 'programme.status-change',
      subjectType: 'programme',
      subjectId: programme.id,
      details: { from, to: moved.framework, historyId: entry.id },
    })
    return toStatusEntry(entry)
  })
}

/** The programme's status history, oldest first (public: the authorities' decisions are). */
export async function readStatusHistory(db: Executor, programmeId: string) {
  const rows = await listProgrammeStatusHistory(db, programmeId)
  if (rows.length === 0) throw problem('not-found', { resource: 'programme', id: programmeId })
  return rows.map(toStatusEntry)
}
