import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Condition } from '../model/template-schema.ts'
import { createFicheAjv } from './ajv.ts'
import { evaluateCondition } from './arbitrary-data.ts'
import { compileCondition, compileConditions } from './conditions.ts'

const ajv = createFicheAjv()

describe('compileCondition', () => {
  it.each<[string, Condition, object]>([
    ['equals', { item: 'sexe', equals: 'F' }, { properties: { sexe: { const: 'F' } }, required: ['sexe'] }],
    [
      'notEquals',
      { item: 'sexe', notEquals: 'F' },
      { properties: { sexe: { not: { const: 'F' } } }, required: ['sexe'] },
    ],
    [
      'in',
      { item: 'motif', in: ['a', 'b'] },
      { properties: { motif: { enum: ['a', 'b'] } }, required: ['motif'] },
    ],
    [
      'includes',
      { item: 'atcd', includes: 'hta' },
      { properties: { atcd: { type: 'array', contains: { const: 'hta' } } }, required: ['atcd'] },
    ],
    [
      'atLeast',
      { item: 'age', atLeast: 18 },
      { properties: { age: { type: 'number', minimum: 18 } }, required: ['age'] },
    ],
    [
      'atMost',
      { item: 'age', atMost: 65 },
      { properties: { age: { type: 'number', maximum: 65 } }, required: ['age'] },
    ],
    [
      'filled',
      { item: 'nom', filled: true },
      { properties: { nom: { not: { enum: ['', []] } } }, required: ['nom'] },
    ],
    [
      'not filled',
      { item: 'nom', filled: false },
      { not: { properties: { nom: { not: { enum: ['', []] } } }, required: ['nom'] } },
    ],
    [
      'all',
      {
        all: [
          { item: 'a', equals: 1 },
          { item: 'b', equals: true },
        ],
      },
      {
        allOf: [
          { properties: { a: { const: 1 } }, required: ['a'] },
          { properties: { b: { const: true } }, required: ['b'] },
        ],
      },
    ],
    [
      'any',
      {
        any: [
          { item: 'a', equals: 1 },
          { item: 'a', equals: 2 },
        ],
      },
      {
        anyOf: [
          { properties: { a: { const: 1 } }, required: ['a'] },
          { properties: { a: { const: 2 } }, required: ['a'] },
        ],
      },
    ],
    ['not', { not: { item: 'a', equals: 1 } }, { not: { properties: { a: { const: 1 } }, required: ['a'] } }],
  ])('compiles %s to a predicate on the whole data', (_name, condition, expected) => {
    expect(compileCondition(condition)).toEqual({ type: 'object', ...expected })
  })

  it('combines item, element and section conditions with allOf, and a single one as is', () => {
    const a: Condition = { item: 'a', equals: 1 }
    const b: Condition = { item: 'b', equals: 2 }
    expect(compileConditions([undefined, undefined])).toBeUndefined()
    expect(compileConditions([a, undefined])).toEqual(compileCondition(a))
    expect(compileConditions([a, undefined, b])).toEqual({
      type: 'object',
      allOf: [
        { properties: { a: { const: 1 } }, required: ['a'] },
        { properties: { b: { const: 2 } }, required: ['b'] },
      ],
    })
  })

  it('treats an unanswered question as meeting no positive test', () => {
    const holds = (c: Condition) => ajv.validate(compileCondition(c), {})
    expect(holds({ item: 'x', equals: 'a' })).toBe(false)
    expect(holds({ item: 'x', notEquals: 'a' })).toBe(false)
    expect(holds({ item: 'x', filled: false })).toBe(true)
    expect(holds({ not: { item: 'x', equals: 'a' } })).toBe(true)
  })

  // Random conditions on random data: the compiled predicate, run by ajv, says what the model means.
  it('agrees with the meaning of the condition model on any data', () => {
    const items = ['a', 'b', 'c'] as const
    const scalar = fc.oneof(fc.constantFrom('x', 'y', ''), fc.integer({ min: -2, max: 2 }), fc.boolean())
    const atom: fc.Arbitrary<Condition> = fc.oneof(
      fc.record({ item: fc.constantFrom(...items), equals: scalar }),
      fc.record({ item: fc.constantFrom(...items), notEquals: scalar }),
      fc.record({ item: fc.constantFrom(...items), in: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
      fc.record({ item: fc.constantFrom(...items), includes: fc.constantFrom('x', 'y') }),
      fc.record({ item: fc.constantFrom(...items), filled: fc.boolean() }),
      fc.record({ item: fc.constantFrom(...items), atLeast: fc.integer({ min: -2, max: 2 }) }),
      fc.record({ item: fc.constantFrom(...items), atMost: fc.integer({ min: -2, max: 2 }) }),
    )
    const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
      condition: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.record({ all: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('condition'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ not: tie('condition') }),
      ),
    }))
    const value = fc.oneof(scalar, fc.subarray(['x', 'y']), fc.double({ min: -3, max: 3, noNaN: true }))
    const data = fc.record({ a: value, b: value, c: value }, { requiredKeys: [] })
    fc.assert(
      fc.property(condition, data, (c, d) => {
        expect(ajv.validate(compileCondition(c), d)).toBe(evaluateCondition(c, d))
      }),
      { numRuns: 500 },
    )
  })
})
