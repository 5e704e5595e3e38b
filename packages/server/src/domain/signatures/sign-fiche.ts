/**
 * Signing a fiche's head revision (C5.5): electronically by a prescriber or pharmacist who just
 * re-authenticated, or on paper, recorded by the lab from a transcribed form nobody re-signs (C2.2).
 */
import type { HospitalRole, SignatureMethod, SignatureRole } from '../../db/database.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { insertAuditEvent } from '../../db/queries/audit.ts'
import { findRevision } from '../../db/queries/fiches.ts'
import { findFicheForSigning, insertSignature, listSignatures } from '../../db/queries/signatures.ts'
import { problem } from '../../errors.ts'
import { authorizeOnRecord } from '../access/authorize.ts'
import { DENIAL_MESSAGES_FR } from '../access/reasons.ts'
import type { Actor } from '../actor.ts'
import { requireRecentAuthentication } from '../auth/recent-authentication.ts'
import type { Deps } from '../deps.ts'
import { type SignatureView, toSignatureView } from './read-signatures.ts'
import { revisionHash } from './revision-hash.ts'

/** How recent the authentication behind an e-signature must be: the signer re-authenticates to sign. */
export const SIGNATURE_MAX_AUTH_AGE_SECONDS = 5 * 60

export interface SignFicheInput {
  actor: Actor
  session: { authTime: Date }
  ficheInstanceId: string
  revisionId: string
  role: SignatureRole
  method: SignatureMethod
  /** Paper only: which signed form the transcription came from. */
  paperReference?: string | undefined
  now: Date
}

const forbidden = (reasonCode: keyof typeof DENIAL_MESSAGES_FR) =>
  problem('forbidden', { reasonCode, reason: DENIAL_MESSAGES_FR[reasonCode] })

type Target = Parameters<typeof authorizeOnRecord>[3]

/**
 * `sign` decided for the requested role: with the actor's memberships of that role when they hold it (so a
 * prescriber-pharmacist signs as the one they name), else with all of them, to give the real refusal.
 */
async function authorizeSigning(
  trx: Parameters<typeof authorizeOnRecord>[0],
  input: SignFicheInput,
  target: Target,
) {
  const asRole = input.actor.memberships.filter((m) => m.role === input.role)
  if (asRole.length > 0) {
    return authorizeOnRecord(trx, { ...input.actor, memberships: asRole }, 'sign', target, input.now)
  }
  await authorizeOnRecord(trx, input.actor, 'sign', target, input.now)
  throw forbidden('role-not-allowed')
}

export async function signFiche(deps: Deps, input: SignFicheInput): Promise<SignatureView> {
  try {
    return await deps.db.transaction().execute(async (trx) => {
      // Locked: a revision written concurrently lands before or after the signature, never in between.
      const fiche = await findFicheForSigning(trx, input.ficheInstanceId, true)
      if (!fiche) throw problem('not-found', { resource: 'fiche', id: input.ficheInstanceId })
      const rules = fiche.signature_rules ?? {}
      const signers: HospitalRole[] = [...(rules.required ?? []), ...(rules.optional ?? [])]
      const target: Target = {
        enrolmentId: fiche.enrolment_id,
        fiche: { kind: fiche.kind, ficheInstanceId: fiche.id, signers },
      }
      let establishmentId: string
      if (input.method === 'electronic') {
        const { decision } = await authorizeSigning(trx, input, target)
        establishmentId = decision.establishmentId!
        requireRecentAuthentication(input.session, SIGNATURE_MAX_AUTH_AGE_SECONDS, input.now)
      } else {
        // C2.2: the lab records the signatures of the paper form it transcribed; the establishment signs nothing.
        const { decision } = await authorizeOnRecord(trx, input.actor, 'enter', target, input.now)
        if (decision.source !== 'transcription')
          throw problem('invalid-paper-signature', { reason: 'not-lab' })
        if (!signers.includes(input.role)) throw forbidden('signature-not-offered')
        if (!input.paperReference) throw problem('invalid-paper-signature', { reason: 'reference-missing' })
        establishmentId = decision.establishmentId!
      }
      const revision = await findRevision(trx, input.revisionId)
      if (!revision || revision.fiche_instance_id !== fiche.id) {
        throw problem('not-found', { resource: 'revision', id: input.revisionId })
      }
      if (fiche.head_revision_id !== revision.id) {
        throw problem('revision-not-signable', { reason: 'not-head', headRevisionId: fiche.head_revision_id })
      }
      if (fiche.status !== 'submitted' || revision.kind !== 'submission') {
        throw problem('revision-not-signable', { reason: 'draft' })
      }
      if (input.method === 'paper' && revision.source !== 'transcription') {
        throw problem('invalid-paper-signature', { reason: 'not-transcribed' })
      }
      const hash = revisionHash(revision.data)
      const signature = await insertSignature(trx, {
        fiche_instance_id: fiche.id,
        revision_id: revision.id,
        revision_hash: hash,
        role: input.role,
        signed_by: input.actor.id,
        establishment_id: establishmentId,
        signed_at: input.now,
        auth_time: input.session.authTime,
        method: input.method,
        paper_reference: input.method === 'paper' ? (input.paperReference ?? null) : null,
      })
      await insertAuditEvent(trx, {
        actorId: input.actor.id,
        action: input.method === 'paper' ? 'signature.record-paper' : 'signature.sign',
        subjectType: 'fiche',
        subjectId: fiche.id,
        details: {
          signatureId: signature.id,
          revisionId: revision.id,
          revisionSeq: revision.seq,
          revisionHash: hash,
          role: input.role,
          authTime: input.session.authTime.toISOString(),
        },
      })
      const row = (await listSignatures(trx, fiche.id)).find((s) => s.id === signature.id)!
      return toSignatureView(row, fiche.head_revision_id)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'fiche_signatures_revision_role_uq')) {
      throw problem('already-signed', { role: input.role, revisionId: input.revisionId })
    }
    throw error
  }
}
