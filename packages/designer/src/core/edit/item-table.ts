/**
 * Bulk creation of catalogue items from a table pasted from the PUT document (a word processor or a
 * spreadsheet copies tables as tab-separated lines): one line per item, id, label, type, then options.
 */
import type { ChoiceOption, Item, ItemType } from '../model/template-schema.ts'
import { ItemTypes } from '../model/template-schema.ts'

export interface TableError {
  /** 1-based line of the pasted text. */
  line: number
  message: string
}

export interface ParsedItemTable {
  items: { line: number; item: Item }[]
  errors: TableError[]
}

/** The types as a lab user may write them in the PUT table, besides the format's own names. */
const TYPE_ALIASES: Record<string, ItemType> = {
  texte: 'text',
  'texte long': 'long-text',
  commentaire: 'long-text',
  entier: 'integer',
  nombre: 'decimal',
  décimal: 'decimal',
  decimal: 'decimal',
  date: 'date',
  'mois/année': 'month-year',
  'mois-année': 'month-year',
  'oui/non': 'yes-no',
  'oui-non': 'yes-no',
  'choix unique': 'single-choice',
  liste: 'single-choice',
  'choix multiple': 'multiple-choice',
  'cases à cocher': 'multiple-choice',
}

const ID = /^[a-z][a-z0-9_]*$/
const CHOICE_TYPES: readonly ItemType[] = ['single-choice', 'multiple-choice']
const REQUIRED_MARKS = new Set(['obligatoire', 'requis', 'required'])

function typeOf(cell: string): ItemType | undefined {
  const key = cell.trim().toLowerCase()
  if ((ItemTypes as readonly string[]).includes(key)) return key as ItemType
  return TYPE_ALIASES[key]
}

/** `F=Féminin`, `F: Féminin`, or several separated by `;` in one cell. */
function optionsOf(cells: string[]): { options: ChoiceOption[]; bad?: string } {
  const options: ChoiceOption[] = []
  for (const part of cells
    .flatMap((c) => c.split(';'))
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([^=:]+?)\s*[=:]\s*(.+)$/.exec(part)
    if (!match) return { options, bad: part }
    options.push({ code: match[1]!.trim(), label: match[2]!.trim() })
  }
  return { options }
}

/**
 * Parses the pasted table; lines with an error are left out of `items` and reported with their number.
 * A first line whose first cell is `id` or `identifiant` is a header and is skipped.
 * @example parseItemTable('poids_kg\tPoids\tdécimal\nsexe\tSexe\tchoix unique\tF=Féminin\tM=Masculin')
 */
export function parseItemTable(text: string): ParsedItemTable {
  const items: ParsedItemTable['items'] = []
  const errors: TableError[] = []
  const seen = new Map<string, number>()
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    if (raw.trim() === '') return
    const cells = raw.split('\t').map((c) => c.trim())
    const [id = '', label = '', typeCell = '', ...rest] = cells
    if (index === 0 && /^(id|identifiant)$/i.test(id)) return
    const fail = (message: string) => errors.push({ line, message: `ligne ${line} : ${message}` })
    if (!ID.test(id)) {
      fail(`identifiant « ${id} » invalide (minuscules, chiffres et « _ », commençant par une lettre)`)
      return
    }
    if (seen.has(id)) {
      fail(`identifiant « ${id} » déjà utilisé ligne ${seen.get(id)}`)
      return
    }
    if (!label) {
      fail(`libellé manquant pour « ${id} »`)
      return
    }
    const type = typeOf(typeCell)
    if (!type) {
      fail(
        `type « ${typeCell} » inconnu pour « ${id} » (texte, entier, décimal, date, oui/non, choix unique, choix multiple…)`,
      )
      return
    }
    const required = rest.some((c) => REQUIRED_MARKS.has(c.toLowerCase()))
    const optionCells = rest.filter((c) => c && !REQUIRED_MARKS.has(c.toLowerCase()))
    const item: Item = { id, label, type }
    if (CHOICE_TYPES.includes(type)) {
      const { options, bad } = optionsOf(optionCells)
      if (bad) {
        fail(`option « ${bad} » illisible pour « ${id} » (attendu : code=libellé)`)
        return
      }
      if (options.length === 0) {
        fail(`« ${id} » est un choix mais aucune option n'est donnée (code=libellé)`)
        return
      }
      item.options = options
    } else if (optionCells.length > 0) {
      fail(`« ${id} » n'est pas un choix : les colonnes « ${optionCells.join(' | ')} » seraient perdues`)
      return
    }
    if (required) item.required = true
    seen.set(id, line)
    items.push({ line, item })
  })
  return { items, errors }
}
