/**
 * Choices: one among several (radio buttons, or a list box for long lists), yes/no, a single checkbox,
 * and several among several (a list of checkboxes; stock vanilla has no renderer for enum arrays).
 * Each option is a native input with its own label, so keyboard and screen readers work unaided.
 */
import type { ControlProps, EnumOption, OwnPropsOfEnum } from '@jsonforms/core'
import { memo } from 'react'
import { ControlFrame, showsAllErrors } from './control-frame.tsx'

type EnumProps = ControlProps & OwnPropsOfEnum

function frame(props: ControlProps, group: boolean) {
  return {
    label: props.label,
    description: props.description,
    required: props.required,
    errors: props.errors,
    showAllErrors: showsAllErrors(props.config),
    group,
    path: props.path,
  }
}

function ClearButton({ onClear, label }: { onClear: () => void; label: string }) {
  return (
    <button
      type="button"
      className="link-button"
      onClick={onClear}
      aria-label={`Effacer la réponse : ${label}`}
    >
      Effacer
    </button>
  )
}

function RadioGroup(props: {
  name: string
  options: EnumOption[]
  selected: unknown
  enabled: boolean
  describedBy: string | undefined
  onSelect: (value: unknown) => void
  touch: () => void
}) {
  return (
    <div className="choice-list" role="presentation">
      {props.options.map((option) => (
        <label key={String(option.value)} className="choice">
          <input
            type="radio"
            name={props.name}
            value={String(option.value)}
            checked={props.selected === option.value}
            disabled={!props.enabled}
            onChange={() => props.onSelect(option.value)}
            onBlur={props.touch}
          />
          {option.label}
        </label>
      ))}
    </div>
  )
}

/** A single choice as radio buttons, with a button to clear it: the PUT's choices and yes/no items. */
function RadioChoice({
  props,
  options,
  className,
}: {
  props: ControlProps
  options: EnumOption[]
  className: string
}) {
  const { data, path, handleChange, visible, enabled } = props
  if (!visible) return null
  return (
    <ControlFrame {...frame(props, true)} className={className}>
      {(ids, touch) => (
        <>
          <RadioGroup
            name={ids.input}
            options={options}
            selected={data}
            enabled={enabled}
            describedBy={ids.describedBy}
            onSelect={(value) => handleChange(path, value)}
            touch={touch}
          />
          {enabled && data !== undefined && (
            <ClearButton label={props.label} onClear={() => handleChange(path, undefined)} />
          )}
        </>
      )}
    </ControlFrame>
  )
}

function RadioControl(props: EnumProps) {
  return <RadioChoice props={props} options={props.options ?? []} className="control-radio" />
}

function SelectControl(props: EnumProps) {
  const { data, path, handleChange, visible, enabled, options = [] } = props
  if (!visible) return null
  return (
    <ControlFrame {...frame(props, false)} className="control-select">
      {(ids, touch, invalid) => (
        <select
          id={ids.input}
          value={data === undefined ? '' : String(data)}
          disabled={!enabled}
          aria-describedby={ids.describedBy}
          aria-invalid={invalid || undefined}
          aria-required={props.required || undefined}
          onBlur={touch}
          onChange={(e) => {
            const picked = options.find((o) => String(o.value) === e.target.value)
            handleChange(path, picked?.value)
          }}
        >
          <option value="">Non renseigné</option>
          {options.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </ControlFrame>
  )
}

const YES_NO: EnumOption[] = [
  { value: true, label: 'Oui' },
  { value: false, label: 'Non' },
]

function YesNoControl(props: ControlProps) {
  return <RadioChoice props={props} options={YES_NO} className="control-yes-no" />
}

function CheckboxControl(props: ControlProps) {
  const { data, path, handleChange, visible, enabled } = props
  if (!visible) return null
  return (
    <ControlFrame {...frame(props, false)} className="control-checkbox">
      {(ids, touch, invalid) => (
        <input
          id={ids.input}
          type="checkbox"
          checked={data === true}
          disabled={!enabled}
          aria-describedby={ids.describedBy}
          aria-invalid={invalid || undefined}
          onBlur={touch}
          onChange={(e) => handleChange(path, e.target.checked)}
        />
      )}
    </ControlFrame>
  )
}

function CheckboxListControl(props: EnumProps) {
  const { data, path, handleChange, visible, enabled, options = [] } = props
  if (!visible) return null
  const selected: unknown[] = Array.isArray(data) ? data : []
  const toggle = (value: unknown, on: boolean) => {
    const next = on
      ? options.map((o) => o.value).filter((v) => v === value || selected.includes(v))
      : selected.filter((v) => v !== value)
    handleChange(path, next.length > 0 ? next : undefined)
  }
  return (
    <ControlFrame {...frame(props, true)} className="control-checkboxes">
      {(_ids, touch) => (
        <div className="choice-list">
          {options.map((option) => (
            <label key={String(option.value)} className="choice">
              <input
                type="checkbox"
                value={String(option.value)}
                checked={selected.includes(option.value)}
                disabled={!enabled}
                onChange={(e) => toggle(option.value, e.target.checked)}
                onBlur={touch}
              />
              {option.label}
            </label>
          ))}
        </div>
      )}
    </ControlFrame>
  )
}

export const Radio = memo(RadioControl)
export const Select = memo(SelectControl)
export const YesNo = memo(YesNoControl)
export const Checkbox = memo(CheckboxControl)
export const CheckboxList = memo(CheckboxListControl)
