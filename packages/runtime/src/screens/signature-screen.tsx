/**
 * Signing a fiche (/fiches/:ficheId/signature, C5.5): the prescriber and the pharmacist each sign the
 * current submitted revision. Each signature starts with a new authentication (/auth/step-up; the server
 * wants one of less than five minutes), comes back here, and asks for an explicit confirmation.
 */
import { useId, useRef, useState } from 'react'
import { ApiError, type FicheDefinition, type FicheRead, getFiche, getFicheDefinition } from '../api/index.ts'
import { fichePdfUrl, signFiche, stepUpUrl } from '../api/records.ts'
import { Link, type ScreenProps } from '../app/router.tsx'
import { useSession } from '../app/session.tsx'
import { useHospitalRoles } from './establishments.ts'
import { FICHE_STATUS, frenchInstant, SIGNATURE_STATE, SIGNER_ROLE } from './format.ts'
import { LoadedView, ScreenHeading } from './screen-parts.tsx'
import { errorMessage, useLoad } from './use-load.ts'

/** The server accepts five minutes; ask again a little before, so a slow click is not refused. */
const RECENT_AUTH_MS = 4 * 60 * 1000

type SignerRole = 'prescriber' | 'pharmacist'

export function SignatureScreen({ params, query }: ScreenProps) {
  const ficheId = params.ficheId!
  const [state, reload] = useLoad(async () => {
    const fiche = await getFiche(ficheId)
    const definition = await getFicheDefinition(fiche.templateVersionId, fiche.ficheId)
    return { fiche, definition }
  }, [ficheId])
  return (
    <section className="screen">
      {state.status !== 'ready' && <ScreenHeading>Signature de la fiche</ScreenHeading>}
      <LoadedView state={state} what="de la fiche">
        {({ fiche, definition }) => (
          <SignatureView
            fiche={fiche}
            definition={definition}
            requestedRole={query.get('role')}
            onSigned={reload}
          />
        )}
      </LoadedView>
    </section>
  )
}

