import { describe, expect, it } from 'vitest'
import { accessOf, C55_MATRIX, matrixDeviations } from './access-matrix.ts'
import { FicheKinds, HospitalRoles } from './template-schema.ts'

describe('C5.5 matrix', () => {
  // The charter's table, row by row (CHARTER.md §C5.5): FAT entry and signature for prescriber and
  // pharmacist, entry only for PNM; every other fiche entry for all three.
  it.each([
    ['fat', 'prescriber', 'entry-sign'],
    ['fat', 'pharmacist', 'entry-sign'],
    ['fat', 'pnm', 'entry'],
    ['fit', 'pnm', 'entry'],
    ['suivi', 'prescriber', 'entry'],
    ['arret', 'pharmacist', 'entry'],
    ['ei', 'pnm', 'entry'],
    ['situation-particuliere', 'prescriber', 'entry'],
    ['qdv', 'pnm', 'entry'],
  ] as const)('C5.5: %s / %s → %s', (kind, role, level) => {
    expect(C55_MATRIX[kind][role]).toBe(level)
  })

  it('C5.6: only the FAT carries a signature in the defaults', () => {
    const signing = FicheKinds.filter((kind) =>
      HospitalRoles.some((role) => C55_MATRIX[kind][role] === 'entry-sign'),
    )
    expect(signing).toEqual(['fat'])
  })

  it('C5.4: PNM never signs by default', () => {
    expect(FicheKinds.map((kind) => C55_MATRIX[kind].pnm)).not.toContain('entry-sign')
  })

  it('applies a fiche override and reports it as a deviation', () => {
    const fiche = { kind: 'qdv' as const, access: { pnm: 'read' as const } }
    expect(accessOf(fiche, 'pnm')).toBe('read')
    expect(accessOf(fiche, 'prescriber')).toBe('entry')
    expect(matrixDeviations(fiche)).toEqual([{ role: 'pnm', expected: 'entry', actual: 'read' }])
    expect(matrixDeviations({ kind: 'fat' })).toEqual([])
  })
})
