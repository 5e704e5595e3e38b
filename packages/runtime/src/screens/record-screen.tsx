/**
 * One patient's record (/dossiers/:enrolmentId): registration number, treatment, custody; the planned
 * visits with the overdue ones visible (C7.1); each fiche with its missing data against the PUT's fields
 * (C7.2), who entered it and from which establishment (C10.4); opening, signing and printing fiches.
 */
import { useId, useState } from 'react'
import { getTemplateVersion, listTemplateVersions } from '../api/index.ts'
import {
  blankFichesPdfUrl,
  fichePdfUrl,
  getTimeline,
  openFiche,
  type PlannedVisit,
  type Timeline,
  type TimelineFiche,
} from '../api/records.ts'
import { Link, navigate, type ScreenProps } from '../app/router.tsx'
import { FICHE_STATUS, frenchDay, frenchInstant, percent, TREATMENT, VISIT_STATES } from './format.ts'
import { LoadedView, ScreenHeading } from './screen-parts.tsx'
import { errorMessage, useLoad } from './use-load.ts'

export function RecordScreen({ params }: ScreenProps) {
  const enrolmentId = params.enrolmentId!
  const [state, reload] = useLoad(() => getTimeline(enrolmentId), [enrolmentId])
  return (
    <section className="screen">
      {state.status !== 'ready' && <ScreenHeading>Dossier patient</ScreenHeading>}
      <LoadedView state={state} what="du dossier">
        {(timeline) => <RecordView timeline={timeline} onChange={reload} />}
      </LoadedView>
    </section>
  )
}

function RecordView({ timeline: t, onChange }: { timeline: Timeline; onChange: () => void }) {
  const [error, setError] = useState<string>()
  const open = async (ficheId: string, plannedVisitId?: string) => {
    setError(undefined)
    try {
      const fiche = await openFiche({
        enrolmentId: t.enrolmentId,
        ficheId,
        ...(plannedVisitId ? { plannedVisitId } : {}),
      })
      navigate(`/fiches/${fiche.id}`)
    } catch (e) {
      setError(errorMessage(e))
      onChange()
    }
  }
  const fichesById = new Map(t.fiches.map((f) => [f.id, f]))
  return (
    <>
      <ScreenHeading>Dossier n° {t.registrationNumber ?? '(numéro non attribué)'}</ScreenHeading>
      <dl className="facts">
        <dt>Programme</dt>
        <dd>{t.programme.name}</dd>
        <dt>Traitement</dt>
        <dd>
          {TREATMENT[t.treatment]}
          {t.initiationDate && <>, initié le {frenchDay(t.initiationDate)}</>}
          {t.stopDate && <>, arrêté le {frenchDay(t.stopDate)}</>}
        </dd>
        <dt>Établissement(s)</dt>
        <dd>
          {t.custody.map((c) => (
            <span key={`${c.establishmentId}-${c.from}`}>
              {c.establishmentName}
              {c.from && <> depuis le {frenchDay(c.from)}</>}
              {c.to && <> jusqu’au {frenchDay(c.to)}</>}
              <br />
            </span>
          ))}
        </dd>
        <dt>Fiches manquantes</dt>
        <dd>
          {t.missingFiches > 0 ? (
            <span className="state state-overdue">{t.missingFiches} visite(s) en retard sans fiche</span>
          ) : (
            'aucune'
          )}
        </dd>
      </dl>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}

      <h2 id="visits-title">Calendrier de suivi</h2>
      {t.visits.length === 0 ? (
        <p>
          Aucune visite planifiée pour l’instant : le calendrier part de la date d’initiation du traitement.
        </p>
      ) : (
        <table className="data-table" aria-labelledby="visits-title">
          <thead>
            <tr>
              <th scope="col">Visite</th>
              <th scope="col">Date prévue</th>
              <th scope="col">Fenêtre</th>
              <th scope="col">État</th>
              <th scope="col">Fiche</th>
            </tr>
          </thead>
          <tbody>
            {t.visits.map((v) => (
              <VisitRow
                key={v.key}
                visit={v}
                fiche={v.fiche ? fichesById.get(v.fiche.id) : undefined}
                onOpen={open}
              />
            ))}
          </tbody>
        </table>
      )}

      <h2 id="fiches-title">Fiches du dossier</h2>
      <FicheTable fiches={t.fiches} />
      <NewFiche programme={t.programme.slug} onOpen={(ficheId) => open(ficheId)} />
    </>
  )
}

