/**
 * The directory: organisations (labs, CROs), establishments (FINESS), users and their memberships.
 * Plain functions taking db or trx first; find* returns undefined, list* an array.
 */
import type { Insertable } from 'kysely'
import type {
  EstablishmentsTable,
  Executor,
  MembershipsTable,
  OrganisationsTable,
  UsersTable,
} from '../database.ts'

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
