import { describe, expect, it } from 'vitest'
import { canonicalJson, hashJson } from './canonical-json.ts'

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":0,"z":1}]},"b":1}',
    )
  })

  it('hashes equal content equally whatever the key order, and differently otherwise', () => {
    expect(hashJson({ a: 1, b: 'é' })).toBe(hashJson({ b: 'é', a: 1 }))
    expect(hashJson({ a: 1 })).not.toBe(hashJson({ a: 2 }))
    // sha256 of the UTF-8 bytes of '{}'
    expect(hashJson({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a')
  })
})
