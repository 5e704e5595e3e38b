/**
 * What every OpenPUT control shares: a visible label tied to its input (label for=id, or fieldset and
 * legend for groups of choices), the help text, the unit, and the errors, shown once the user has left
 * the field or after a submit attempt (stack notes §1.4: JSON Forms has no "touched" state of its own).
 */
import { type ReactNode, useCallback, useId, useState } from 'react'
import { FieldExtras, itemOfPath } from '../field-annotations.tsx'

export interface FieldIds {
  input: string
  description: string
  error: string
  /** For aria-describedby: help text and error, when shown. */
  describedBy: string | undefined
}

export interface ControlFrameProps {
  label: string
  description?: string | undefined
  required?: boolean | undefined
  /** Errors from JSON Forms (already in French), newline-separated. */
  errors: string
  /** An error of the text as typed, before it becomes a value. */
  localError?: string | undefined
  unit?: string | undefined
  /** Radio groups and checkbox lists: a fieldset with a legend instead of a label. */
  group?: boolean
  showAllErrors: boolean
  className?: string
  /** The control's data path: a top-level item gets `data-item` and the screen's annotations. */
  path?: string | undefined
  children: (ids: FieldIds, touch: () => void, invalid: boolean) => ReactNode
}

export function ControlFrame(props: ControlFrameProps) {
  const base = useId()
  const [touched, setTouched] = useState(false)
  const touch = useCallback(() => setTouched(true), [])
  const messages = [
    ...(props.localError ? [props.localError] : []),
    ...((touched || props.showAllErrors) && props.errors ? props.errors.split('\n') : []),
  ]
  const shown = messages.length > 0
  const ids: FieldIds = {
    input: `${base}-input`,
    description: `${base}-description`,
    error: `${base}-error`,
    describedBy:
      [props.description ? `${base}-description` : '', shown ? `${base}-error` : '']
        .filter(Boolean)
        .join(' ') || undefined,
  }
  const labelText = (
    <>
      {props.label}
      {props.required && (
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </>
  )
  const body = (
    <>
      {props.description && (
        <p className="control-description" id={ids.description}>
          {props.description}
        </p>
      )}
      <div className="control-input">
        {props.children(ids, touch, shown)}
        {props.unit && <span className="control-unit">{props.unit}</span>}
      </div>
      {shown && (
        <p className="control-error" id={ids.error}>
          {messages.join(' · ')}
        </p>
      )}
      <FieldExtras path={props.path} />
    </>
  )
  const className = `control${shown ? ' control-invalid' : ''}${props.className ? ` ${props.className}` : ''}`
  if (props.group) {
    return (
      <fieldset
        className={className}
        aria-describedby={ids.describedBy}
        onBlur={touch}
        data-item={itemOfPath(props.path)}
      >
        <legend>{labelText}</legend>
        {body}
      </fieldset>
    )
  }
  return (
    <div className={className} data-item={itemOfPath(props.path)}>
      <label htmlFor={ids.input}>{labelText}</label>
      {body}
    </div>
  )
}

/** The config flag the fiche form sets after a submit attempt. */
export const showsAllErrors = (config: unknown) =>
  Boolean((config as { showAllErrors?: boolean } | undefined)?.showAllErrors)
