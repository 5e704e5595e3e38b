/**
 * The fiche was saved by someone else (or another tab) while you typed: what they changed (the server's
 * field-level diff from your base to the current revision), what you changed, and for each field both of
 * you changed differently, a choice between the two values. Applying saves the merge on the current
 * revision.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import { diffRevisions } from '../api/endpoints.ts'
import type { FicheData, FicheDefinition, FicheRevision, FieldChange } from '../api/types.ts'
import { displayValue, fieldLabel } from './display-value.ts'
import { applyMerge, planMerge } from './merge.ts'

export interface MergePanelProps {
  ficheInstanceId: string
  definition: FicheDefinition
  baseRevisionId: string
  baseData: FicheData
  mine: FicheData
  current: FicheRevision
  onApply: (merged: FicheData) => void
}

const topLevel = (path: string) =>
  decodeURIComponent(path.split('/')[1] ?? '')
    .replaceAll('~1', '/')
    .replaceAll('~0', '~')

export function MergePanel(props: MergePanelProps) {
  const { definition, baseData, mine, current } = props
  const headingId = useId()
  const plan = useMemo(
    () => planMerge(baseData, mine, current.data, definition.itemIds),
    [baseData, mine, current.data, definition.itemIds],
  )
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>({})
  const [serverChanges, setServerChanges] = useState<FieldChange[]>()
  useEffect(() => {
    let live = true
    diffRevisions(props.ficheInstanceId, props.baseRevisionId, current.id).then(
      (diff) => live && setServerChanges(diff.changes),
      () => live && setServerChanges(undefined),
    )
    return () => {
      live = false
    }
  }, [props.ficheInstanceId, props.baseRevisionId, current.id])
  // Fields changed by the other revision: the server's diff when it answered, else this browser's.
  const theirKeys = serverChanges
    ? [...new Set(serverChanges.map((c) => topLevel(c.path)))]
    : plan.fields.filter((f) => f.outcome !== 'mine').map((f) => f.key)
  const undecided = plan.conflicts.filter((f) => !choices[f.key]).length
  const mineOnly = plan.fields.filter((f) => f.outcome === 'mine')
  return (
    <section className="merge-panel notice warning" aria-labelledby={headingId}>
      <h2 id={headingId}>La fiche a été modifiée pendant votre saisie</h2>
      <p>
        Une autre saisie a été enregistrée (révision n° {current.seq}, le{' '}
        {new Date(current.createdAt).toLocaleString('fr-FR')}). Rien n’est perdu : choisissez, champ par
        champ, la valeur à garder.
      </p>
      {theirKeys.length > 0 && (
        <>
          <h3>Modifié par l’autre saisie</h3>
          <ul className="merge-their-changes">
            {theirKeys.map((key) => (
              <li key={key}>
                {fieldLabel(definition, key)} : {displayValue(definition, key, baseData[key])} →{' '}
                <strong>{displayValue(definition, key, current.data[key])}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.conflicts.length > 0 && (
        <>
          <h3>Champs modifiés des deux côtés</h3>
          {plan.conflicts.map((field) => (
            <fieldset key={field.key} className="merge-conflict">
              <legend>{fieldLabel(definition, field.key)}</legend>
              <label className="choice">
                <input
                  type="radio"
                  name={`merge-${field.key}`}
                  checked={choices[field.key] === 'mine'}
                  onChange={() => setChoices((c) => ({ ...c, [field.key]: 'mine' }))}
                />
                Ma saisie : <strong>{displayValue(definition, field.key, field.mine)}</strong>
              </label>
              <label className="choice">
                <input
                  type="radio"
                  name={`merge-${field.key}`}
                  checked={choices[field.key] === 'theirs'}
                  onChange={() => setChoices((c) => ({ ...c, [field.key]: 'theirs' }))}
                />
                Version enregistrée : <strong>{displayValue(definition, field.key, field.theirs)}</strong>
              </label>
            </fieldset>
          ))}
        </>
      )}
      {mineOnly.length > 0 && (
        <p>
          Vos autres modifications sont gardées :{' '}
          {mineOnly.map((f) => fieldLabel(definition, f.key)).join(', ')}.
        </p>
      )}
      <button
        type="button"
        className="primary"
        disabled={undecided > 0}
        onClick={() => props.onApply(applyMerge(plan, current.data, choices))}
      >
        {undecided > 0
          ? `Choisissez une valeur pour ${undecided} champ${undecided > 1 ? 's' : ''}`
          : 'Appliquer la fusion et enregistrer'}
      </button>
    </section>
  )
}
