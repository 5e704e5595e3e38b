/**
 * OpenPUT's JSON Forms renderers, shared by the runtime (fiche entry) and the designer (preview):
 * `<FicheForm>` renders a compiled fiche; the renderer and cell sets, the French i18n and the shared ajv
 * are exported for callers that assemble <JsonForms> themselves.
 */
export { createFormAjv, formAjv } from './ajv.ts'
export { FicheForm, type FicheFormProps } from './fiche-form.tsx'
export { type FieldAnnotations, itemOfPath } from './field-annotations.tsx'
export { ficheI18n, frenchErrorMessage, RENDERER_TEXTS_FR } from './i18n.ts'
export { openputCells, openputRenderers } from './registry.ts'
