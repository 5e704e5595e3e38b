/**
 * Follow-up at national scale (C7.2, C12.2): what the missing-data report needs of a fiche's head is kept
 * on the fiche itself, so the report no longer reads the JSON of every head revision.
 * - `template_fiches.date_item`: the item that dates a fiche of this kind, and `access`, the fiche's own
 *   C5.5 overrides (both set at publish, immutable like the rest of a published fiche): every fiche
 *   command read the overrides out of the whole template model before;
 * - `fiche_instances.head_missing_count` and `head_date`: the head revision's missing-item count and the
 *   value of its date item when that is a calendar day, moved together with `head_revision_id`.
 * Existing rows are backfilled from the published models and the head revisions.
 */
// The rule that picks a fiche's date item (anchor item, else first date item) is the designer's, the one
// publishing applies: the backfill gives published fiches the value publishing gives them from now on.
import { ficheDateItems, type Template } from '@openput/designer'
import { type Kysely, sql } from 'kysely'

const CALENDAR_DAY = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`

export async function migrateUp(db: Kysely<unknown>): Promise<void> {
  await sql`alter table template_fiches add column date_item text`.execute(db)
  await sql`alter table template_fiches add column access jsonb check (jsonb_typeof(access) = 'object')`.execute(
    db,
  )
  // Published fiches are append-only: this one-time backfill of a new, derived column is the exception,
  // made inside the migration's transaction (the trigger is back on before anything else can write).
  await sql`alter table template_fiches disable trigger template_fiches_append_only`.execute(db)
  const versions = await sql<{
    id: string
    model: Template
  }>`select id, model from template_versions`.execute(db)
  for (const v of versions.rows) {
    for (const [ficheId, dateItem] of ficheDateItems(v.model)) {
      if (!dateItem) continue
      // biome-ignore lint/performance/noAwaitInLoops: a handful of rows per published version
      await sql`update template_fiches set date_item = ${dateItem}
        where template_version_id = ${v.id}::uuid and fiche_id = ${ficheId}`.execute(db)
    }
  }
  await sql`update template_fiches tf set access = f -> 'access'
    from template_versions tv, jsonb_array_elements(tv.model -> 'fiches') f
    where tv.id = tf.template_version_id and f ->> 'id' = tf.fiche_id and jsonb_typeof(f -> 'access') = 'object'`.execute(
    db,
  )
  await sql`alter table template_fiches enable trigger template_fiches_append_only`.execute(db)
  await sql
    .raw(`alter table fiche_instances
      add column head_missing_count integer check (head_missing_count >= 0),
      add column head_date text check (head_date ~ ${CALENDAR_DAY})`)
    .execute(db)
  await sql
    .raw(`update fiche_instances fi
      set head_missing_count = hr.missing_count,
        head_date = case when tf.date_item is not null and hr.data ->> tf.date_item ~ ${CALENDAR_DAY}
          then hr.data ->> tf.date_item end
      from fiche_revisions hr, template_fiches tf
      where hr.id = fi.head_revision_id
        and tf.template_version_id = fi.template_version_id and tf.fiche_id = fi.fiche_id`)
    .execute(db)
  // A head always comes with its facts: a write path that forgot them would fail here, not skew reports.
  await sql`alter table fiche_instances add constraint fiche_instances_head_facts_check
    check ((head_revision_id is null) = (head_missing_count is null))`.execute(db)
}

export async function migrateDown(db: Kysely<unknown>): Promise<void> {
  await sql`alter table fiche_instances drop constraint if exists fiche_instances_head_facts_check`.execute(
    db,
  )
  await sql`alter table fiche_instances drop column if exists head_date`.execute(db)
  await sql`alter table fiche_instances drop column if exists head_missing_count`.execute(db)
  await sql`alter table template_fiches drop column if exists access`.execute(db)
  await sql`alter table template_fiches drop column if exists date_item`.execute(db)
}
