/**
 * The directory: organisations (labs, CROs), establishments (FINESS), users and their memberships.
 * Plain functions taking db or trx first; find* returns undefined, list* an array.
 */
import type { Insertable } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type {
  EstablishmentsTable,
  Executor,
  MembershipsTable,
  OrganisationsTable,
  UsersTable,
} from '../database.ts'
import { preparedQuery } from '../prepared.ts'

export const insertOrganisation = (db: Executor, row: Insertable<OrganisationsTable>) =>
  db.insertInto('organisations').values(row).returningAll().executeTakeFirstOrThrow()

export const insertEstablishment = (db: Executor, row: Insertable<EstablishmentsTable>) =>
  db.insertInto('establishments').values(row).returningAll().executeTakeFirstOrThrow()

export const insertUser = (db: Executor, row: Insertable<UsersTable>) =>
  db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow()

export const insertMembership = (db: Executor, row: Insertable<MembershipsTable>) =>
  db.insertInto('memberships').values(row).returningAll().executeTakeFirstOrThrow()

export const findUser = (db: Executor, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()

export const findEstablishment = (db: Executor, id: string) =>
  db.selectFrom('establishments').selectAll().where('id', '=', id).executeTakeFirst()

export const findOrganisationByName = (db: Executor, name: string) =>
  db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst()

export const listMemberships = (db: Executor, userId: string) =>
  db
    .selectFrom('memberships')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()

const userWithMemberships = preparedQuery<{ id: string }>()((db, arg) =>
  db
    .selectFrom('users as u')
    .select(['u.id', 'u.display_name'])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('memberships as m')
          .select(['m.role', 'm.establishment_id', 'm.organisation_id'])
          .whereRef('m.user_id', '=', 'u.id')
          .orderBy('m.created_at')
          .orderBy('m.id'),
      ).as('memberships'),
    )
    .where('u.id', '=', arg('id')),
)

/** A user and their memberships in one round trip: every authenticated request starts with it. */
export const findUserWithMemberships = async (db: Executor, id: string) =>
  (await userWithMemberships(db, { id }))[0]

export const countOrganisations = async (db: Executor) =>
  Number(
    (
      await db
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()

/** Users an identity provider can sign in (those with a subject), for the development provider's page. */
export const listUsersWithSubject = (db: Executor) =>
  db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'rpps', 'oidc_subject'])
    .where('oidc_subject', 'is not', null)
    .orderBy('display_name')
    .execute()

/** Links a user to their identity provider subject; undefined when the user already has one. */
export const setUserOidcSubject = (db: Executor, userId: string, subject: string) =>
  db
    .updateTable('users')
    .set({ oidc_subject: subject })
    .where('id', '=', userId)
    .where('oidc_subject', 'is', null)
    .returning('id')
    .executeTakeFirst()
