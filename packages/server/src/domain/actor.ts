/**
 * The acting user and what their memberships let them do. Hospital roles act for an establishment
 * (direct entry); lab roles act for an organisation (publication, transcription of paper forms, C2.1).
 */
import type { Executor, Membership, MembershipRole } from '../db/database.ts'
import { findUserWithMemberships } from '../db/queries/directory.ts'
import { problem } from '../errors.ts'

export interface Actor {
  id: string
  displayName: string
  memberships: Pick<Membership, 'role' | 'establishment_id' | 'organisation_id'>[]
}

const HOSPITAL_ROLES: readonly MembershipRole[] = ['prescriber', 'pharmacist', 'pnm']
const LAB_ROLES: readonly MembershipRole[] = ['lab-data-manager', 'lab-admin']

/** The user behind a request, or undefined when the id names nobody. */
export async function findActor(db: Executor, userId: string): Promise<Actor | undefined> {
  // One query, not a user read and a memberships read: this runs before every authenticated request.
  const user = await findUserWithMemberships(db, userId)
  if (!user) return undefined
  return { id: user.id, displayName: user.display_name, memberships: user.memberships }
}

export const worksAt = (actor: Actor, establishmentId: string) =>
  actor.memberships.some((m) => m.establishment_id === establishmentId && HOSPITAL_ROLES.includes(m.role))

export const labOrganisations = (actor: Actor) =>
  actor.memberships
    .filter((m) => m.organisation_id && LAB_ROLES.includes(m.role))
    .map((m) => m.organisation_id!)

/**
 * How the actor writes a fiche of a patient of `establishmentId` in a programme of `organisationId`:
 * directly (hospital staff of that establishment) or as a transcription (the programme's lab).
 */
export function writeSource(actor: Actor, establishmentId: string, organisationId: string) {
  if (worksAt(actor, establishmentId)) return 'direct' as const
  if (labOrganisations(actor).includes(organisationId)) return 'transcription' as const
  throw problem('forbidden', {
    reason: "ni membre de l'établissement du patient, ni du laboratoire du programme",
  })
}

/** Patients are created by their establishment's staff, or by a lab transcribing that establishment's forms. */
export function assertCanActForEstablishment(actor: Actor, establishmentId: string) {
  if (worksAt(actor, establishmentId) || labOrganisations(actor).length > 0) return
  throw problem('forbidden', { reason: "vous n'êtes pas membre de cet établissement" })
}
