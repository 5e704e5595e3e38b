import { describe, expect, it } from 'vitest'
import { type SignatureState, signatureState } from './signature-state.ts'

const FAT = ['prescriber', 'pharmacist'] as const
const valid = (role: 'prescriber' | 'pharmacist') => ({ role, status: 'valid' as const })
const voided = (role: 'prescriber' | 'pharmacist') => ({ role, status: 'voided' as const })

describe('signatureState', () => {
  it.each<
    [string, readonly ('prescriber' | 'pharmacist')[], Parameters<typeof signatureState>[1], SignatureState]
  >([
    ['C5.6: nothing required outside the FAT', [], [valid('pharmacist')], 'not-required'],
    ['no signature yet', FAT, [], 'unsigned'],
    ['one of the two', FAT, [valid('prescriber')], 'partially-signed'],
    ['C5.5: both on the head', FAT, [valid('prescriber'), valid('pharmacist')], 'signed'],
    ['all voided by a later revision', FAT, [voided('prescriber'), voided('pharmacist')], 'voided'],
    ['re-signed by one after voiding', FAT, [voided('prescriber'), valid('prescriber')], 'partially-signed'],
  ])('%s', (_name, required, signatures, expected) => {
    expect(signatureState(required, signatures)).toBe(expected)
  })
})
