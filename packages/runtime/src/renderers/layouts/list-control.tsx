/**
 * Repeated rows (concomitant treatments, previous lines…): one fieldset per row laid out with the
 * uischema's `options.detail`, add and remove buttons. A list rather than JSON Forms' table renderer,
 * which re-renders every cell on each keystroke (jsonforms #1754) and is unreadable on narrow screens.
 */
import {
  type ArrayLayoutProps,
  composePaths,
  createDefaultValue,
  type UISchemaElement,
} from '@jsonforms/core'
import { JsonFormsDispatch } from '@jsonforms/react'
import { memo, useId } from 'react'
import { showsAllErrors } from '../controls/control-frame.tsx'
import { FieldExtras, itemOfPath } from '../field-annotations.tsx'

function ListControlRenderer(props: ArrayLayoutProps) {
  const { data: count, path, schema, rootSchema, uischema, enabled, visible, renderers, cells } = props
  const headingId = useId()
  if (!visible) return null
  const detail = (uischema.options?.detail as UISchemaElement | undefined) ?? {
    type: 'VerticalLayout',
    elements: Object.keys(schema.properties ?? {}).map((key) => ({
      type: 'Control',
      scope: `#/properties/${key}`,
    })),
  }
  const max = props.arraySchema.maxItems
  const canAdd = enabled && (max === undefined || count < max)
  const errors = showsAllErrors(props.config) && props.errors ? props.errors : ''
  return (
    <section className="control control-list" aria-labelledby={headingId} data-item={itemOfPath(path)}>
      <h3 id={headingId} className="list-label">
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </h3>
      {props.description && <p className="control-description">{props.description}</p>}
      {count === 0 && <p className="list-empty">Aucune ligne.</p>}
      <ol className="list-rows">
        {Array.from({ length: count }, (_, index) => {
          const rowPath = composePaths(path, String(index))
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; the path is the key JSON Forms uses
            <li key={index} className="list-row">
              <fieldset>
                <legend>
                  {props.label} : ligne {index + 1}
                </legend>
                <JsonFormsDispatch
                  schema={schema}
                  uischema={detail}
                  path={rowPath}
                  enabled={enabled}
                  renderers={renderers}
                  cells={cells}
                />
                {enabled && props.removeItems && (
                  <button type="button" className="list-remove" onClick={props.removeItems(path, [index])}>
                    Supprimer la ligne {index + 1}
                  </button>
                )}
              </fieldset>
            </li>
          )
        })}
      </ol>
      {canAdd && (
        <button
          type="button"
          className="list-add"
          onClick={props.addItem(path, createDefaultValue(schema, rootSchema))}
        >
          Ajouter une ligne
        </button>
      )}
      {errors && <p className="control-error">{errors}</p>}
      <FieldExtras path={path} />
    </section>
  )
}

export const ListControl = memo(ListControlRenderer)
