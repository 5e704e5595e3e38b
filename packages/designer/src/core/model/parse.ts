/**
 * YAML text → validated template, with every error located at file:line:column. The YAML document is
 * kept so that checks and diffs can point back at the exact node a finding concerns.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import { z } from 'zod'
import { formatPath, type Path, type SourceLocation } from './location.ts'
import { Template } from './template-schema.ts'

export interface ParsedTemplate {
  file: string
  template: Template
  /** Location of the node at `path`, or of its closest existing ancestor. */
  locate(path: Path): SourceLocation
}

export interface ModelError {
  code: 'yaml-syntax' | 'model'
  at: SourceLocation
  /** French, for the lab user: what is wrong and what was expected. */
  message: string
}

export type ParseResult = { ok: true; value: ParsedTemplate } | { ok: false; errors: ModelError[] }

const frenchErrors = z.locales.fr().localeError

/** Aliases a template may expand: enough for shared option lists, far too few for an alias bomb. */
const MAX_ALIAS_COUNT = 100

/**
 * Parses one template version from its YAML text.
 * @example parseTemplate(readFileSync('put-templates/examplimab-aap/1.0.yaml', 'utf8'), 'examplimab-aap/1.0.yaml')
 */
export function parseTemplate(text: string, file = '<modèle>'): ParseResult {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0])
        return {
          code: 'yaml-syntax',
          at: { file, line: pos.line, column: pos.col, path: [] },
          message: `YAML invalide : ${e.message.split('\n')[0]}`,
        }
      }),
    }
  }
  const locate = (path: Path): SourceLocation => {
    const offset = offsetOf(doc.contents, path)
    const pos = lineCounter.linePos(offset)
    return { file, line: pos.line, column: pos.col, path }
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (error) {
    // The yaml library refuses alias bombs ("billion laughs") while expanding them: a located error, not a crash.
    return {
      ok: false,
      errors: [
        {
          code: 'yaml-syntax',
          at: { file, line: 1, column: 1, path: [] },
          message: /alias/i.test(String(error))
            ? `YAML invalide : trop de références (alias *) — au plus ${MAX_ALIAS_COUNT} sont acceptées`
            : `YAML invalide : ${String(error instanceof Error ? error.message : error).split('\n')[0]}`,
        },
      ],
    }
  }
  return validate(value, file, locate)
}

/** Validates a template that arrives as a plain object (JSON posted to the API, the designer UI's state). */
export function parseTemplateObject(value: unknown, file = '<modèle>'): ParseResult {
  return validate(value, file, (path) => ({ file, line: 0, column: 0, path }))
}

function validate(value: unknown, file: string, locate: (path: Path) => SourceLocation): ParseResult {
  const result = Template.safeParse(value, { error: frenchErrors })
  if (result.success) return { ok: true, value: { file, template: result.data, locate } }
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
      // An unknown key is reported on its parent object; point at the key itself.
      const keyPath = issue.code === 'unrecognized_keys' && issue.keys[0] ? [...path, issue.keys[0]] : path
      const where = formatPath(keyPath)
      return {
        code: 'model',
        at: locate(keyPath),
        message: where ? `${where} : ${issue.message}` : issue.message,
      }
    }),
  }
}

/** Start offset of the deepest node on `path` (a key's own position when the path ends on a key). */
function offsetOf(root: Node | null | undefined, path: Path): number {
  let node: unknown = root
  let offset = (root as Node | null)?.range?.[0] ?? 0
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key)
      if (!pair) break
      offset = (pair.key as Node).range?.[0] ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined
      if (!item) break
      offset = item.range?.[0] ?? offset
      node = item
    } else break
  }
  return offset
}
