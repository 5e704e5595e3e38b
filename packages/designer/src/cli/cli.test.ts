import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = new URL('../../../../', import.meta.url).pathname
const minimalPath = 'packages/designer/test/fixtures/minimal.yaml'
const minimal = readFileSync(join(root, minimalPath), 'utf8')
const dir = mkdtempSync(join(tmpdir(), 'openput-cli-'))

/** A variant of the fixture written to a temporary file; fails loudly if the edit did not apply. */
function variant(name: string, from: string, to: string): string {
  if (!minimal.includes(from)) throw new Error(`fixture has no « ${from} »`)
  const path = join(dir, name)
  writeFileSync(path, minimal.replace(from, to))
  return path
}

const broken = variant('broken.yaml', 'min: 1, max: 400', 'min: 500, max: 400')
const badYaml = variant('bad-yaml.yaml', 'holder: Laboratoire Test', 'holder: [Laboratoire')
const optionRemoved = variant('option-removed.yaml', '{ code: toxicite, label: Toxicité }, ', '')
const optionAdded = variant(
  'option-added.yaml',
  '{ code: autre, label: Autre }',
  '{ code: autre, label: Autre }, { code: deces, label: Décès }',
)

function openput(...args: string[]) {
  const result = spawnSync('node', ['--import', 'tsx', 'packages/designer/src/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

// Each test starts the CLI once or twice (a Node process loading TypeScript, ~2 s each on a busy machine):
// more than vitest's default 5 s timeout.
describe('openput CLI', { timeout: 30_000 }, () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const runs: { name: string; args: string[]; code: number; output: RegExp }[] = [
    {
      name: 'check on a valid template',
      args: ['check', minimalPath],
      code: 0,
      output: /Aucun problème détecté/,
    },
    {
      name: 'check on a template with a charter error',
      args: ['check', broken],
      code: 1,
      output: /broken\.yaml:\d+:\d+ {2}erreur {2}impossible-bounds {2}/,
    },
    {
      name: 'check on a YAML syntax error, located',
      args: ['check', badYaml],
      code: 2,
      output: /bad-yaml\.yaml:\d+:\d+ {2}erreur {2}yaml-syntax/,
    },
    {
      name: 'check on a missing file',
      args: ['check', join(dir, 'absent.yaml')],
      code: 2,
      output: /introuvable/,
    },
    {
      name: 'P2: diff of identical versions',
      args: ['diff', minimalPath, minimalPath],
      code: 0,
      output: /Aucune différence/,
    },
    {
      name: 'P2: diff with a breaking change',
      args: ['diff', minimalPath, optionRemoved],
      code: 1,
      output: /rupture {2}item-option-removed/,
    },
    {
      name: 'P2: diff with a compatible change only',
      args: ['diff', minimalPath, optionAdded],
      code: 0,
      output: /compatible {2}item-option-added/,
    },
    { name: 'help', args: ['--help'], code: 0, output: /Codes de sortie/ },
  ]

  // printf-style names: `$name` would quote and truncate them, and requirement IDs must lead the name.
  it.each(runs.map((r) => [r.name, r.code, r.args, r.output] as const))(
    '%s exits %s',
    (_name, code, args, output) => {
      const result = openput(...args)
      expect(result.code, result.stderr).toBe(code)
      expect(result.stdout).toMatch(output)
    },
  )

  it.each([
    ['an unknown command', ['frobnicate']],
    ['no command', []],
    ['an unknown format', ['check', minimalPath, '--format', 'xml']],
    ['an unknown option', ['check', minimalPath, '--verbose']],
    ['diff with one file', ['diff', minimalPath]],
  ])('bad usage (%s) exits 2 with the usage on stderr', (_name, args) => {
    const result = openput(...args)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/Usage/)
  })

  it('check --format json prints parseable findings', () => {
    const result = openput('check', broken, '--format', 'json')
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.summary.errors).toBeGreaterThan(0)
    expect(report.findings[0]).toMatchObject({ rule: 'impossible-bounds', severity: 'error', file: broken })
  })

  it('P2: diff --format md starts with the counts per class; --format json parses', () => {
    const md = openput('diff', minimalPath, optionRemoved, '--format', 'md')
    expect(md.code).toBe(1)
    expect(md.stdout).toMatch(/^## Différences testmab-aap 1\.0 → 1\.0/)
    expect(md.stdout).toContain('| rupture | 1 |')
    expect(md.stdout).toContain('### Ruptures (1)')
    const json = JSON.parse(openput('diff', minimalPath, optionRemoved, '--format', 'json').stdout)
    expect(json.counts.breaking).toBe(1)
    expect(json.changes[0]).toMatchObject({
      kind: 'item-option-removed',
      class: 'breaking',
      target: { code: 'toxicite' },
    })
  })

  // Two CLI runs: more than the default timeout on a busy machine.
  it('compile --out writes one JSON per fiche; without --out prints the template', {
    timeout: 30_000,
  }, () => {
    const out = join(dir, 'compiled')
    const result = openput('compile', minimalPath, '--out', out)
    expect(result.code, result.stderr).toBe(0)
    for (const id of ['fat', 'fit', 'suivi', 'arret']) {
      const fiche = JSON.parse(readFileSync(join(out, `${id}.json`), 'utf8'))
      expect(Object.keys(fiche)).toEqual(expect.arrayContaining(['schema', 'uischema', 'i18n', 'hash']))
      expect(fiche.ficheId).toBe(id)
    }
    const printed = JSON.parse(openput('compile', minimalPath).stdout)
    expect(printed.fiches.map((f: { ficheId: string }) => f.ficheId)).toEqual([
      'fat',
      'fit',
      'suivi',
      'arret',
    ])
  })

  it('compile refuses a template with charter errors and writes nothing', () => {
    const out = join(dir, 'refused')
    const result = openput('compile', broken, '--out', out)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/impossible-bounds/)
    expect(existsSync(out)).toBe(false)
  })

  it('schema prints the JSON Schema of the format', () => {
    const result = openput('schema')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).$id).toBe('https://openput.fr/schemas/template-v1.json')
  })

  it('the installed bin runs the same CLI', () => {
    const result = spawnSync('node', ['packages/designer/bin/openput.js', 'check', minimalPath], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Aucun problème détecté/)
  })
})
