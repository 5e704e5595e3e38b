/**
 * fast-check arbitraries of template sources to publish: mutations of a valid template (some still valid),
 * YAML bombs and self-referencing aliases, very long lines, deep nesting, tags, and plain garbage.
 */
import fc from 'fast-check'
import { HOSTILE_STRINGS } from './hostile-input.ts'

/** Billion laughs: `levels` levels of nine aliases each, expanding to 9^levels strings if followed. */
export const yamlBomb = (levels: number) => {
  const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(',')}]`,
    )
  return `${lines.join('\n')}\n`
}

const ODD_DOCUMENTS = [
  'a: &a [*a]\n',
  '&a a: *a\n',
  '!!js/function "function () { return 1 }"\n',
  '!!binary aGVsbG8=\n',
  '--- 1\n--- 2\n',
  '? [a, b]\n: c\n',
  '<<: {programme: x}\n',
  'programme:\tx\n',
  '\ufeffopenput: 1\n',
  '%YAML 9.9\n---\na: 1\n',
  'a: b: c\n',
  '"\\x00"\n',
]

type Mutation = (lines: string[], at: number, text: string) => string[]

const MUTATIONS: Mutation[] = [
  (lines, at) => lines.filter((_, i) => i !== at),
  (lines, at) => [...lines.slice(0, at + 1), lines[at]!, ...lines.slice(at + 1)],
  // replace the value after the first colon
  (lines, at, text) => lines.map((l, i) => (i === at ? l.replace(/:\s.*$/, `: ${text}`) : l)),
  (lines, at, text) => [...lines.slice(0, at), text, ...lines.slice(at)],
  (lines, at) => lines.slice(0, at),
  (lines, at) => lines.map((l, i) => (i === at ? `  ${l}` : l)),
]

const scalarText = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS).map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '~',
    'null',
    'true',
    '0x1F',
    '1e400',
    '.nan',
    '2026-02-30',
    '[]',
    '{}',
    '*undefined',
    '&x y',
    '|',
  ),
  fc.string({ maxLength: 20 }),
  fc.constantFrom(yamlBomb(8).replaceAll('\n', ' ')),
)

/** A template text for a fresh programme; `base(slug)` gives the valid starting point. */
export const templateYaml = (base: (slug: string) => string) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({
          slug: fc.stringMatching(/^fz-[a-z0-9]{6}$/),
          edits: fc.array(
            fc.record({
              mutation: fc.integer({ min: 0, max: MUTATIONS.length - 1 }),
              at: fc.nat(),
              text: scalarText,
            }),
            { maxLength: 3 },
          ),
        })
        .map(({ slug, edits }) =>
          edits
            .reduce(
              (lines, e) => MUTATIONS[e.mutation]!(lines, e.at % lines.length, e.text),
              base(slug).split('\n'),
            )
            .join('\n'),
        ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 4, max: 12 }).map(yamlBomb) },
    {
      weight: 1,
      arbitrary: fc.stringMatching(/^fz-[a-z0-9]{6}$/).map((slug) => `${yamlBomb(9)}${base(slug)}`),
    },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_DOCUMENTS) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        `programme: ${'a'.repeat(200_000)}\n`,
        `# ${'x'.repeat(500_000)}\nopenput: 1\n`,
        `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        `${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x\n`,
        'a: 1\n'.repeat(20_000),
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  )
