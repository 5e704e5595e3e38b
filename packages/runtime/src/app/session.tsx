/**
 * Who is signed in: GET /api/session once at start. Without a session the API answers 401 and the client
 * sends the browser through sign-in (`/auth/login?returnTo=…`), coming back to the same page.
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react'
import { ApiError, getSession, type SessionInfo } from '../api/index.ts'

type SessionState =
  | { status: 'loading' }
  | { status: 'ready'; session: SessionInfo }
  | { status: 'error'; message: string }

const SessionContext = createContext<SessionInfo | undefined>(undefined)

/** The signed-in user; only under <SessionGate>, which renders its children once the session is known. */
export function useSession(): SessionInfo {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession() outside <SessionGate>')
  return session
}

export function SessionGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  useEffect(() => {
    let live = true
    getSession().then(
      (session) => live && setState({ status: 'ready', session }),
      (error: unknown) => {
        if (!live) return
        // 401: the client is already on its way to sign-in.
        if (error instanceof ApiError && error.status === 401) return
        setState({
          status: 'error',
          message: error instanceof ApiError ? error.userMessage : 'Impossible de lire la session.',
        })
      },
    )
    return () => {
      live = false
    }
  }, [])
  if (state.status === 'loading') {
    return (
      <p className="app-loading" role="status">
        Connexion en cours…
      </p>
    )
  }
  if (state.status === 'error') {
    return (
      <div className="app-error" role="alert">
        <h1>OpenPUT indisponible</h1>
        <p>{state.message}</p>
        <button type="button" onClick={() => window.location.reload()}>
          Réessayer
        </button>
      </div>
    )
  }
  return <SessionContext.Provider value={state.session}>{children}</SessionContext.Provider>
}
