/**
 * One data-clarification query in the context of its field (fiche, label, value entered), with its history;
 * the establishment answers it, the lab's data management closes or reopens it. Shown by the queries inbox
 * and, under the field itself, by the fiche editor (`inField`).
 */
import { type FormEvent, useId, useState } from 'react'
import type { FicheDefinition, FicheRead } from '../api/index.ts'
import { answerQuery, type DataQuery, moveQuery, queryItem } from '../api/records.ts'
import { Link } from '../app/router.tsx'
import { displayValue } from '../fiche-editor/display-value.ts'
import { frenchInstant, QUERY_STATUS } from './format.ts'
import { errorMessage } from './use-load.ts'

export interface FicheContext {
  fiche: FicheRead
  definition: FicheDefinition
}

const MESSAGE_KIND: Record<string, string> = {
  raise: 'Question',
  answer: 'Réponse',
  close: 'Clôture',
  reopen: 'Réouverture',
}

export function QueryCard({
  query: q,
  context,
  manage,
  onAnswered,
  inField = false,
}: {
  query: DataQuery
  context: FicheContext | undefined
  /** The lab's data management closes and reopens queries; the establishment answers them. */
  manage: boolean
  onAnswered: () => void
  /** Shown under the field in the fiche editor: a smaller heading, no link back to the field. */
  inField?: boolean
}) {
  const item = queryItem(q.itemPath)
  const answerId = useId()
  const headingId = useId()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const label = context?.definition.i18n[`${item}.label`] ?? item
  const move = async (kind: 'close' | 'reopen') => {
    setBusy(true)
    setError(undefined)
    try {
      await moveQuery(q.id, kind, text.trim() || undefined)
      onAnswered()
    } catch (e) {
      setError(errorMessage(e))
      setBusy(false)
    }
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!text.trim()) {
      setError('Saisissez votre réponse.')
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      await answerQuery(q.id, text.trim())
      onAnswered()
    } catch (e) {
      setError(errorMessage(e))
      setBusy(false)
    }
  }
  return (
    <article className={inField ? 'query query-in-field' : 'query'} aria-labelledby={headingId}>
      {inField ? (
        <h3 id={headingId}>Query du laboratoire sur « {label} »</h3>
      ) : (
        <h2 id={headingId}>
          {context?.definition.title ?? 'Fiche'} : « {label} »
        </h2>
      )}
      {!inField && (
        <p className="field-context">
          Valeur saisie :{' '}
          <strong>
            {context ? displayValue(context.definition, item, context.fiche.head.data[item]) : '—'}
          </strong>
          {' · '}
          <Link to={`/fiches/${q.ficheInstanceId}?field=${encodeURIComponent(item)}`}>
            Voir le champ « {label} » dans la fiche
          </Link>
          {' · '}
          <Link to={`/dossiers/${q.enrolmentId}`}>Dossier du patient</Link>
        </p>
      )}
      <p>
        État : <span className="state">{QUERY_STATUS[q.status]}</span>, ouverte le{' '}
        {frenchInstant(q.createdAt)}
      </p>
      {q.messages.map((m) => (
        <blockquote key={m.id}>
          <strong>{MESSAGE_KIND[m.kind] ?? m.kind}</strong> du {frenchInstant(m.createdAt)}
          {m.text && <> : {m.text}</>}
        </blockquote>
      ))}
      {manage && (
        <div>
          {error && (
            <p className="notice error" role="alert">
              {error}
            </p>
          )}
          <div className="form-field">
            <label htmlFor={answerId}>Commentaire (facultatif)</label>
            <textarea
              id={answerId}
              rows={2}
              maxLength={2000}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <div className="actions">
            {q.status === 'closed' ? (
              <button type="button" disabled={busy} onClick={() => move('reopen')}>
                Rouvrir la query
              </button>
            ) : (
              <button type="button" className="primary" disabled={busy} onClick={() => move('close')}>
                Clore la query
              </button>
            )}
          </div>
        </div>
      )}
      {!manage && q.status === 'open' && (
        <form onSubmit={submit}>
          {error && (
            <p className="notice error" role="alert">
              {error}
            </p>
          )}
          <div className="form-field">
            <label htmlFor={answerId}>Votre réponse sur « {label} »</label>
            <textarea
              id={answerId}
              rows={3}
              maxLength={2000}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Envoi…' : 'Envoyer la réponse'}
          </button>
        </form>
      )}
    </article>
  )
}
