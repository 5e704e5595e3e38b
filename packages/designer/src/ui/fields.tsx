/** Small labelled inputs shared by the editors; `path` marks the element a finding can point at. */
import { type ReactNode, useId } from 'react'

const pathAttr = (path?: (string | number)[]) => (path ? { 'data-path': path.join('.') } : {})

export function TextField(props: {
  label: string
  value: string | undefined
  onChange: (value: string) => void
  path?: (string | number)[]
  required?: boolean
  multiline?: boolean
  placeholder?: string
  type?: 'text' | 'date' | 'number'
  help?: string
}) {
  const id = useId()
  const helpId = `${id}-aide`
  const common = {
    id,
    value: props.value ?? '',
    required: props.required,
    placeholder: props.placeholder,
    'aria-describedby': props.help ? helpId : undefined,
    ...pathAttr(props.path),
  }
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={4} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} type={props.type ?? 'text'} onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.help && (
        <small id={helpId} className="help">
          {props.help}
        </small>
      )}
    </div>
  )
}

export function SelectField<T extends string>(props: {
  label: string
  value: T | undefined
  options: readonly T[] | readonly { value: T; label: string }[]
  onChange: (value: T) => void
  labels?: Record<string, string>
  path?: (string | number)[]
  empty?: string
}) {
  const id = useId()
  const options = props.options.map((o) =>
    typeof o === 'string' ? { value: o, label: props.labels?.[o] ?? o } : o,
  )
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value as T)}
        {...pathAttr(props.path)}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  )
}

export function CheckField(props: {
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
  path?: (string | number)[]
}) {
  const id = useId()
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
        {...pathAttr(props.path)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  )
}

export function Section(props: { title: string; children: ReactNode; path?: (string | number)[] }) {
  const id = useId()
  return (
    <section
      className="card"
      aria-labelledby={id}
      {...pathAttr(props.path)}
      tabIndex={props.path ? -1 : undefined}
    >
      <h2 id={id}>{props.title}</h2>
      {props.children}
    </section>
  )
}

/** `undefined` for an empty text, so emptied optional fields disappear from the YAML. */
export const orUndefined = (value: string) => (value.trim() === '' ? undefined : value)
export const numberOrUndefined = (value: string) => (value.trim() === '' ? undefined : Number(value))
