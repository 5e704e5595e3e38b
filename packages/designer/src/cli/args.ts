/**
 * Command-line arguments → one command to run, or the usage error to print. Pure, so every way of
 * calling `openput` wrongly is testable without spawning a process.
 */
import { parseArgs } from 'node:util'
import { type ReportFormat, ReportFormats } from '../core/index.ts'

export type Command =
  | { name: 'help' }
  | { name: 'check'; files: string[]; format: ReportFormat }
  | { name: 'compile'; file: string; out?: string; format: ReportFormat }
  | { name: 'diff'; a: string; b: string; format: ReportFormat }
  | { name: 'schema' }

export type ParsedArgs = { ok: true; command: Command } | { ok: false; message: string }

const usageError = (message: string): ParsedArgs => ({ ok: false, message })

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseOptions>
  try {
    parsed = parseOptions(argv)
  } catch (error) {
    return usageError(`option invalide : ${(error as Error).message}`)
  }
  const { values, positionals } = parsed
  const [name, ...rest] = positionals
  if (values.help || name === 'help') return { ok: true, command: { name: 'help' } }
  const format = values.format ?? 'text'
  if (!(ReportFormats as readonly string[]).includes(format)) {
    return usageError(`format inconnu « ${format} » : attendu ${ReportFormats.join(', ')}`)
  }
  const reportFormat = format as ReportFormat
  if (values.out !== undefined && name !== 'compile')
    return usageError('--out ne s’utilise qu’avec « compile »')
  switch (name) {
    case 'check':
      if (rest.length === 0) return usageError('check : indiquer au moins un fichier de modèle')
      return { ok: true, command: { name, files: rest, format: reportFormat } }
    case 'compile':
      if (rest.length !== 1) return usageError('compile : indiquer exactement un fichier de modèle')
      return {
        ok: true,
        command: {
          name,
          file: rest[0] as string,
          format: reportFormat,
          ...(values.out ? { out: values.out } : {}),
        },
      }
    case 'diff':
      if (rest.length !== 2)
        return usageError('diff : indiquer deux fichiers, l’ancienne version puis la nouvelle')
      return { ok: true, command: { name, a: rest[0] as string, b: rest[1] as string, format: reportFormat } }
    case 'schema':
      if (rest.length > 0) return usageError('schema : aucun argument attendu')
      return { ok: true, command: { name } }
    case undefined:
      return usageError('commande manquante')
    default:
      return usageError(`commande inconnue « ${name} »`)
  }
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

export const USAGE_FR = `openput — outils de conception des modèles de PUT

Usage :
  openput check <modele.yaml...>        vérifie les modèles (format et règles de la charte)
  openput compile <modele.yaml> [--out <dossier>]
                                        compile chaque fiche (JSON Schema, UI schema, textes, empreinte) ;
                                        un fichier JSON par fiche dans <dossier>, sinon sur la sortie standard
  openput diff <ancien.yaml> <nouveau.yaml>
                                        liste les changements entre deux versions, classés par impact
                                        sur les données déjà recueillies
  openput schema                        affiche le JSON Schema du format des modèles

Options :
  -f, --format text|json|md             format du rapport (text par défaut)
  -o, --out <dossier>                   dossier de sortie de « compile »
  -h, --help                            affiche cette aide

Codes de sortie :
  0  aucun problème (check), aucune rupture (diff)
  1  erreurs de charte (check, compile) ou changements en rupture (diff)
  2  fichier illisible (introuvable, YAML ou format invalide) ou usage incorrect
`
