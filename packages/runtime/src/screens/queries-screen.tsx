/**
 * The queries inbox (/queries): the lab's questions on the records the user may read, each shown in the
 * context of its field (fiche, label, value entered) with its history, answered here or from the fiche.
 */
import { useId, useState } from 'react'
import { getFiche, getFicheDefinition } from '../api/index.ts'
import { listQueries, type QueryStatus } from '../api/records.ts'
import type { ScreenProps } from '../app/router.tsx'
import { useHospitalRoles } from './establishments.ts'
import { QUERY_STATUS } from './format.ts'
import { type FicheContext, QueryCard } from './query-card.tsx'
import { LoadedView, ScreenHeading } from './screen-parts.tsx'
import { useLoad } from './use-load.ts'

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
