/**
 * The reviewer's view: the published version and this draft side by side, change by change as the
 * semantic diff classifies them, with how many fiches already filled each breaking change affects (the
 * server re-validates the stored data); approve or reject with a comment, recorded with the name.
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react'
import { type ApiError, api, type Draft, type ReviewedChange, type ReviewView, type Session } from './api.ts'

const CLASS_LABELS: Record<ReviewedChange['class'], string> = {
  breaking: 'Rupture : données déjà saisies touchées',
  review: 'À examiner',
  compatible: 'Compatible',
  cosmetic: 'Présentation',
}

const show = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value, null, 1)

export function ReviewPanel({
  draft,
  session,
  onDecided,
}: {
  draft: Draft
  session: Session
  onDecided: (draft: Draft) => void
}) {
  const [view, setView] = useState<ReviewView | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const id = useId()
  const load = useCallback(() => {
    api
      .get<ReviewView>(`/designer/drafts/${draft.id}/review`)
      .then(setView, (e: ApiError) => setMessage(e.message))
  }, [draft.id])
  useEffect(load, [load])

  const decide = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const decision = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value') ?? 'approved'
    try {
      const next = await api.post<Draft>(`/designer/drafts/${draft.id}/reviews`, {
        revision: draft.revision,
        decision,
        comment: String(form.get('comment') ?? ''),
      })
      onDecided(next)
      setMessage(decision === 'approved' ? 'Version approuvée.' : 'Version renvoyée à ses auteurs.')
    } catch (e) {
      setMessage((e as ApiError).message)
    }
  }

  if (!view) return <p role={message ? 'alert' : 'status'}>{message ?? 'Chargement de la relecture…'}</p>
  const isAuthor = draft.authorIds.includes(session.user.id)
  return (
    <div className="review">
      <p>
        {view.base
          ? `Comparaison avec la version publiée ${view.base.version} : ${view.changes.length} modification(s), dont ${view.breakingCount} rupture(s).`
          : 'Première version du programme : aucune version publiée à comparer.'}{' '}
        {view.approvalRequired
          ? view.approved
            ? 'Cette révision est approuvée : elle peut être publiée.'
            : 'Une approbation est requise avant la publication.'
          : 'Aucune approbation n’est requise.'}
      </p>
      {view.changes.length > 0 && (
        <table className="diff">
          <caption>Modifications, de la version {view.base?.version} à ce brouillon</caption>
          <thead>
            <tr>
              <th scope="col">Classement</th>
              <th scope="col">Modification</th>
              <th scope="col">Version publiée {view.base?.version}</th>
              <th scope="col">Ce brouillon</th>
              <th scope="col">Fiches déjà saisies touchées</th>
            </tr>
          </thead>
          <tbody>
            {view.changes.map((c) => (
              <tr
                key={`${c.kind}:${JSON.stringify(c.target)}:${c.pathA?.join('.')}:${c.pathB?.join('.')}`}
                className={`change change-${c.class}`}
              >
                <td>
                  <span className={`badge badge-${c.class}`}>{CLASS_LABELS[c.class]}</span>
                </td>
                <td>{c.message}</td>
                <td>
                  <pre>{show(c.before)}</pre>
                </td>
                <td>
                  <pre>{show(c.after)}</pre>
                </td>
                <td className="impact">
                  {c.affectedRevisions === undefined
                    ? '—'
                    : `${c.affectedRevisions} fiche(s) touchée(s)${
                        c.impact
                          ? ` (${c.impact.noLongerFits} à corriger, ${c.impact.mustBeReEntered} à compléter)`
                          : ''
                      }`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {draft.reviews.length > 0 && (
        <section aria-labelledby={`${id}-historique`}>
          <h2 id={`${id}-historique`}>Décisions</h2>
          <ul>
            {draft.reviews.map((r) => (
              <li key={r.id}>
                {r.decision === 'approved' ? 'Approuvée' : 'Refusée'} par {r.reviewerName} (révision{' '}
                {r.revision}, {new Date(r.createdAt).toLocaleString('fr-FR')}) : « {r.comment} »
              </li>
            ))}
          </ul>
        </section>
      )}
      {draft.state === 'in-review' && !isAuthor && (
        <form onSubmit={decide} className="card">
          <h2>Votre décision</h2>
          <label htmlFor={`${id}-commentaire`}>Commentaire (obligatoire)</label>
          <textarea id={`${id}-commentaire`} name="comment" required rows={3} maxLength={2000} />
          <div className="row">
            <button type="submit" value="approved">
              Approuver cette version
            </button>
            <button type="submit" value="rejected">
              Refuser et renvoyer aux auteurs
            </button>
          </div>
        </form>
      )}
      {draft.state === 'in-review' && isAuthor && (
        <p>Vous avez rédigé cette version : un autre relecteur doit l’approuver.</p>
      )}
      {message && <p role="status">{message}</p>}
    </div>
  )
}
