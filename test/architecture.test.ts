/**
 * The folders are the architecture: this test reads every import of our sources and checks it against
 * the direction rules of docs/architecture.md. Each rule carries its reason, printed when it fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('..', import.meta.url).pathname

interface Rule {
  from: RegExp
  forbidden: RegExp
  reason: string
}

const RULES: Rule[] = [
  {
    from: /^packages\/designer\/src\/core\//,
    forbidden: /^(node:|fs$|path$|process$|crypto$|hono|kysely|pg$|@electric-sql|react)|\/cli\//,
    reason:
      'designer/core is pure and runs in the browser: no I/O, no server or UI library; the CLI and server wrap it',
  },
  {
    from: /^packages\/server\/src\/db\//,
    forbidden: /\/(domain|http)\/|^hono|^@hono/,
    reason: 'db/ knows nothing of workflows or HTTP: domain/ calls db/, never the reverse',
  },
  {
    from: /^packages\/server\/src\/domain\//,
    forbidden: /\/http\/|^hono|^@hono/,
    reason: 'domain/ is transport-agnostic: http/ calls domain commands, never the reverse',
  },
  {
    from: /^packages\/server\/src\/http\//,
    forbidden: /\/db\/|^kysely|^pg$|^@electric-sql/,
    reason: 'http/ never writes SQL: it calls one domain command per request',
  },
  {
    from: /^packages\//,
    forbidden: /^@openput\/[^/]+\/src\/|^\.\.\/\.\.\/\.\.\/(designer|server|runtime)\//,
    reason: 'packages talk through their public entry points only (package exports), never deep paths',
  },
]

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return []
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) ? [path] : []
  })
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string)
}

describe('architecture', () => {
  const files = sources(join(root, 'packages')).map((f) => relative(root, f))

  it('finds the sources it checks', () => {
    expect(files.some((f) => f.startsWith('packages/designer/src/core/model/'))).toBe(true)
  })

  it.each(RULES)('$reason', (rule) => {
    const violations = files
      .filter((f) => rule.from.test(f) && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        importsOf(join(root, f))
          .filter((s) => rule.forbidden.test(s))
          .map((s) => `${f} imports ${s}`),
      )
    expect(violations, rule.reason).toEqual([])
  })
})
