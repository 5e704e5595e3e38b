/**
 * The user's activity in the chosen programme (/tableau-de-bord): overdue visits (C7.1), fiches with
 * missing data (C7.2) and open queries, with the notice that these are not a measure of exhaustiveness
 * nor a basis for compensation and do not replace the periodic report (C7.3).
 */
import { type Dashboard, getDashboard } from '../api/records.ts'
import { useProgramme } from '../app/programme.tsx'
import { Link, type ScreenProps } from '../app/router.tsx'
import { FICHE_STATUS, frenchDay, frenchInstant, percent, QUERY_STATUS } from './format.ts'
import { ChooseProgrammeFirst, LoadedView, ScreenHeading } from './screen-parts.tsx'
import { useLoad } from './use-load.ts'

/** Said even before the server's notice arrives, and if it ever came without one. */
export const NOT_EXHAUSTIVENESS =
  'Ces indicateurs suivent votre activité. Ils ne mesurent pas l’exhaustivité du recueil, ne servent pas au calcul d’une compensation et ne remplacent pas le rapport périodique de synthèse.'

export function DashboardScreen(_: ScreenProps) {
  const { current } = useProgramme()
  const slug = current?.programme
  const [state] = useLoad(() => (slug ? getDashboard(slug) : Promise.resolve(undefined)), [slug])
  return (
    <section className="screen">
      <ScreenHeading>Tableau de bord de mon activité</ScreenHeading>
      <p className="notice" role="note">
        {state.status === 'ready' && state.value?.notice ? state.value.notice : NOT_EXHAUSTIVENESS}
      </p>
      {!slug ? (
        <ChooseProgrammeFirst />
      ) : (
        <LoadedView state={state} what="du tableau de bord">
          {(dashboard) => (dashboard ? <DashboardView dashboard={dashboard} /> : null)}
        </LoadedView>
      )}
    </section>
  )
}

function DashboardView({ dashboard: d }: { dashboard: Dashboard }) {
  return (
    <>
      <p>
        {d.programme.name}, au {frenchDay(d.asOf)}.
      </p>
      <ul className="counts" aria-label="Chiffres clés">
        <li>
          <strong>{d.counts.patients}</strong> patient(s) suivis
        </li>
        <li>
          <strong className={d.counts.overdueVisits > 0 ? 'state-overdue' : undefined}>
            {d.counts.overdueVisits}
          </strong>{' '}
          visite(s) en retard
        </li>
        <li>
          <strong>{d.counts.dueVisits}</strong> visite(s) à faire
        </li>
        <li>
          <strong>{d.counts.fichesWithMissingData}</strong> fiche(s) avec données manquantes
        </li>
        <li>
          <strong>{d.counts.openQueries}</strong> query(s) en attente
        </li>
      </ul>

      <h2 id="overdue-title">Visites en retard</h2>
      {d.overdueVisits && d.overdueVisits.items.length > 0 ? (
        <table className="data-table" aria-labelledby="overdue-title">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Visite</th>
              <th scope="col">Date prévue</th>
              <th scope="col">Retard</th>
            </tr>
          </thead>
          <tbody>
            {d.overdueVisits.items.map((o) => (
              <tr key={`${o.enrolmentId}-${o.visit.key}`}>
                <th scope="row">
                  <Link to={`/dossiers/${o.enrolmentId}`}>{o.registrationNumber ?? 'sans numéro'}</Link>
                </th>
                <td>{o.visit.label}</td>
                <td>{frenchDay(o.visit.dueDate)}</td>
                <td>
                  <span className="state state-overdue">{o.daysOverdue} jour(s)</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Aucune visite en retard.</p>
      )}

      <h2 id="missing-title">Fiches avec des données manquantes</h2>
      {d.fichesWithMissingData && d.fichesWithMissingData.items.length > 0 ? (
        <table className="data-table" aria-labelledby="missing-title">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Fiche</th>
              <th scope="col">Données manquantes</th>
              <th scope="col">Dernière saisie</th>
            </tr>
          </thead>
          <tbody>
            {d.fichesWithMissingData.items.map((f) => (
              <tr key={f.ficheInstanceId}>
                <th scope="row">
                  <Link to={`/dossiers/${f.enrolmentId}`}>{f.registrationNumber ?? 'sans numéro'}</Link>
                </th>
                <td>
                  <Link to={`/fiches/${f.ficheInstanceId}`}>{f.title}</Link> ({FICHE_STATUS[f.status]})
                </td>
                <td>
                  {f.missing.count} champ(s) sur {f.missing.total} ({percent(f.missing.rate)})
                </td>
                <td>{frenchInstant(f.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Aucune fiche avec des données manquantes.</p>
      )}

      <h2 id="queries-title">Queries en attente</h2>
      {d.openQueries && d.openQueries.items.length > 0 ? (
        <table className="data-table" aria-labelledby="queries-title">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Champ</th>
              <th scope="col">État</th>
              <th scope="col">Ouverte le</th>
            </tr>
          </thead>
          <tbody>
            {d.openQueries.items.map((q) => (
              <tr key={q.queryId}>
                <th scope="row">
                  <Link to={`/dossiers/${q.enrolmentId}`}>{q.registrationNumber ?? 'sans numéro'}</Link>
                </th>
                <td>
                  <Link
                    to={`/fiches/${q.ficheInstanceId}?field=${encodeURIComponent(q.itemPath.split('/')[1] ?? '')}`}
                  >
                    {q.ficheId} : {q.itemPath}
                  </Link>
                </td>
                <td>{QUERY_STATUS[q.status] ?? q.status}</td>
                <td>{frenchInstant(q.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Aucune query en attente.</p>
      )}
      <p>
        <Link to="/queries">Toutes les queries</Link>
      </p>
    </>
  )
}
