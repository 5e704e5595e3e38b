/**
 * French for JSON Forms: labels, descriptions and option labels from the compiled fiche's i18n bundle,
 * and error messages from (in order) the bundle's `<prefix>.error.<keyword>`, a short French text for the
 * common keywords, then ajv-i18n's French (stack notes §1.5).
 */
import type { ErrorTranslator, JsonFormsI18nState, Translator } from '@jsonforms/core'
import type { ErrorObject } from 'ajv'
import localizeFr from 'ajv-i18n/localize/fr'

/** Texts of the renderers themselves, in French (the compiler's bundle adds the per-item ones). */
export const RENDERER_TEXTS_FR: Record<string, string> = {
  'enum.none': 'Non renseigné',
  'is a required property': 'Champ obligatoire',
}

const KEYWORD_TEXTS_FR: Record<string, (e: ErrorObject) => string> = {
  required: () => 'Champ obligatoire',
  format: (e) =>
    e.params.format === 'date'
      ? 'Date invalide (JJ/MM/AAAA)'
      : `Format invalide (${String(e.params.format)})`,
  minimum: (e) => `Doit être supérieur ou égal à ${String(e.params.limit)}`,
  maximum: (e) => `Doit être inférieur ou égal à ${String(e.params.limit)}`,
  exclusiveMinimum: (e) => `Doit être strictement supérieur à ${String(e.params.limit)}`,
  exclusiveMaximum: (e) => `Doit être strictement inférieur à ${String(e.params.limit)}`,
  maxLength: (e) => `Au plus ${String(e.params.limit)} caractères`,
  minLength: (e) => `Au moins ${String(e.params.limit)} caractère(s)`,
  enum: () => 'Choisissez une des valeurs proposées',
  type: (e) =>
    e.params.type === 'number' || e.params.type === 'integer' ? 'Nombre attendu' : 'Valeur invalide',
  minItems: (e) => `Au moins ${String(e.params.limit)} élément(s)`,
  maxItems: (e) => `Au plus ${String(e.params.limit)} élément(s)`,
  multipleOf: () => 'Nombre de décimales trop élevé',
  pattern: () => 'Format invalide',
}

/** ajv-i18n's French for one error (it mutates, so on a copy). */
function ajvFrench(error: ErrorObject): string {
  const copy = { ...error }
  localizeFr([copy])
  return copy.message ?? 'Valeur invalide'
}

export function frenchErrorMessage(error: ErrorObject): string {
  return KEYWORD_TEXTS_FR[error.keyword]?.(error) ?? ajvFrench(error)
}

/**
 * The JSON Forms i18n state for one compiled fiche's bundle. Build it once per bundle (useMemo): enum
 * option lists are memoized on the translate function's identity.
 */
export function ficheI18n(bundle: Record<string, string>): JsonFormsI18nState {
  const texts = { ...RENDERER_TEXTS_FR, ...bundle }
  const translate: Translator = ((key: string, defaultMessage: string | undefined) =>
    texts[key] ?? defaultMessage) as Translator
  const translateError: ErrorTranslator = (error, _translate, uischema) => {
    const prefix = (uischema as { i18n?: string } | undefined)?.i18n
    const own = prefix ? texts[`${prefix}.error.${error.keyword}`] : undefined
    return own ?? texts[`error.${error.keyword}`] ?? frenchErrorMessage(error)
  }
  return { locale: 'fr', translate, translateError }
}
