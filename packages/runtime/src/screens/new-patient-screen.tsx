/**
 * Registering a patient (pseudonymous: no name) in the chosen programme and opening their FAT, which is
 * the treatment-access request (C5.2). With distinct access per indication, the request names one (C3.3).
 */
import { type FormEvent, useId, useRef, useState } from 'react'
import { newIdempotencyKey } from '../api/index.ts'
import { createPatient, enrolPatient, getDocuments, openFiche } from '../api/records.ts'
import { useProgramme } from '../app/programme.tsx'
import { navigate, type ScreenProps } from '../app/router.tsx'
import { usePatientEstablishments } from './establishments.ts'
import { ChooseProgrammeFirst, LoadedView, ScreenHeading } from './screen-parts.tsx'
import { errorMessage, useLoad } from './use-load.ts'

export function NewPatientScreen(_: ScreenProps) {
  const { current, indication } = useProgramme()
  const [documents] = useLoad(
    () => (current ? getDocuments(current.id) : Promise.resolve(undefined)),
    [current?.id],
  )
  return (
    <section className="screen">
      <ScreenHeading>Nouveau patient et demande d’accès au traitement</ScreenHeading>
      {!current ? (
        <ChooseProgrammeFirst />
      ) : (
        <LoadedView state={documents} what="du programme">
          {(docs) =>
            docs ? (
              <NewPatientForm
                programme={current.programme}
                templateVersionId={current.id}
                fatId={docs.ficheAccess.find((f) => f.kind === 'fat')?.ficheId ?? 'fat'}
                indications={docs.indications}
                preferredIndication={indication}
              />
            ) : null
          }
        </LoadedView>
      )}
    </section>
  )
}

function NewPatientForm(props: {
  programme: string
  templateVersionId: string
  fatId: string
  indications: { id: string; label: string; access: 'shared' | 'distinct' }[]
  preferredIndication: string | undefined
}) {
  const establishments = usePatientEstablishments()
  const ids = { establishment: useId(), number: useId(), numberHint: useId(), indication: useId() }
  const [establishment, setEstablishment] = useState(establishments[0] ?? '')
  const [registrationNumber, setRegistrationNumber] = useState('')
  const distinct = props.indications.some((i) => i.access === 'distinct')
  const [indication, setIndication] = useState(props.preferredIndication ?? (distinct ? '' : undefined))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const errorRef = useRef<HTMLParagraphElement>(null)
  // One key per attempt, reused on a retry after a network failure: never two patients for one click.
  const keys = useRef({
    patient: newIdempotencyKey(),
    enrolment: newIdempotencyKey(),
    fat: newIdempotencyKey(),
  })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const patient = await createPatient(establishment, keys.current.patient)
      const enrolment = await enrolPatient(
        {
          patientId: patient.id,
          programme: props.programme,
          ...(registrationNumber.trim() ? { registrationNumber: registrationNumber.trim() } : {}),
        },
        keys.current.enrolment,
      )
      const fat = await openFiche(
        {
          enrolmentId: enrolment.id,
          ficheId: props.fatId,
          templateVersionId: props.templateVersionId,
          ...(distinct && indication ? { indicationId: indication } : {}),
        },
        keys.current.fat,
      )
      navigate(`/fiches/${fat.id}`)
    } catch (e) {
      setError(errorMessage(e))
      setBusy(false)
      queueMicrotask(() => errorRef.current?.focus())
    }
  }

  if (establishments.length === 0) {
    return (
      <p className="notice">
        Seuls les professionnels d’un établissement (prescripteur, pharmacien, personnel désigné) enregistrent
        des patients.
      </p>
    )
  }
  return (
    <form onSubmit={submit} noValidate>
      <p>
        Le patient est enregistré sans nom (pseudonymisé). Sa fiche d’accès au traitement (FAT) s’ouvre
        ensuite : elle constitue votre demande d’accès au traitement pour ce patient.
      </p>
      {error && (
        <p className="notice error" role="alert" tabIndex={-1} ref={errorRef}>
          {error}
        </p>
      )}
      {establishments.length > 1 && (
        <div className="form-field">
          <label htmlFor={ids.establishment}>Établissement</label>
          <select
            id={ids.establishment}
            value={establishment}
            onChange={(e) => setEstablishment(e.target.value)}
            required
          >
            {establishments.map((id, i) => (
              <option key={id} value={id}>
                Établissement {i + 1}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="form-field">
        <label htmlFor={ids.number}>N° d’enregistrement (facultatif)</label>
        <input
          id={ids.number}
          value={registrationNumber}
          maxLength={64}
          aria-describedby={ids.numberHint}
          onChange={(e) => setRegistrationNumber(e.target.value)}
        />
        <span id={ids.numberHint} className="hint">
          Le numéro attribué par le laboratoire ; laissez vide s’il n’est pas encore connu.
        </span>
      </div>
      {distinct && (
        <div className="form-field">
          <label htmlFor={ids.indication}>Indication demandée</label>
          <select
            id={ids.indication}
            value={indication ?? ''}
            onChange={(e) => setIndication(e.target.value)}
            required
          >
            <option value="">Choisir…</option>
            {props.indications.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" className="primary" disabled={busy || (distinct && !indication)}>
        {busy ? 'Enregistrement…' : 'Enregistrer le patient et ouvrir la FAT'}
      </button>
    </form>
  )
}
