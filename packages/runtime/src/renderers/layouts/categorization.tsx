/**
 * Long fiches, one section at a time: a numbered list of the sections (buttons, so the keyboard reaches
 * them), the chosen section only (stack notes §1.3: the cheapest win for long forms), and previous / next
 * buttons. After a submit attempt each section shows how many errors it holds.
 */
import {
  type Categorization,
  type Category,
  type ControlElement,
  deriveLabelForUISchemaElement,
  isVisible,
  type LayoutProps,
  type UISchemaElement,
} from '@jsonforms/core'
import { JsonFormsDispatch, useJsonForms } from '@jsonforms/react'
import type { ErrorObject } from 'ajv'
import { useEffect, useMemo, useRef, useState } from 'react'
import { showsAllErrors } from '../controls/control-frame.tsx'
import { useFieldAnnotations } from '../field-annotations.tsx'

/** The top-level properties a section's controls write to. */
function propertiesOf(element: UISchemaElement, into = new Set<string>()): Set<string> {
  const scope = (element as ControlElement).scope
  if (typeof scope === 'string') {
    const name = /^#\/properties\/([^/]+)/.exec(scope)?.[1]
    if (name) into.add(name)
  }
  for (const child of (element as { elements?: UISchemaElement[] }).elements ?? []) propertiesOf(child, into)
  return into
}

/** The top-level property an error is about. */
function propertyOf(error: ErrorObject): string | undefined {
  const first = error.instancePath.split('/')[1]
  if (first) return first
  return error.keyword === 'required' ? String(error.params.missingProperty) : undefined
}

export function CategorizationLayout(props: LayoutProps) {
  const { schema, path, enabled, visible, renderers, cells } = props
  const categorization = props.uischema as Categorization
  const ctx = useJsonForms()
  const t = ctx.i18n?.translate
  const data = ctx.core?.data
  const ajv = ctx.core?.ajv
  const categories = useMemo(
    () =>
      (categorization.elements as Category[]).filter(
        (c) => c.type === 'Category' && isVisible(c, data, path, ajv!, props.config),
      ),
    [categorization, data, path, ajv, props.config],
  )
  const [selected, setSelected] = useState(0)
  const heading = useRef<HTMLHeadingElement>(null)
  // A screen asking for an item (e.g. /fiches/{id}?field=poids_kg) opens the section that holds it.
  const { focus } = useFieldAnnotations()
  const latest = useRef(categories)
  latest.current = categories
  useEffect(() => {
    if (!focus) return
    const holding = latest.current.findIndex((c) => propertiesOf(c).has(focus.item))
    if (holding >= 0) setSelected(holding)
  }, [focus])
  const showErrors = showsAllErrors(props.config)
  const errorCounts = useMemo(() => {
    if (!showErrors) return undefined
    const byProperty = new Map<string, number>()
    for (const error of ctx.core?.errors ?? []) {
      const property = propertyOf(error)
      if (property) byProperty.set(property, (byProperty.get(property) ?? 0) + 1)
    }
    return categories.map((c) => [...propertiesOf(c)].reduce((n, p) => n + (byProperty.get(p) ?? 0), 0))
  }, [showErrors, ctx.core?.errors, categories])
  if (!visible || categories.length === 0) return null
  const index = Math.min(selected, categories.length - 1)
  const current = categories[index]!
  const label = (c: Category, i: number) => deriveLabelForUISchemaElement(c, t!) ?? `Section ${i + 1}`
  const go = (i: number) => {
    setSelected(i)
    // Move focus to the new section's heading, after React has rendered it.
    requestAnimationFrame(() => heading.current?.focus())
  }
  return (
    <div className="categorization">
      <nav className="categorization-nav" aria-label="Sections de la fiche">
        <ol>
          {categories.map((c, i) => (
            <li key={c.label ?? i}>
              <button
                type="button"
                aria-current={i === index ? 'step' : undefined}
                className={i === index ? 'selected' : undefined}
                onClick={() => go(i)}
              >
                {label(c, i)}
                {errorCounts && errorCounts[i]! > 0 && (
                  <span className="category-errors">
                    {' '}
                    ({errorCounts[i]} erreur{errorCounts[i]! > 1 ? 's' : ''})
                  </span>
                )}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <section className="category" aria-labelledby="category-heading">
        <h2 id="category-heading" ref={heading} tabIndex={-1}>
          {label(current, index)}{' '}
          <span className="category-position">
            (section {index + 1} sur {categories.length})
          </span>
        </h2>
        {(current.elements ?? []).map((child, i) => (
          <JsonFormsDispatch
            // biome-ignore lint/suspicious/noArrayIndexKey: a section's elements are fixed by the compiled fiche
            key={`${index}-${i}`}
            uischema={child}
            schema={schema}
            path={path}
            enabled={enabled}
            renderers={renderers}
            cells={cells}
          />
        ))}
        <div className="category-steps">
          {index > 0 && (
            <button type="button" onClick={() => go(index - 1)}>
              ← {label(categories[index - 1]!, index - 1)}
            </button>
          )}
          {index < categories.length - 1 && (
            <button type="button" onClick={() => go(index + 1)}>
              {label(categories[index + 1]!, index + 1)} →
            </button>
          )}
        </div>
      </section>
    </div>
  )
}
