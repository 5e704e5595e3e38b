/**
 * The establishment's patients in the chosen programme, each with its state: FAT, treatment, next visit,
 * overdue visits (C7.1) and open queries; the way in to a record and to registering a new patient.
 */
import { useId, useState } from 'react'
import { listPatients, type PatientList, type PatientListItem } from '../api/records.ts'
import { useProgramme } from '../app/programme.tsx'
import { Link, type ScreenProps } from '../app/router.tsx'
import { usePatientEstablishments } from './establishments.ts'
import { FAT_STATE, frenchDay, TREATMENT, VISIT_STATES } from './format.ts'
import { ChooseProgrammeFirst, LoadedView, ScreenHeading } from './screen-parts.tsx'
import { errorMessage, useLoad } from './use-load.ts'

export function PatientsScreen(_: ScreenProps) {
  const { current } = useProgramme()
  const establishments = usePatientEstablishments()
  const [establishment, setEstablishment] = useState(establishments[0])
  const selectId = useId()
  const slug = current?.programme
  const [state] = useLoad(
    () => (slug ? listPatients({ programme: slug, establishment }) : Promise.resolve(undefined)),
    [slug, establishment],
  )
  return (
    <section className="screen">
      <ScreenHeading>Patients</ScreenHeading>
      {!slug ? (
        <ChooseProgrammeFirst />
      ) : (
        <>
          <div className="actions">
            <Link to="/patients/nouveau" className="button-link primary">
              Nouveau patient et demande d’accès au traitement
            </Link>
            {establishments.length > 1 && (
              <span className="form-field">
                <label htmlFor={selectId}>Établissement</label>
                <select
                  id={selectId}
                  value={establishment}
                  onChange={(e) => setEstablishment(e.target.value)}
                >
                  {establishments.map((id, i) => (
                    <option key={id} value={id}>
                      Établissement {i + 1}
                    </option>
                  ))}
                </select>
              </span>
            )}
          </div>
          <LoadedView state={state} what="des patients">
            {(list) => (list ? <PatientTable first={list} establishment={establishment} /> : null)}
          </LoadedView>
        </>
      )}
    </section>
  )
}

function PatientTable({ first, establishment }: { first: PatientList; establishment: string | undefined }) {
  const [items, setItems] = useState(first.items)
  const [cursor, setCursor] = useState(first.nextCursor)
  const [error, setError] = useState<string>()
  const more = async () => {
    if (!cursor) return
    try {
      const next = await listPatients({ programme: first.programme.slug, establishment, cursor })
      setItems((prev) => [...prev, ...next.items])
      setCursor(next.nextCursor)
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  if (items.length === 0) return <p>Aucun patient enregistré dans ce programme pour l’instant.</p>
  return (
    <>
      <table className="data-table">
        <caption>
          {first.programme.name} : {items.length} patient(s), états au {frenchDay(first.asOf)}
        </caption>
        <thead>
          <tr>
            <th scope="col">N° d’enregistrement</th>
            <th scope="col">Demande d’accès (FAT)</th>
            <th scope="col">Traitement</th>
            <th scope="col">Prochaine visite</th>
            <th scope="col">Visites en retard</th>
            <th scope="col">Queries ouvertes</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <PatientRow key={p.enrolmentId} patient={p} />
          ))}
        </tbody>
      </table>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {cursor && (
        <button type="button" onClick={more}>
          Afficher plus de patients
        </button>
      )}
    </>
  )
}

function PatientRow({ patient: p }: { patient: PatientListItem }) {
  return (
    <tr>
      <th scope="row">
        <Link to={`/dossiers/${p.enrolmentId}`}>{p.registrationNumber ?? 'sans numéro'}</Link>
        <br />
        <small>créé le {frenchDay(p.createdAt.slice(0, 10))}</small>
      </th>
      <td>{FAT_STATE[p.fat.state] ?? p.fat.state}</td>
      <td>
        {TREATMENT[p.treatment]}
        {p.initiationDate && <> depuis le {frenchDay(p.initiationDate)}</>}
        {p.stopDate && <> (arrêt le {frenchDay(p.stopDate)})</>}
      </td>
      <td>
        {p.nextVisit ? (
          <>
            {p.nextVisit.label}, le {frenchDay(p.nextVisit.dueDate)}{' '}
            <span className={`state state-${p.nextVisit.state}`}>{VISIT_STATES[p.nextVisit.state]}</span>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        {p.overdueCount > 0 ? (
          <span className="state state-overdue">{p.overdueCount} en retard</span>
        ) : (
          <span className="state state-ok">aucune</span>
        )}
      </td>
      <td>{p.openQueriesCount}</td>
    </tr>
  )
}
