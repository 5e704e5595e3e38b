/**
 * Whether a fiche is signed, from its signatures and its head: a signature is valid only while the revision
 * it signed is the head (C5.5); any later revision voids it, visibly. Pure.
 */
import type { HospitalRole, SignatureRole } from '../../db/database.ts'

export type SignatureStatus = 'valid' | 'voided'
/** `not-required`: the template requires no signature on this fiche (every fiche but the FAT, C5.6). */
export type SignatureState = 'not-required' | 'unsigned' | 'partially-signed' | 'signed' | 'voided'

export const signatureStatus = (revisionId: string, headRevisionId: string | null): SignatureStatus =>
  revisionId === headRevisionId ? 'valid' : 'voided'

/**
 * `signed` when every required role has a valid signature on the head; `partially-signed` when some do;
 * `voided` when signatures exist but a later revision voided them all; `unsigned` when there are none.
 */
export function signatureState(
  required: readonly HospitalRole[],
  signatures: readonly { role: SignatureRole; status: SignatureStatus }[],
): SignatureState {
  if (required.length === 0) return 'not-required'
  const valid = new Set(signatures.filter((s) => s.status === 'valid').map((s) => s.role))
  if (required.every((role) => valid.has(role as SignatureRole))) return 'signed'
  if (valid.size > 0) return 'partially-signed'
  return signatures.length > 0 ? 'voided' : 'unsigned'
}
