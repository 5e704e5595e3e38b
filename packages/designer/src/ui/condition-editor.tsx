/**
 * A condition edited in words: « Afficher quand <élément> <vaut> <valeur> ». Simple conditions are built
 * with this form; compound ones (et / ou / non) are shown in words and can be removed.
 */
import {
  type Condition,
  conditionInWords,
  indexCatalogue,
  OPERATOR_WORDS,
  SIMPLE_OPERATORS,
  type SimpleOperator,
  simpleCondition,
  type Template,
} from '@openput/designer'
import { useId, useState } from 'react'

export function ConditionEditor(props: {
  template: Template
  readOnly: boolean
  condition: Condition | undefined
  /** What the condition applies to, for screen readers (« Poids »). */
  name: string
  /** The item the condition belongs to (it cannot depend on itself). */
  exclude?: string
  path: (string | number)[]
  onChange: (condition: Condition | undefined) => void
}) {
  const { template, condition } = props
  const id = useId()
  const items = [...indexCatalogue(template).entries()].filter(
    ([itemId, i]) => itemId !== props.exclude && !i.parent,
  )
  const [itemId, setItemId] = useState(items[0]?.[0] ?? '')
  const [operator, setOperator] = useState<SimpleOperator>('equals')
  const [value, setValue] = useState('')
  const [editing, setEditing] = useState(false)
  const apply = (next: Condition) => {
    props.onChange(next)
    setEditing(false)
  }
  const target = items.find(([i]) => i === itemId)?.[1].item
  const valueChoices =
    target?.type === 'yes-no'
      ? [
          { code: 'true', label: 'oui' },
          { code: 'false', label: 'non' },
        ]
      : target?.options
  return (
    <div className="condition-editor" data-path={props.path.join('.')} tabIndex={-1}>
      <p className="condition">{condition ? conditionInWords(condition, template) : 'Toujours affiché'}</p>
      {condition && !props.readOnly && (
        <button type="button" onClick={() => props.onChange(undefined)}>
          Retirer la condition
        </button>
      )}
      {!props.readOnly && items.length > 0 && !editing && (
        <button type="button" onClick={() => setEditing(true)}>
          {condition ? 'Changer la condition' : 'Ajouter une condition'}
          <span className="visually-hidden"> de {props.name}</span>
        </button>
      )}
      {!props.readOnly && items.length > 0 && editing && (
        <fieldset className="row">
          <legend>Afficher quand…</legend>
          <div className="field">
            <label htmlFor={`${id}-item`}>Élément</label>
            <select id={`${id}-item`} value={itemId} onChange={(e) => setItemId(e.target.value)}>
              {items.map(([i, entry]) => (
                <option key={i} value={i}>
                  {entry.item.label} ({i})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-op`}>Opérateur</label>
            <select
              id={`${id}-op`}
              value={operator}
              onChange={(e) => setOperator(e.target.value as SimpleOperator)}
            >
              {SIMPLE_OPERATORS.map((o) => (
                <option key={o} value={o}>
                  {OPERATOR_WORDS[o]}
                </option>
              ))}
            </select>
          </div>
          {operator !== 'filled' && (
            <div className="field">
              <label htmlFor={`${id}-value`}>Valeur</label>
              {valueChoices ? (
                <select id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)}>
                  <option value="">—</option>
                  {valueChoices.map((o) => (
                    <option key={o.code} value={o.code}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)} />
              )}
            </div>
          )}
          <button
            type="button"
            disabled={!itemId || (operator !== 'filled' && value === '')}
            onClick={() =>
              apply(simpleCondition(itemId, operator, operator === 'filled' ? 'true' : value, template))
            }
          >
            Appliquer la condition
          </button>
        </fieldset>
      )}
    </div>
  )
}