function SignatureView({
  fiche,
  definition,
  requestedRole,
  onSigned,
}: {
  fiche: FicheRead
  definition: FicheDefinition
  requestedRole: string | null
  onSigned: () => void
}) {
  const myRoles = useHospitalRoles()
  const signers = [...fiche.requiredSigners, ...fiche.optionalSigners] as SignerRole[]
  const validOnHead = new Set(
    fiche.signatures.filter((s) => s.status === 'valid' && s.revisionId === fiche.head.id).map((s) => s.role),
  )
  const mine = signers.filter((r) => myRoles.has(r) && !validOnHead.has(r))
  return (
    <>
      <ScreenHeading>Signature : {definition.title}</ScreenHeading>
      <dl className="facts">
        <dt>État de la fiche</dt>
        <dd>
          {FICHE_STATUS[fiche.status]}, révision n° {fiche.head.seq} du {frenchInstant(fiche.head.createdAt)}
        </dd>
        <dt>Signatures</dt>
        <dd>{SIGNATURE_STATE[fiche.signatureState] ?? fiche.signatureState}</dd>
        <dt>Signataires requis</dt>
        <dd>{fiche.requiredSigners.map((r) => SIGNER_ROLE[r] ?? r).join(' et ') || 'aucun'}</dd>
      </dl>
      <div className="actions">
        <Link to={`/fiches/${fiche.id}`}>Revenir à la fiche</Link>
        <a className="button-link" href={fichePdfUrl(fiche.id)} download>
          Télécharger la fiche signée (PDF)
        </a>
      </div>

      <h2>Signatures enregistrées</h2>
      {fiche.signatures.length === 0 ? (
        <p>Aucune signature pour l’instant.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Rôle</th>
              <th scope="col">Date</th>
              <th scope="col">Méthode</th>
              <th scope="col">Révision signée</th>
              <th scope="col">Statut</th>
            </tr>
          </thead>
          <tbody>
            {fiche.signatures.map((s) => (
              <tr key={s.id}>
                <th scope="row">{SIGNER_ROLE[s.role]}</th>
                <td>{frenchInstant(s.signedAt)}</td>
                <td>{s.method === 'electronic' ? 'électronique' : `papier (${s.paperReference ?? ''})`}</td>
                <td>
                  n° {s.revisionSeq}
                  <br />
                  <small title="Empreinte SHA-256 des données signées">{s.revisionHash.slice(0, 16)}…</small>
                </td>
                <td>
                  {s.status === 'valid' ? (
                    <span className="state state-ok">valide</span>
                  ) : (
                    <span className="state state-overdue">
                      annulée par la révision n° {s.voidedByRevisionSeq}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Votre signature</h2>
      {fiche.status !== 'submitted' ? (
        <p className="notice warning">
          La fiche doit être validée (complète et envoyée) avant d’être signée.{' '}
          <Link to={`/fiches/${fiche.id}`}>Compléter la fiche</Link>
        </p>
      ) : mine.length === 0 ? (
        <p>
          {signers.some((r) => myRoles.has(r))
            ? 'Vous avez déjà signé cette révision.'
            : 'Votre rôle ne signe pas cette fiche (seuls le prescripteur et le pharmacien signent la FAT).'}
        </p>
      ) : (
        mine.map((role) => (
          <SignAs
            key={role}
            role={role}
            fiche={fiche}
            preselected={requestedRole === role}
            onSigned={onSigned}
          />
        ))
      )}
    </>
  )
}

function SignAs({
  role,
  fiche,
  preselected,
  onSigned,
}: {
  role: SignerRole
  fiche: FicheRead
  preselected: boolean
  onSigned: () => void
}) {
  const session = useSession()
  const checkId = useId()
  const [certified, setCertified] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const errorRef = useRef<HTMLParagraphElement>(null)
  // Signing is its own act: the user authenticates again for it, then confirms on coming back here.
  const recent = Date.now() - new Date(session.authTime).getTime() < RECENT_AUTH_MS
  const here = `/fiches/${fiche.id}/signature?role=${role}`
  const label = SIGNER_ROLE[role]

  if (!(preselected && recent)) {
    return (
      <div className="query">
        <p>
          Pour signer en tant que {label}, confirmez d’abord votre identité auprès de votre fournisseur
          d’identité (authentification de moins de 5 minutes). Vous reviendrez ensuite sur cette page.
        </p>
        <a className="button-link primary" href={stepUpUrl(here)}>
          Confirmer mon identité pour signer en tant que {label}
        </a>
      </div>
    )
  }
  const sign = async () => {
    setBusy(true)
    setError(undefined)
    try {
      await signFiche(fiche.id, fiche.head.id, role)
      onSigned()
    } catch (e) {
      if (e instanceof ApiError && e.code === 'recent-authentication-required') {
        window.location.assign(stepUpUrl(here))
        return
      }
      setError(errorMessage(e))
      setBusy(false)
      queueMicrotask(() => errorRef.current?.focus())
    }
  }
  return (
    <div className="query">
      {error && (
        <p className="notice error" role="alert" tabIndex={-1} ref={errorRef}>
          {error}
        </p>
      )}
      <p>
        Vous signez la révision n° {fiche.head.seq} du {frenchInstant(fiche.head.createdAt)} : toute
        modification ultérieure de la fiche annulera cette signature.
      </p>
      <p className="form-field">
        <span>
          <input
            id={checkId}
            type="checkbox"
            checked={certified}
            onChange={(e) => setCertified(e.target.checked)}
          />{' '}
          <label htmlFor={checkId}>
            Je certifie, en tant que {label}, l’exactitude des données de cette fiche
          </label>
        </span>
      </p>
      <button type="button" className="primary" disabled={!certified || busy} onClick={sign}>
        {busy ? 'Signature…' : `Signer en tant que ${label}`}
      </button>
    </div>
  )
}
