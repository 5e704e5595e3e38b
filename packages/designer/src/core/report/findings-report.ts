/**
 * Check findings and model errors (YAML syntax, shape of the template) as a terminal listing, a
 * Markdown review section or JSON: one line per problem, located at file:line:column.
 */
import type { LocatedFinding, Severity } from '../checks/types.ts'
import type { ModelError } from '../model/parse.ts'
import { cell, count, json, markdownTable, place, type ReportFormat } from './format.ts'

/** A model error, or a file the shell could not read at all (missing, unreadable). */
export type ReadError = Omit<ModelError, 'code'> & { code: ModelError['code'] | 'unreadable-file' }

const SEVERITY_FR: Readonly<Record<Severity, string>> = { error: 'erreur', warning: 'avertissement' }

/** Errors first, then by file, line and column: the order a lab user fixes things in. */
function byLocation(x: LocatedFinding, y: LocatedFinding): number {
  if (x.severity !== y.severity) return x.severity === 'error' ? -1 : 1
  if (x.at.file !== y.at.file) return x.at.file < y.at.file ? -1 : 1
  return (
    x.at.line - y.at.line || x.at.column - y.at.column || (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0)
  )
}

function summary(findings: readonly LocatedFinding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === 'error').length
  return { errors, warnings: findings.length - errors }
}

function summaryLine({ errors, warnings }: { errors: number; warnings: number }): string {
  if (errors + warnings === 0) return 'Aucun problème détecté.'
  return `${count(errors, 'erreur')}, ${count(warnings, 'avertissement')}.`
}

/** Check findings, sorted errors first. `title` names what was checked (file names) in Markdown. */
export function renderFindings(
  findings: readonly LocatedFinding[],
  format: ReportFormat,
  title?: string,
): string {
  const sorted = [...findings].sort(byLocation)
  const counts = summary(sorted)
  if (format === 'json') {
    return json({
      format: 'openput-findings',
      formatVersion: 1,
      summary: counts,
      findings: sorted.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        requirements: [...f.requirements],
        file: f.at.file,
        line: f.at.line,
        column: f.at.column,
        path: f.path,
        params: f.params,
        message: f.message,
      })),
    })
  }
  if (format === 'md') {
    const head = `## Vérification de la charte${title ? ` : ${title}` : ''}\n\n${summaryLine(counts)}\n`
    if (sorted.length === 0) return head
    const rows = sorted.map((f) => [
      `\`${cell(place(f.at))}\``,
      SEVERITY_FR[f.severity],
      `\`${f.rule}\``,
      f.requirements.join(', ') || '—',
      cell(f.message),
    ])
    return `${head}\n${markdownTable(['Où', 'Gravité', 'Règle', 'Exigences', 'Message'], rows)}\n`
  }
  const lines = sorted.map((f) => `${place(f.at)}  ${SEVERITY_FR[f.severity]}  ${f.rule}  ${f.message}`)
  return `${[...lines, summaryLine(counts)].join('\n')}\n`
}

/** Errors that stop a template from being read at all: nothing else can be checked until they are fixed. */
export function renderModelErrors(errors: readonly ReadError[], format: ReportFormat): string {
  if (format === 'json') {
    return json({
      format: 'openput-model-errors',
      formatVersion: 1,
      errors: errors.map((e) => ({
        code: e.code,
        file: e.at.file,
        line: e.at.line,
        column: e.at.column,
        path: e.at.path,
        message: e.message,
      })),
    })
  }
  const head = `${count(errors.length, 'erreur')} de lecture : le modèle ne peut pas être analysé.`
  if (format === 'md') {
    const rows = errors.map((e) => [`\`${cell(place(e.at))}\``, `\`${e.code}\``, cell(e.message)])
    return `## Modèle illisible\n\n${head}\n\n${markdownTable(['Où', 'Code', 'Message'], rows)}\n`
  }
  return `${[...errors.map((e) => `${place(e.at)}  erreur  ${e.code}  ${e.message}`), head].join('\n')}\n`
}
