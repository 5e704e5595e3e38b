/**
 * The frame around every screen: a skip link, the header (programme choice, navigation, signed-in user,
 * sign-out) and the main region. Sign-out is a same-origin form post to /auth/logout.
 */
import { type ReactNode, useId } from 'react'
import { roleLabel } from './labels.ts'
import { useProgramme } from './programme.tsx'
import { Link, type RouteDef, useLocation } from './router.tsx'
import { useSession } from './session.tsx'

export function Shell({ routes, children }: { routes: readonly RouteDef[]; children: ReactNode }) {
  const session = useSession()
  const { pathname } = useLocation()
  const roles = [...new Set(session.memberships.map((m) => roleLabel(m.role)))].join(', ')
  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="app-header">
        <Link to="/" className="app-brand">
          OpenPUT
        </Link>
        <ProgrammePicker />
        <nav aria-label="Navigation principale" className="app-nav">
          <ul>
            {routes
              .filter((r) => r.nav)
              .map((r) => (
                <li key={r.path}>
                  <Link to={r.path} aria-current={r.path === pathname ? 'page' : undefined}>
                    {r.nav}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="app-user">
          <span>
            {session.user.displayName}
            {roles && <span className="app-user-roles"> ({roles})</span>}
          </span>
          <form method="post" action="/auth/logout">
            <button type="submit">Se déconnecter</button>
          </form>
        </div>
      </header>
      <main id="contenu" tabIndex={-1}>
        {children}
      </main>
    </>
  )
}

function ProgrammePicker() {
  const { programmes, current, catalogue, choose } = useProgramme()
  const id = useId()
  if (programmes.length === 0) return null
  const name = (slug: string) => {
    const info = catalogue.get(slug)
    return info?.medicine ? `${info.medicine} · ${info.putKind ?? slug}` : slug
  }
  return (
    <div className="app-programme">
      <label htmlFor={id}>Programme</label>
      <select id={id} value={current?.programme ?? ''} onChange={(e) => choose(e.target.value)}>
        {!current && <option value="">Choisir…</option>}
        {programmes.map((p) => (
          <option key={p.programme} value={p.programme}>
            {name(p.programme)} ({p.programme}, v{p.version})
          </option>
        ))}
      </select>
      <IndicationPicker />
    </div>
  )
}

/**
 * C3.3: with several indications, the user says which one they work on, and how access works for each
 * (one access shared by the indications, or a distinct access per indication) is spelled out.
 */
function IndicationPicker() {
  const { details, indication, chooseIndication } = useProgramme()
  const id = useId()
  if (!details || details.indications.length === 0) return null
  const distinct = details.indications.some((i) => i.access === 'distinct')
  return (
    <>
      {details.indications.length > 1 && (
        <>
          <label htmlFor={id}>Indication</label>
          <select
            id={id}
            value={indication ?? ''}
            onChange={(e) => chooseIndication(e.target.value || undefined)}
          >
            <option value="">Toutes les indications</option>
            {details.indications.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label.length > 60 ? `${i.label.slice(0, 57)}…` : i.label}
              </option>
            ))}
          </select>
        </>
      )}
      <details className="app-access">
        <summary>Modalités d’accès {distinct ? '(accès distinct par indication)' : '(accès commun)'}</summary>
        <ul>
          {details.indications.map((i) => (
            <li key={i.id}>
              <strong>{i.label}</strong> :{' '}
              {i.access === 'distinct' ? 'accès distinct' : 'accès commun aux indications'}
              {i.accessDescription ? `. ${i.accessDescription}` : '.'}
            </li>
          ))}
        </ul>
      </details>
    </>
  )
}
