/**
 * fast-check arbitraries of hostile input for the write API: JSON texts built by hand (so they can carry
 * `__proto__` keys, duplicate keys, 1e400 or 100 000 levels of nesting), raw bytes, odd content types, YAML.
 */
import fc from 'fast-check'

/** Strings that have broken servers before: NUL, lone surrogates, direction marks, SQL and path tricks. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202eabc',
  '\ufeff',
  "'; drop table fiche_revisions; --",
  '../../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell-style lookup, sent as plain text
  '${jndi:ldap://127.0.0.1/a}',
  '{{constructor.constructor("return 1")()}}',
  '<script>alert(1)</script>',
  'é'.repeat(300),
]

export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  '$ref',
  'a/b~c',
]

/** The minimal template's `fat` items, so that many generated writes are plausible enough to be stored. */
export const FAT_ITEMS = [
  'sexe',
  'poids_kg',
  'ucd',
  'grossesse_possible',
  'contraception',
  'traitements_anterieurs',
]

const plausibleValue: Record<string, fc.Arbitrary<unknown>> = {
  sexe: fc.constantFrom('F', 'M'),
  poids_kg: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
  ucd: fc.constantFrom('9000001', '9000002', '9000003'),
  grossesse_possible: fc.boolean(),
  contraception: fc.boolean(),
  traitements_anterieurs: fc.array(
    fc.record(
      {
        traitement_nom: fc.string({ maxLength: 30 }),
        traitement_debut: fc.constantFrom('2024-01', '2025-13', 'hier'),
      },
      { requiredKeys: ['traitement_nom'] },
    ),
    { maxLength: 3 },
  ),
}

/**
 * Big values travel as short tokens, expanded only when the body is rendered, so that a failing case
 * prints in a few lines: `@nested:N@` is an array N levels deep, `@big:N@` a string of N characters.
 */
export const expandTokens = (text: string) =>
  text
    .replace(/@nested:(\d+)@/g, (_, n) => `${'['.repeat(Number(n))}${']'.repeat(Number(n))}`)
    .replace(/@big:(\d+)@/g, (_, n) => JSON.stringify('x'.repeat(Number(n))))

/** Any JSON value as text, including what JSON.stringify never writes. */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => JSON.stringify(s)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('1e400', '-1e400', '-0', '0.1e-400', `1${'0'.repeat(400)}`, '1.0'),
  },
  { weight: 1, arbitrary: fc.constantFrom(10, 1000, 100_000).map((n) => `@nested:${n}@`) },
  { weight: 1, arbitrary: fc.constantFrom(20_000, 200_000).map((n) => `@big:${n}@`) },
)

/** A JSON object as text from entries whose values are already JSON texts (duplicates kept on purpose). */
export const objectText = (entries: [string, string][]) =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`

/** Fiche data: mostly the fiche's own items with plausible values, with hostile keys and values mixed in. */
export const ficheDataText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      {
        weight: 12,
        arbitrary: fc
          .constantFrom(...FAT_ITEMS)
          .chain((k) => plausibleValue[k]!.map((v) => [k, JSON.stringify(v)] as [string, string])),
      },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...FAT_ITEMS), hostileJsonText) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_KEYS), hostileJsonText) },
      { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 12 }), hostileJsonText) },
    ),
    { maxLength: 6 },
  )
  .map(objectText)

export const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/merge-patch+json',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
    ),
  },
)

/** How a write names its base revision: the head (so that it may land), an older one, or garbage. */
export type BaseChoice = 'head' | 'first' | 'missing' | { raw: string }

export const baseChoice: fc.Arbitrary<BaseChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('head' as const) },
  { weight: 1, arbitrary: fc.constantFrom('first' as const, 'missing' as const) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.uuid(),
        hostileJsonText.map((t) => t),
      )
      .map((raw) => ({ raw })),
  },
)

/** A whole request body: a structured one (most), any JSON, broken JSON, or raw bytes. */
export type BodyPlan =
  | { kind: 'structured'; base: BaseChoice; data: string | undefined; extras: [string, string][] }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> }

export const bodyPlan: fc.Arbitrary<BodyPlan> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('structured' as const),
      base: baseChoice,
      data: fc.option(ficheDataText, { freq: 8, nil: undefined }),
      // Rare on purpose: any extra property gets the whole request refused before the data is even read.
      extras: fc.oneof(
        { weight: 5, arbitrary: fc.constant([] as [string, string][]) },
        {
          weight: 1,
          arbitrary: fc.array(fc.tuple(fc.constantFrom(...HOSTILE_KEYS, 'data', 'extra'), hostileJsonText), {
            minLength: 1,
            maxLength: 2,
          }),
        },
      ),
    }),
  },
  { weight: 1, arbitrary: hostileJsonText.map((text) => ({ kind: 'text' as const, text })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('{', '{"data":', '{"a":1}}', 'null', ''),
      )
      .map((text) => ({ kind: 'text' as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.uint8Array({ maxLength: 200 }),
        // invalid UTF-8 inside an otherwise well-formed JSON string
        fc.constant(new Uint8Array([0x7b, 0x22, 0x64, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d])),
      )
      .map((bytes) => ({ kind: 'bytes' as const, bytes })),
  },
  {
    weight: 1,
    // over the default 1 MB fiche limit
    arbitrary: fc.constant({ kind: 'text' as const, text: '{"data":{"sexe":@big:1100000@}}' }),
  },
)

/**
 * The body's bytes or text. A structured body names what it acts on with the entries `anchors` gives for
 * the plan's choice (the head revision, the first one), or with garbage under `rawKey`.
 */
export function renderBody(
  plan: BodyPlan,
  anchors: Record<'head' | 'first', [string, string][]>,
  rawKey: string,
): string | Uint8Array<ArrayBuffer> {
  if (plan.kind === 'text') return expandTokens(plan.text)
  if (plan.kind === 'bytes') return plan.bytes
  const named: [string, string][] =
    plan.base === 'missing'
      ? []
      : typeof plan.base === 'string'
        ? anchors[plan.base]
        : [[rawKey, plan.base.raw]]
  const data: [string, string][] = plan.data === undefined ? [] : [['data', plan.data]]
  return expandTokens(objectText([...named, ...data, ...plan.extras]))
}
