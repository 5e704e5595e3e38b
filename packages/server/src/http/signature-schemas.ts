/**
 * The API shapes of a fiche's signatures (C5.5): shared by the signature routes and the fiche read, which
 * reports each signature's status and the fiche's signature state.
 */
import { z } from '@hono/zod-openapi'
import { Uuid } from './common-schemas.ts'

const SignerRole = z.enum(['prescriber', 'pharmacist'])

export const Signature = z
  .object({
    id: Uuid,
    revisionId: Uuid,
    revisionSeq: z.number().int(),
    revisionHash: z.string().openapi({ description: 'sha256 du JSON canonique des données signées' }),
    role: SignerRole,
    signedBy: Uuid,
    establishmentId: Uuid,
    signedAt: z.string(),
    authTime: z.string(),
    method: z.enum(['electronic', 'paper']),
    paperReference: z.string().nullable(),
    status: z.enum(['valid', 'voided']).openapi({
      description:
        'Valide tant que la révision signée est la révision courante ; annulée par toute modification',
    }),
    voidedByRevisionId: Uuid.nullable(),
    voidedByRevisionSeq: z.number().int().nullable(),
  })
  .openapi('Signature')

export const FicheSignatures = z
  .object({
    signatureState: z.enum(['not-required', 'unsigned', 'partially-signed', 'signed', 'voided']),
    requiredSigners: z.array(z.string()),
    optionalSigners: z.array(z.string()),
    signatures: z.array(Signature),
  })
  .openapi('FicheSignatures')
