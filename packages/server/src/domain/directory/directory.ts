/**
 * Directory commands: organisations, establishments, users and memberships. Used by the demo seed and by
 * tests; the administration screens and OIDC provisioning will call the same commands.
 */
import type { MembershipRole, OrganisationKind } from '../../db/database.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import {
  insertEstablishment,
  insertMembership,
  insertOrganisation,
  insertUser,
} from '../../db/queries/directory.ts'
import type { Deps } from '../deps.ts'

export async function createOrganisation(deps: Deps, input: { name: string; kind: OrganisationKind }) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertOrganisation(trx, input)
    await insertAuditEvent(trx, {
      actorId: null,
      action: 'organisation.create',
      subjectType: 'organisation',
      subjectId: row.id,
      details: input,
    })
    return row
  })
}

export async function createEstablishment(deps: Deps, input: { finess: string; name: string; city: string }) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertEstablishment(trx, input)
    await insertAuditEvent(trx, {
      actorId: null,
      action: 'establishment.create',
      subjectType: 'establishment',
      subjectId: row.id,
      details: input,
    })
    return row
  })
}

export interface CreateUserInput {
  email: string
  displayName: string
  rpps?: string | undefined
  memberships: { role: MembershipRole; establishmentId?: string; organisationId?: string }[]
}

/** A user with their memberships, in one transaction. */
export async function createUser(deps: Deps, input: CreateUserInput) {
  return deps.db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, {
      email: input.email,
      display_name: input.displayName,
      rpps: input.rpps ?? null,
    })
    const memberships = await Promise.all(
      input.memberships.map((m) =>
        insertMembership(trx, {
          user_id: user.id,
          role: m.role,
          establishment_id: m.establishmentId ?? null,
          organisation_id: m.organisationId ?? null,
        }),
      ),
    )
    await insertAuditEvent(trx, {
      actorId: null,
      action: 'user.create',
      subjectType: 'user',
      subjectId: user.id,
      details: { email: user.email, roles: memberships.map((m) => m.role) },
    })
    return { ...user, memberships }
  })
}
