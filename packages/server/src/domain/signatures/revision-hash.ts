/**
 * The hash a signature binds to: sha256 (hex) of the canonical JSON (keys sorted at every level) of the
 * signed revision's data — the designer's canonical form, so the same data hashes the same everywhere.
 */
import { hashJson } from '@openput/designer'

export const revisionHash = (data: unknown): string => hashJson(data)
