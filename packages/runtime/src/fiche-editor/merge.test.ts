import { describe, expect, it } from 'vitest'
import { applyMerge, canonical, planMerge } from './merge.ts'

describe('three-way merge of fiche data', () => {
  const base = { poids: 70, taille: 170, sexe: 'F', rows: [{ a: 1 }] }

  it('keeps my changes and takes theirs where only one side changed a field', () => {
    const mine = { ...base, poids: 72 }
    const theirs = { ...base, taille: 171 }
    const plan = planMerge(base, mine, theirs)
    expect(plan.conflicts).toEqual([])
    expect(plan.fields.map((f) => [f.key, f.outcome])).toEqual([
      ['poids', 'mine'],
      ['taille', 'theirs'],
    ])
    expect(applyMerge(plan, theirs, {})).toEqual({ ...base, poids: 72, taille: 171 })
  })

  it('lets the user pick, field by field, where both changed differently', () => {
    const mine = { ...base, poids: 72, sexe: 'M' }
    const theirs = { ...base, poids: 75, sexe: 'M', rows: [{ a: 2 }] }
    const plan = planMerge(base, mine, theirs)
    expect(plan.conflicts.map((f) => f.key)).toEqual(['poids'])
    expect(plan.fields.find((f) => f.key === 'sexe')?.outcome).toBe('same')
    expect(applyMerge(plan, theirs, { poids: 'mine' })).toEqual({ ...theirs, poids: 72 })
    expect(applyMerge(plan, theirs, { poids: 'theirs' })).toEqual(theirs)
  })

  it('treats a field I emptied as a change of mine', () => {
    const { poids: _, ...mine } = base
    const plan = planMerge(base, mine, base)
    expect(applyMerge(plan, base, {})).toEqual(mine)
  })

  it('compares objects whatever their key order', () => {
    expect(canonical({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonical({ a: [{ x: 1, y: 2 }], b: 1 }))
    expect(planMerge({ r: { a: 1, b: 2 } }, { r: { b: 2, a: 1 } }, { r: { a: 1, b: 2 } }).fields).toEqual([])
  })

  it('follows the fiche order given', () => {
    const plan = planMerge({}, { z: 1, a: 1 }, {}, ['z', 'a'])
    expect(plan.fields.map((f) => f.key)).toEqual(['z', 'a'])
  })
})
