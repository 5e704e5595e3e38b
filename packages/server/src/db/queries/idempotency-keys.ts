/**
 * Idempotency keys: the first result of a creating request, replayed when the same key comes back.
 */
import type { Executor } from '../database.ts'

export const findIdempotencyKey = (db: Executor, actorId: string, key: string) =>
  db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .executeTakeFirst()

export const insertIdempotencyKey = (
  db: Executor,
  row: { actorId: string; key: string; operation: string; requestHash: string; result: unknown },
) =>
  db
    .insertInto('idempotency_keys')
    .values({
      actor_id: row.actorId,
      key: row.key,
      operation: row.operation,
      request_hash: row.requestHash,
      result: JSON.stringify(row.result),
    })
    .execute()
