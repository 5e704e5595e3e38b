/**
 * Moving a fiche's head becomes a HOT update (heap-only tuple: no index entry is written). Every save and
 * submission moves the head, and `fiche_instances` has seven indexes: with one of them on
 * `head_revision_id`, each move wrote a new entry in all seven. That index only served the foreign key's
 * checks on the referenced side, and revisions are never updated nor deleted (append-only trigger), so it
 * is dropped; the table keeps free room in its pages for the new row versions (fillfactor 80).
 */
import { type Kysely, sql } from 'kysely'

export async function migrateUp(db: Kysely<unknown>): Promise<void> {
  await sql`drop index fiche_instances_head_revision_id_idx`.execute(db)
  await sql`alter table fiche_instances set (fillfactor = 80)`.execute(db)
}

export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  await sql`alter table fiche_instances reset (fillfactor)`.execute(db)
  await sql`create index fiche_instances_head_revision_id_idx on fiche_instances (head_revision_id)`.execute(
    db,
  )
}
