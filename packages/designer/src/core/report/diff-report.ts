/**
 * A template diff for its reviewers (P2): counts per class first, then the changes grouped from the
 * most to the least serious, each located in the version where it can be seen.
 */
import { CLASS_LABELS_FR } from '../diff/messages.fr.ts'
import { type Change, type ChangeClass, ChangeClasses, type TemplateDiff } from '../diff/types.ts'
import { cell, count, json, markdownTable, place, type ReportFormat } from './format.ts'

/** What each class means for the reviewer, under its Markdown heading. */
const CLASS_MEANING_FR: Readonly<Record<ChangeClass, string>> = {
  breaking: 'Changements qui suppriment, invalident ou recodent des données déjà recueillies : à justifier.',
  review: 'Changements qui peuvent modifier le sens ou le calendrier des données : à examiner.',
  compatible: 'Changements sans effet sur la validité des données déjà recueillies.',
  cosmetic: 'Changements de présentation ou de formulation, sans effet sur les données.',
}

const CLASS_HEADINGS_FR: Readonly<Record<ChangeClass, string>> = {
  breaking: 'Ruptures',
  review: 'À examiner',
  compatible: 'Compatibles',
  cosmetic: 'Cosmétiques',
}

const CLASS_PLURALS_FR: Readonly<Record<ChangeClass, string>> = {
  breaking: 'ruptures',
  review: 'à examiner',
  compatible: 'compatibles',
  cosmetic: 'cosmétiques',
}

/** Where to look: in version B, or in version A for what B no longer has. */
function where(change: Change): string {
  const at = change.atB ?? change.atA
  return at ? place(at) : '—'
}

function title(diff: TemplateDiff): string {
  const from = `${diff.from.programme} ${diff.from.version}`
  const to =
    diff.to.programme === diff.from.programme ? diff.to.version : `${diff.to.programme} ${diff.to.version}`
  return `${from} → ${to}`
}

function countsLine(diff: TemplateDiff): string {
  const total = diff.changes.length
  if (total === 0) return 'Aucune différence.'
  const perClass = ChangeClasses.map((c) => count(diff.counts[c], CLASS_LABELS_FR[c], CLASS_PLURALS_FR[c]))
  return `${count(total, 'changement')} : ${perClass.join(', ')}.`
}

function grouped(diff: TemplateDiff): [ChangeClass, Change[]][] {
  return ChangeClasses.map((c) => [c, diff.changes.filter((change) => change.class === c)])
}

export function renderDiff(diff: TemplateDiff, format: ReportFormat): string {
  if (format === 'json') {
    return json({
      format: 'openput-diff',
      formatVersion: 1,
      from: diff.from,
      to: diff.to,
      counts: diff.counts,
      changes: diff.changes.map((c) => ({
        kind: c.kind,
        class: c.class,
        target: c.target,
        ...(c.atA
          ? { atA: { file: c.atA.file, line: c.atA.line, column: c.atA.column, path: c.atA.path } }
          : {}),
        ...(c.atB
          ? { atB: { file: c.atB.file, line: c.atB.line, column: c.atB.column, path: c.atB.path } }
          : {}),
        ...(c.before !== undefined ? { before: c.before } : {}),
        ...(c.after !== undefined ? { after: c.after } : {}),
        params: c.params,
        message: c.message,
      })),
    })
  }
  if (format === 'md') {
    const summary = markdownTable(
      ['Classe', 'Nombre'],
      ChangeClasses.map((c) => [CLASS_LABELS_FR[c], String(diff.counts[c])]),
    )
    const sections = grouped(diff)
      .filter(([, changes]) => changes.length > 0)
      .map(([c, changes]) => {
        const rows = changes.map((change) => [
          `\`${cell(where(change))}\``,
          `\`${change.kind}\``,
          cell(change.message),
        ])
        return `### ${CLASS_HEADINGS_FR[c]} (${changes.length})\n\n${CLASS_MEANING_FR[c]}\n\n${markdownTable(['Où', 'Changement', 'Détail'], rows)}\n`
      })
    return [`## Différences ${title(diff)}\n`, `${countsLine(diff)}\n`, `${summary}\n`, ...sections].join(
      '\n',
    )
  }
  const lines = grouped(diff).flatMap(([c, changes]) =>
    changes.map((change) => `${where(change)}  ${CLASS_LABELS_FR[c]}  ${change.kind}  ${change.message}`),
  )
  return `${[`${title(diff)} : ${countsLine(diff)}`, ...lines].join('\n')}\n`
}
