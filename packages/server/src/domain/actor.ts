/**
 * The acting user and their memberships. Hospital roles act for an establishment (direct entry); lab roles
 * act for an organisation. What each may do is decided in access/ (can), never here.
 */
import type { Executor, Membership } from '../db/database.ts'
import { findUserWithMemberships } from '../db/queries/directory.ts'

export interface Actor {
  id: string
  displayName: string
  memberships: Pick<Membership, 'role' | 'establishment_id' | 'organisation_id'>[]
}

/** The user behind a request, or undefined when the id names nobody. */
export async function findActor(db: Executor, userId: string): Promise<Actor | undefined> {
  // One query, not a user read and a memberships read: this runs before every authenticated request.
  const user = await findUserWithMemberships(db, userId)
  if (!user) return undefined
  return { id: user.id, displayName: user.display_name, memberships: user.memberships }
}

/** The organisations in which the actor holds `role`. */
export const organisationsWhere = (actor: Actor, role: Membership['role']) =>
  actor.memberships.filter((m) => m.role === role && m.organisation_id).map((m) => m.organisation_id!)
