/**
 * C10: which establishment holds a record on a given day. A record starts at its patient's establishment
 * and moves with each transfer on its effective date (C10.3: as many times as needed).
 */

export interface Custody {
  originEstablishmentId: string
  /** Ordered by effective date. */
  transfers: readonly { toEstablishmentId: string; effectiveDate: string }[]
}

/** An establishment's relation to the record today. */
export type CustodyRelation = 'holder' | 'former' | 'incoming' | 'none'

/** `YYYY-MM-DD` of an instant (UTC): transfer dates are compared as calendar days. */
export const calendarDay = (now: Date) => now.toISOString().slice(0, 10)

export function holderOn(custody: Custody, day: string): string {
  let holder = custody.originEstablishmentId
  for (const t of custody.transfers) if (t.effectiveDate <= day) holder = t.toEstablishmentId
  return holder
}

/**
 * C10.2: the receiving centre reads as soon as the transfer is recorded and enters from its date; the
 * centre that handed the record over keeps reading but no longer enters.
 */
export function custodyRelation(custody: Custody, establishmentId: string, day: string): CustodyRelation {
  if (holderOn(custody, day) === establishmentId) return 'holder'
  const held =
    custody.originEstablishmentId === establishmentId ||
    custody.transfers.some((t) => t.toEstablishmentId === establishmentId && t.effectiveDate <= day)
  if (held) return 'former'
  if (custody.transfers.some((t) => t.toEstablishmentId === establishmentId)) return 'incoming'
  return 'none'
}
