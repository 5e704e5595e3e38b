/**
 * What each `openput` command does, over an injected `Io` so that the commands stay testable and
 * `main.ts` remains the only place that touches the file system and the process.
 */
import {
  checkPrefillAcross,
  checkTemplate,
  compileTemplate,
  diffTemplates,
  hasErrors,
  type ParsedTemplate,
  parseTemplate,
  type ReadError,
  type ReportFormat,
  renderDiff,
  renderFindings,
  renderModelErrors,
  templateFormatJsonSchema,
} from '../core/index.ts'
import { type Command, USAGE_FR } from './args.ts'

export interface Io {
  /** The file's text, or `undefined` when it cannot be read. */
  readText(path: string): string | undefined
  writeText(path: string, text: string): void
  /** `dir` joined with a file name, the platform's way. */
  join(dir: string, name: string): string
  stdout(text: string): void
  stderr(text: string): void
}

export const EXIT = { clean: 0, problems: 1, unreadable: 2 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

type Loaded = { ok: true; parsed: ParsedTemplate } | { ok: false; errors: ReadError[] }

function load(io: Io, file: string): Loaded {
  const text = io.readText(file)
  if (text === undefined) {
    return {
      ok: false,
      errors: [
        {
          code: 'unreadable-file',
          at: { file, line: 0, column: 0, path: [] },
          message: 'fichier introuvable ou illisible',
        },
      ],
    }
  }
  const result = parseTemplate(text, file)
  return result.ok ? { ok: true, parsed: result.value } : { ok: false, errors: result.errors }
}

/** Loads every file; any unreadable one makes the command report model errors only and exit 2. */
function loadAll(
  io: Io,
  files: readonly string[],
  report: (text: string) => void,
  format: ReportFormat,
): ParsedTemplate[] | undefined {
  const loaded = files.map((f) => load(io, f))
  const errors = loaded.flatMap((l) => (l.ok ? [] : l.errors))
  if (errors.length > 0) {
    report(renderModelErrors(errors, format))
    return undefined
  }
  return loaded.flatMap((l) => (l.ok ? [l.parsed] : []))
}

export function runCommand(command: Command, io: Io): ExitCode {
  switch (command.name) {
    case 'help':
      io.stdout(USAGE_FR)
      return EXIT.clean
    case 'schema':
      io.stdout(`${JSON.stringify(templateFormatJsonSchema(), null, 2)}\n`)
      return EXIT.clean
    case 'check': {
      const parsed = loadAll(io, command.files, io.stdout, command.format)
      if (!parsed) return EXIT.unreadable
      // C8.1: equivalences are also checked against the templates they prefill from, when given together.
      const findings = [...parsed.flatMap((p) => checkTemplate(p)), ...checkPrefillAcross(parsed)]
      io.stdout(renderFindings(findings, command.format, command.files.join(', ')))
      return hasErrors(findings) ? EXIT.problems : EXIT.clean
    }
    case 'compile': {
      // stdout carries the compiled JSON: every diagnostic goes to stderr.
      const parsed = loadAll(io, [command.file], io.stderr, command.format)?.[0]
      if (!parsed) return EXIT.unreadable
      // Compiled once: the checks verify the very fiches this command writes.
      const compiled = compileTemplate(parsed.template)
      const findings = checkTemplate(parsed, { compiled })
      if (findings.length > 0) io.stderr(renderFindings(findings, command.format, command.file))
      if (hasErrors(findings)) return EXIT.problems
      if (!command.out) {
        io.stdout(`${JSON.stringify(compiled, null, 2)}\n`)
        return EXIT.clean
      }
      for (const fiche of compiled.fiches) {
        const document = { programme: compiled.programme, version: compiled.version, ...fiche }
        io.writeText(io.join(command.out, `${fiche.ficheId}.json`), `${JSON.stringify(document, null, 2)}\n`)
      }
      io.stderr(`${compiled.fiches.length} fiche(s) compilée(s) dans ${command.out}\n`)
      return EXIT.clean
    }
    case 'diff': {
      const parsed = loadAll(io, [command.a, command.b], io.stdout, command.format)
      if (!parsed) return EXIT.unreadable
      const diff = diffTemplates(parsed[0] as ParsedTemplate, parsed[1] as ParsedTemplate)
      io.stdout(renderDiff(diff, command.format))
      return diff.counts.breaking > 0 ? EXIT.problems : EXIT.clean
    }
  }
}
