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
  const { programmes, current, choose } = useProgramme()
  const id = useId()
  if (programmes.length === 0) return null
  return (
    <div className="app-programme">
      <label htmlFor={id}>Programme</label>
      <select id={id} value={current?.programme ?? ''} onChange={(e) => choose(e.target.value)}>
        {!current && <option value="">Choisir…</option>}
        {programmes.map((p) => (
          <option key={p.programme} value={p.programme}>
            {p.programme} (v{p.version})
          </option>
        ))}
      </select>
    </div>
  )
}
