import { describe, expect, it } from 'vitest'
import { diffData } from './diff-data.ts'

describe('diffData', () => {
  it.each([
    ['no change', { a: 1 }, { a: 1 }, []],
    ['changed value', { a: 1 }, { a: 2 }, [{ path: '/a', before: 1, after: 2 }]],
    [
      'added and removed',
      { a: 1 },
      { b: true },
      [
        { path: '/a', before: 1, after: null },
        { path: '/b', before: null, after: true },
      ],
    ],
    [
      'repeated rows by index',
      { t: [{ nom: 'x' }] },
      { t: [{ nom: 'y' }, { nom: 'z' }] },
      [
        { path: '/t/0/nom', before: 'x', after: 'y' },
        { path: '/t/1/nom', before: null, after: 'z' },
      ],
    ],
    [
      'multiple choice as one value',
      { m: ['a'] },
      { m: ['a', 'b'] },
      [{ path: '/m', before: ['a'], after: ['a', 'b'] }],
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(diffData(before, after)).toEqual(expected)
  })
})
