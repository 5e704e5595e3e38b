/**
 * The entry of every follow-up read: find the programme, enforce `read` on its records as a whole (C7), and
 * derive the scope of the records the actor may read (read-scope.ts), with the day states are computed for.
 */
import type { Executor } from '../../db/database.ts'
import { findHeldAccess } from '../../db/queries/access.ts'
import { findProgramme, findProgrammeBySlug } from '../../db/queries/programmes.ts'
import { problem } from '../../errors.ts'
import { enforce, toHeldAccess } from '../access/authorize.ts'
import { calendarDay } from '../access/custody.ts'
import { type ReadScope, readScope } from '../access/read-scope.ts'
import type { Actor } from '../actor.ts'
import { loadProgrammeFacts, type ProgrammeFacts } from './records.ts'

export interface ProgrammeScope {
  facts: ProgrammeFacts
  scope: ReadScope
  today: string
}

export async function findProgrammeOrThrow(db: Executor, ref: { slug: string } | { id: string }) {
  const programme = 'slug' in ref ? await findProgrammeBySlug(db, ref.slug) : await findProgramme(db, ref.id)
  if (!programme) throw problem('not-found', { resource: 'programme', id: 'slug' in ref ? ref.slug : ref.id })
  return programme
}

export async function programmeScope(
  db: Executor,
  actor: Actor,
  ref: { slug: string } | { id: string },
  establishmentId: string | undefined,
  now: Date,
): Promise<ProgrammeScope> {
  const programme = await findProgrammeOrThrow(db, ref)
  const organisationId = programme.organisation_id
  enforce(
    actor,
    'read',
    { type: 'programme', organisationId, establishmentId },
    { now, held: { requests: [], designations: [] } },
  )
  const [held, facts] = await Promise.all([
    findHeldAccess(db, actor.id, programme.id),
    loadProgrammeFacts(db, programme),
  ])
  return { facts, scope: readScope(actor, organisationId, toHeldAccess(held)), today: calendarDay(now) }
}

/** Opaque keyset cursors: base64url JSON, refused with `invalid-cursor` when they do not parse. */
export const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

export function decodeCursor<T>(cursor: string | undefined, valid: (v: unknown) => v is T): T | undefined {
  if (cursor === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw problem('invalid-cursor')
  }
  if (!valid(value)) throw problem('invalid-cursor')
  return value
}