function VisitRow({
  visit: v,
  fiche,
  onOpen,
}: {
  visit: PlannedVisit
  fiche: TimelineFiche | undefined
  onOpen: (ficheId: string, plannedVisitId: string) => void
}) {
  return (
    <tr className={v.state === 'overdue' ? 'row-overdue' : undefined}>
      <th scope="row">{v.label}</th>
      <td>{frenchDay(v.dueDate)}</td>
      <td>
        du {frenchDay(v.windowStart)} au {frenchDay(v.windowEnd)}
      </td>
      <td>
        <span className={`state state-${v.state}`}>{VISIT_STATES[v.state]}</span>
        {v.fiche?.late && <> (saisie après la fenêtre)</>}
      </td>
      <td>
        {v.fiche ? (
          <Link to={`/fiches/${v.fiche.id}`}>
            {fiche?.title ?? 'Fiche'} ({FICHE_STATUS[v.fiche.status]})
          </Link>
        ) : v.state === 'upcoming' ? (
          '—'
        ) : (
          <button type="button" onClick={() => onOpen(v.ficheId, v.key)}>
            Saisir la fiche de la visite {v.label}
          </button>
        )}
      </td>
    </tr>
  )
}

function FicheTable({ fiches }: { fiches: TimelineFiche[] }) {
  if (fiches.length === 0) return <p>Aucune fiche saisie.</p>
  return (
    <table className="data-table" aria-labelledby="fiches-title">
      <thead>
        <tr>
          <th scope="col">Fiche</th>
          <th scope="col">État</th>
          <th scope="col">Données manquantes</th>
          <th scope="col">Queries ouvertes</th>
          <th scope="col">Saisie par</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {fiches.map((f) => (
          <tr key={f.id}>
            <th scope="row">
              <Link to={`/fiches/${f.id}`}>{f.title}</Link>
              <br />
              <small>
                version {f.version}
                {f.date && <>, du {frenchDay(f.date)}</>}
              </small>
            </th>
            <td>{FICHE_STATUS[f.status]}</td>
            <td>
              <span className={f.missing.count > 0 ? 'state state-missing' : 'state state-ok'}>
                {f.missing.count} sur {f.missing.total} ({percent(f.missing.rate)})
              </span>
            </td>
            <td>{f.openQueries}</td>
            <td>
              <EnteredBy fiche={f} />
            </td>
            <td>
              <div className="actions">
                {f.kind === 'fat' && (
                  <Link to={`/fiches/${f.id}/signature`} className="button-link">
                    Signatures de la {f.title}
                  </Link>
                )}
                <a className="button-link" href={fichePdfUrl(f.id)} download>
                  PDF de la fiche {f.title}
                </a>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** C10.4: the establishment and author of the head revision, and of every earlier one on demand. */
function EnteredBy({ fiche: f }: { fiche: TimelineFiche }) {
  const transcribed = (source: string) =>
    source === 'transcription'
      ? ' (transcrite par le laboratoire)'
      : source === 'migration'
        ? ' (reportée sur la nouvelle version du modèle)'
        : ''
  return (
    <>
      {f.enteredBy.establishmentName}
      <br />
      <small>
        {f.enteredBy.authorName}
        {transcribed(f.enteredBy.source)}
      </small>
      {f.revisions.length > 1 && (
        <details>
          <summary>Historique ({f.revisions.length} révisions)</summary>
          <ol>
            {f.revisions.map((r) => (
              <li key={r.id}>
                n° {r.seq} ({r.kind === 'submission' ? 'validation' : 'brouillon'}) le{' '}
                {frenchInstant(r.createdAt)} : {r.establishmentName}, {r.authorName}
                {transcribed(r.source)}
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  )
}

/** Opening a fiche outside the schedule (adverse event, stop, special situation…) of the latest version. */
function NewFiche({ programme, onOpen }: { programme: string; onOpen: (ficheId: string) => void }) {
  const [version] = useLoad(async () => {
    const versions = await listTemplateVersions(programme)
    const latest = versions.at(-1)
    return latest ? getTemplateVersion(latest.id) : undefined
  }, [programme])
  const selectId = useId()
  const [ficheId, setFicheId] = useState('')
  if (version.status !== 'ready' || !version.value) return null
  const v = version.value
  return (
    <>
      <h2>Nouvelle fiche</h2>
      <div className="actions">
        <label htmlFor={selectId}>Fiche à ouvrir</label>
        <select id={selectId} value={ficheId} onChange={(e) => setFicheId(e.target.value)}>
          <option value="">Choisir…</option>
          {v.fiches.map((f) => (
            <option key={f.ficheId} value={f.ficheId}>
              {f.title}
            </option>
          ))}
        </select>
        <button type="button" disabled={!ficheId} onClick={() => onOpen(ficheId)}>
          Ouvrir la fiche
        </button>
        <a className="button-link" href={blankFichesPdfUrl(v.id, ficheId || undefined)} download>
          {ficheId ? 'Imprimer cette fiche vierge (PDF)' : 'Imprimer les fiches vierges (PDF)'}
        </a>
      </div>
    </>
  )
}
