/**
 * A fiche's signatures as the API shows them: each with its status (valid while its revision is the head,
 * voided by the next revision otherwise) and the fiche's overall signature state.
 */
import type { Executor } from '../../db/database.ts'
import { findFicheForSigning, listSignatures, type SignatureRow } from '../../db/queries/signatures.ts'
import { problem } from '../../errors.ts'
import { iso } from '../json-result.ts'
import { type SignatureState, signatureState, signatureStatus } from './signature-state.ts'

export const toSignatureView = (s: SignatureRow, headRevisionId: string | null) => {
  const status = signatureStatus(s.revision_id, headRevisionId)
  return {
    id: s.id,
    revisionId: s.revision_id,
    revisionSeq: s.revision_seq,
    revisionHash: s.revision_hash,
    role: s.role,
    signedBy: s.signed_by,
    establishmentId: s.establishment_id,
    signedAt: iso(s.signed_at),
    authTime: iso(s.auth_time),
    method: s.method,
    paperReference: s.paper_reference,
    status,
    // The revision written on top of the signed one: the change that voided the signature.
    voidedByRevisionId: status === 'voided' ? s.next_revision_id : null,
    voidedByRevisionSeq: status === 'voided' ? s.next_revision_seq : null,
  }
}

export type SignatureView = ReturnType<typeof toSignatureView>

export interface FicheSignatures {
  signatureState: SignatureState
  /** The roles the template requires (the FAT: prescriber and pharmacist) and offers (C5.6). */
  requiredSigners: string[]
  optionalSigners: string[]
  signatures: SignatureView[]
}

/** Reads a fiche's signatures; the caller has checked the actor may read the fiche. */
export async function ficheSignatures(db: Executor, ficheInstanceId: string): Promise<FicheSignatures> {
  const [fiche, rows] = await Promise.all([
    findFicheForSigning(db, ficheInstanceId, false),
    listSignatures(db, ficheInstanceId),
  ])
  if (!fiche) throw problem('not-found', { resource: 'fiche', id: ficheInstanceId })
  const signatures = rows.map((s) => toSignatureView(s, fiche.head_revision_id))
  const required = fiche.signature_rules?.required ?? []
  return {
    signatureState: signatureState(required, signatures),
    requiredSigners: required,
    optionalSigners: fiche.signature_rules?.optional ?? [],
    signatures,
  }
}
