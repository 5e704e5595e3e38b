/**
 * Runs a creating command once per idempotency key: the command and the key row commit together, so a
 * retried request gets the first result back and nothing is created twice, even when both race.
 */
import { createHash } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Database, Executor } from '../db/database.ts'
import { isUniqueViolation } from '../db/errors.ts'
import { findIdempotencyKey, insertIdempotencyKey } from '../db/queries/idempotency-keys.ts'
import { problem } from '../errors.ts'
import type { Deps } from './deps.ts'

export interface IdempotencyScope {
  actorId: string
  /** Absent: the command simply runs in its transaction. */
  key?: string | undefined
  operation: string
  /** What the caller asked for; the same key with a different request is refused. */
  request: unknown
}

const hashRequest = (operation: string, request: unknown) =>
  createHash('sha256')
    .update(operation)
    .update('\0')
    .update(JSON.stringify(request ?? null))
    .digest('hex')

export async function runCommand<T>(
  deps: Deps,
  scope: IdempotencyScope,
  command: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const { key } = scope
  if (key === undefined) return deps.db.transaction().execute(command)
  const requestHash = hashRequest(scope.operation, scope.request)
  const replay = async () => {
    const stored = await findIdempotencyKey(deps.db, scope.actorId, key)
    if (!stored) return undefined
    if (stored.operation !== scope.operation || stored.request_hash !== requestHash) {
      throw problem('idempotency-key-reused', { key })
    }
    return { result: stored.result as T }
  }
  const first = await replay()
  if (first) return first.result
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const result = await command(trx)
      await insertIdempotencyKey(trx, {
        actorId: scope.actorId,
        key,
        operation: scope.operation,
        requestHash,
        result,
      })
      return result
    })
  } catch (error) {
    // A concurrent request with the same key committed first: ours rolled back entirely; answer with theirs.
    if (isUniqueViolation(error, 'idempotency_keys_pkey')) {
      const raced = await replay()
      if (raced) return raced.result
    }
    throw error
  }
}

/**
 * For a command whose only write is one atomic statement: without a key it needs no transaction (saving
 * begin and commit round trips); with one, the key row must commit with the write, so runCommand.
 */
export async function runSingleStatementCommand<T>(
  deps: Deps,
  scope: IdempotencyScope,
  command: (db: Executor) => Promise<T>,
): Promise<T> {
  return scope.key === undefined ? command(deps.db) : runCommand(deps, scope, command)
}
