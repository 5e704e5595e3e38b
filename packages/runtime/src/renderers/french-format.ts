/**
 * What French users type ↔ what the fiche stores: dates JJ/MM/AAAA ↔ ISO `YYYY-MM-DD`, months MM/AAAA ↔
 * `YYYY-MM`, decimal commas ↔ numbers. Pure functions: a parse returns the stored value, `undefined` for
 * an empty field, or an `{ error }` in French.
 */

export type Parsed<T> = { value: T | undefined } | { error: string }

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

function isRealDate(year: number, month: number, day: number) {
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

/** `2026-03-01` → `01/03/2026`; anything else is shown as stored. */
export function formatIsoDate(value: unknown): string {
  if (typeof value !== 'string') return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value
}

/** `1/3/2026`, `01/03/2026`, `01.03.2026`, `01-03-2026` or a pasted ISO date → `2026-03-01`. */
export function parseFrenchDate(text: string): Parsed<string> {
  const t = text.trim()
  if (t === '') return { value: undefined }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t)
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t)
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : fr
      ? [Number(fr[3]), Number(fr[2]), Number(fr[1])]
      : [Number.NaN, 0, 0]
  if (Number.isNaN(year)) return { error: 'Date attendue au format JJ/MM/AAAA' }
  if (!isRealDate(year, month, day)) return { error: 'Cette date n’existe pas' }
  return { value: `${pad(year, 4)}-${pad(month)}-${pad(day)}` }
}

/** `2026-03` → `03/2026`. */
export function formatMonthYear(value: unknown): string {
  if (typeof value !== 'string') return ''
  const m = /^(\d{4})-(\d{2})$/.exec(value)
  return m ? `${m[2]}/${m[1]}` : value
}

/** `3/2026`, `03/2026` or `2026-03` → `2026-03`. */
export function parseMonthYear(text: string): Parsed<string> {
  const t = text.trim()
  if (t === '') return { value: undefined }
  const iso = /^(\d{4})-(\d{2})$/.exec(t)
  const fr = /^(\d{1,2})[/.-](\d{4})$/.exec(t)
  const [year, month] = iso ? [Number(iso[1]), Number(iso[2])] : fr ? [Number(fr[2]), Number(fr[1])] : [0, 0]
  if (!iso && !fr) return { error: 'Mois attendu au format MM/AAAA' }
  if (month < 1 || month > 12) return { error: 'Mois entre 01 et 12' }
  return { value: `${pad(year, 4)}-${pad(month)}` }
}

/** A stored number as French text: `1.5` → `1,5`. */
export function formatNumber(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value).replace('.', ',') : ''
}

/** `1,5` or `1.5` → 1.5; integers refuse decimals; `decimals` bounds the digits after the comma. */
export function parseNumber(
  text: string,
  options: { integer?: boolean; decimals?: number } = {},
): Parsed<number> {
  const t = text.trim().replace(/\s/g, '')
  if (t === '') return { value: undefined }
  if (!/^[-+]?\d+(?:[.,]\d+)?$/.test(t))
    return { error: options.integer ? 'Nombre entier attendu' : 'Nombre attendu' }
  const fraction = /[.,](\d+)$/.exec(t)?.[1] ?? ''
  if (options.integer && fraction.length > 0) return { error: 'Nombre entier attendu' }
  if (options.decimals !== undefined && fraction.length > options.decimals) {
    return {
      error:
        options.decimals === 0
          ? 'Nombre entier attendu'
          : `Au plus ${options.decimals} chiffre${options.decimals > 1 ? 's' : ''} après la virgule`,
    }
  }
  return { value: Number(t.replace(',', '.')) }
}
