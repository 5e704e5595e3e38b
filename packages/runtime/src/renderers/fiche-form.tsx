/**
 * One compiled fiche as a form: <JsonForms> with OpenPUT's renderers, the shared ajv and the fiche's
 * French texts, all with stable identities so typing re-renders only what changed (stack notes §1.3).
 */
import type { JsonSchema, UISchemaElement } from '@jsonforms/core'
import { JsonForms } from '@jsonforms/react'
import type Ajv from 'ajv'
import type { ErrorObject } from 'ajv'
import { useCallback, useMemo } from 'react'
import { formAjv } from './ajv.ts'
import { type FieldAnnotations, FieldAnnotationsContext } from './field-annotations.tsx'
import { ficheI18n } from './i18n.ts'
import { openputCells, openputRenderers } from './registry.ts'
import './renderers.css'

export interface FicheFormProps {
  /** The compiled fiche (server: GET /api/template-versions/{id}/fiches/{ficheId}; designer: compiler). */
  schema: object
  uischema: object
  i18n: Record<string, string>
  data: Record<string, unknown>
  onChange?: (data: Record<string, unknown>, errors: ErrorObject[]) => void
  readonly?: boolean
  /** Show every error now (after a submit attempt), not only on fields the user has left. */
  showAllErrors?: boolean
  /** Defaults to the app-wide instance (schemas compile once per page). */
  ajvInstance?: Ajv
  /** What the screen shows beside fields and the field to bring into view (keep its identity stable). */
  annotations?: FieldAnnotations
}

const NO_ANNOTATIONS: FieldAnnotations = {}

export function FicheForm({
  schema,
  uischema,
  i18n,
  data,
  onChange,
  readonly,
  showAllErrors,
  ajvInstance,
  annotations,
}: FicheFormProps) {
  const translations = useMemo(() => ficheI18n(i18n), [i18n])
  const config = useMemo(() => ({ showAllErrors: showAllErrors ?? false }), [showAllErrors])
  const handleChange = useCallback(
    ({ data: next, errors }: { data: unknown; errors?: ErrorObject[] }) =>
      onChange?.(next as Record<string, unknown>, errors ?? []),
    [onChange],
  )
  return (
    <div className="fiche-form">
      <FieldAnnotationsContext.Provider value={annotations ?? NO_ANNOTATIONS}>
        <JsonForms
          schema={schema as JsonSchema}
          uischema={uischema as UISchemaElement}
          data={data}
          renderers={openputRenderers}
          cells={openputCells}
          ajv={ajvInstance ?? formAjv()}
          i18n={translations}
          config={config}
          readonly={readonly ?? false}
          onChange={handleChange}
        />
      </FieldAnnotationsContext.Provider>
    </div>
  )
}
