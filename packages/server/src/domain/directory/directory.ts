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
  setUserOidcSubject,
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
  /** The identity provider's subject that signs this user in (PSC: RPPS/ADELI national id). */
  oidcSubject?: string | undefined
  memberships: { role: MembershipRole; establishmentId?: string; organisationId?: string }[]
}

/** A user with their memberships, in one transaction. */
export async function createUser(deps: Deps, input: CreateUserInput) {
  return deps.db.transaction().execute(async (trx) => {
    const user = await insertUser(trx, {
      email: input.email,
      display_name: input.displayName,
      rpps: input.rpps ?? null,
      oidc_subject: input.oidcSubject ?? null,
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

/** Links an existing account to its identity provider subject (accounts created before sign-in existed). */
export async function linkOidcSubject(deps: Deps, input: { userId: string; subject: string }) {
  return deps.db.transaction().execute(async (trx) => {
    const linked = await setUserOidcSubject(trx, input.userId, input.subject)
    if (!linked) return false
    await insertAuditEvent(trx, {
      actorId: null,
      action: 'user.link-subject',
      subjectType: 'user',
      subjectId: input.userId,
      details: { subject: input.subject },
    })
    return true
  })
}
