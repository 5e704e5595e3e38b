/**
 * The life of a query, as a table: which message may follow which status, and the status it leads to.
 * A closed query takes no answer until the data manager reopens it. Pure.
 */
import type { QueryMessageKind, QueryStatus } from '../../db/database.ts'

export type QueryMove = Exclude<QueryMessageKind, 'raise'>

export const QUERY_TRANSITIONS: Record<QueryMove, { from: readonly QueryStatus[]; to: QueryStatus }> = {
  answer: { from: ['open', 'answered'], to: 'answered' },
  close: { from: ['open', 'answered'], to: 'closed' },
  reopen: { from: ['closed'], to: 'open' },
}

/** The status after `move`, or undefined when the move is not possible from `status`. */
export const nextQueryStatus = (status: QueryStatus, move: QueryMove): QueryStatus | undefined =>
  QUERY_TRANSITIONS[move].from.includes(status) ? QUERY_TRANSITIONS[move].to : undefined

/** A JSON pointer's first segment, unescaped (RFC 6901): the item the query is about. */
export const pointerItem = (pointer: string) =>
  pointer.split('/')[1]?.replaceAll('~1', '/').replaceAll('~0', '~')
