/**
 * C5.5: the charter's recommended matrix of who enters and who signs each kind of fiche. It is the
 * default of every fiche's access; a template may deviate per fiche (the designer flags deviations),
 * and the server's access rules read their defaults from here.
 */
import type { AccessLevel, Fiche, FicheKind, HospitalRole } from './template-schema.ts'

type Row = Record<HospitalRole, AccessLevel>

const ENTRY: Row = { prescriber: 'entry', pharmacist: 'entry', pnm: 'entry' }

/** Read it next to CHARTER.md §C5.5: one row per fiche kind, one column per hospital role. */
export const C55_MATRIX: Readonly<Record<FicheKind, Row>> = {
  fat: { prescriber: 'entry-sign', pharmacist: 'entry-sign', pnm: 'entry' },
  fit: ENTRY,
  suivi: ENTRY,
  arret: ENTRY,
  ei: ENTRY,
  'situation-particuliere': ENTRY,
  qdv: ENTRY,
  autre: ENTRY,
}

/** The access a role has on a fiche: the fiche's own override, else the C5.5 default for its kind. */
export function accessOf(fiche: Pick<Fiche, 'kind' | 'access'>, role: HospitalRole): AccessLevel {
  return fiche.access?.[role] ?? C55_MATRIX[fiche.kind][role]
}

/** The roles whose access on this fiche differs from the C5.5 matrix. */
export function matrixDeviations(
  fiche: Pick<Fiche, 'kind' | 'access'>,
): { role: HospitalRole; expected: AccessLevel; actual: AccessLevel }[] {
  return (Object.keys(C55_MATRIX[fiche.kind]) as HospitalRole[]).flatMap((role) => {
    const expected = C55_MATRIX[fiche.kind][role]
    const actual = accessOf(fiche, role)
    return actual === expected ? [] : [{ role, expected, actual }]
  })
}
