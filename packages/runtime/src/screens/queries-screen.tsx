/**
 * The queries inbox (/queries): the lab's questions on the records the user may read, each shown in the
 * context of its field (fiche, label, value entered) with its history, answered here or from the fiche.
 */
import { type FormEvent, useId, useState } from 'react'
import { type FicheDefinition, type FicheRead, getFiche, getFicheDefinition } from '../api/index.ts'
import {
  answerQuery,
  type DataQuery,
  listQueries,
  moveQuery,
  type QueryStatus,
  queryItem,
} from '../api/records.ts'
import { Link, type ScreenProps } from '../app/router.tsx'
import { displayValue } from '../fiche-editor/display-value.ts'
import { useHospitalRoles } from './establishments.ts'
import { frenchInstant, QUERY_STATUS } from './format.ts'
import { LoadedView, ScreenHeading } from './screen-parts.tsx'
import { errorMessage, useLoad } from './use-load.ts'

interface FicheContext {
  fiche: FicheRead
  definition: FicheDefinition
}

const MESSAGE_KIND: Record<string, string> = {
  raise: 'Question',
  answer: 'Réponse',
  close: 'Clôture',
  reopen: 'Réouverture',
}

export function QueriesScreen({ query }: ScreenProps) {
  const hospital = useHospitalRoles().size > 0
  const [status, setStatus] = useState<QueryStatus>(
    (query.get('statut') as QueryStatus | null) ?? (hospital ? 'open' : 'answered'),
  )
  const selectId = useId()
  const [state, reload] = useLoad(async () => {
    const queries = await listQueries(status)
    // One read per fiche, not per query: the field's label and value come from the fiche and its definition.
    const ficheIds = [...new Set(queries.map((q) => q.ficheInstanceId))]
    const contexts = await Promise.all(
      ficheIds.map(async (id) => {
        const fiche = await getFiche(id)
        return [
          id,
          { fiche, definition: await getFicheDefinition(fiche.templateVersionId, fiche.ficheId) },
        ] as const
      }),
    )
    return { queries, contexts: new Map<string, FicheContext>(contexts) }
  }, [status])
  return (
    <section className="screen">
      <ScreenHeading>Queries</ScreenHeading>
      <p>
        Les questions du laboratoire sur les données saisies. Répondez dans le contexte du champ ; la réponse
        est enregistrée et tracée.
      </p>
      <div className="form-field">
        <label htmlFor={selectId}>Afficher les queries</label>
        <select id={selectId} value={status} onChange={(e) => setStatus(e.target.value as QueryStatus)}>
          <option value="open">en attente de réponse</option>
          <option value="answered">répondues</option>
          <option value="closed">closes</option>
        </select>
      </div>
      <LoadedView state={state} what="des queries">
        {({ queries, contexts }) =>
          queries.length === 0 ? (
            <p>Aucune query {QUERY_STATUS[status]}.</p>
          ) : (
            <ul className="plain-list" aria-label="Queries">
              {queries.map((q) => (
                <li key={q.id}>
                  <QueryCard
                    query={q}
                    context={contexts.get(q.ficheInstanceId)}
                    manage={!hospital}
                    onAnswered={reload}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </LoadedView>
    </section>
  )
}

function QueryCard({
  query: q,
  context,
  manage,
  onAnswered,
}: {
  query: DataQuery
  context: FicheContext | undefined
  /** The lab's data management closes and reopens queries; the establishment answers them. */
  manage: boolean
  onAnswered: () => void
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
    <article className="query" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {context?.definition.title ?? 'Fiche'} : « {label} »
      </h2>
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
