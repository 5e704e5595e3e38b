/**
 * C5.5 and C5.6: the FAT is signed by the prescriber and the pharmacist, PNM never sign, and no other
 * fiche may require a signature (offering one is allowed).
 */
import { accessOf } from '../model/access-matrix.ts'
import type { Fiche, HospitalRole } from '../model/template-schema.ts'
import type { Check, Hit } from './types.ts'

const FAT_SIGNERS: readonly HospitalRole[] = ['prescriber', 'pharmacist']

export const fatSignature: Check = (template) =>
  template.fiches.flatMap((fiche, f) => [
    ...(fiche.kind === 'fat' ? fatSigners(fiche, f) : nothingRequired(fiche, f)),
    ...pnmNeverSigns(fiche, f),
  ])

function fatSigners(fiche: Fiche, f: number): Hit[] {
  const required = fiche.signatures?.required ?? []
  return FAT_SIGNERS.flatMap((role): Hit[] => {
    if (!required.includes(role)) {
      return [
        {
          path: ['fiches', f, 'signatures', 'required'],
          params: { reason: 'fat-signer-missing', fiche: fiche.id, role },
        },
      ]
    }
    // A required signer whose access override stops short of signing could never complete the FAT.
    if (accessOf(fiche, role) !== 'entry-sign') {
      return [
        {
          path: ['fiches', f, 'access', role],
          params: { reason: 'fat-signer-cannot-sign', fiche: fiche.id, role },
        },
      ]
    }
    return []
  })
}

function nothingRequired(fiche: Fiche, f: number): Hit[] {
  const required = fiche.signatures?.required ?? []
  if (required.length === 0) return []
  return [
    {
      path: ['fiches', f, 'signatures', 'required'],
      params: { reason: 'non-fat-required', fiche: fiche.id, kind: fiche.kind, roles: required },
    },
  ]
}

function pnmNeverSigns(fiche: Fiche, f: number): Hit[] {
  const hits: Hit[] = []
  for (const list of ['required', 'optional'] as const) {
    const k = fiche.signatures?.[list]?.indexOf('pnm') ?? -1
    if (k >= 0)
      hits.push({
        path: ['fiches', f, 'signatures', list, k],
        params: { reason: 'pnm-signs', fiche: fiche.id },
      })
  }
  if (fiche.access?.pnm === 'entry-sign') {
    hits.push({ path: ['fiches', f, 'access', 'pnm'], params: { reason: 'pnm-signs', fiche: fiche.id } })
  }
  return hits
}
