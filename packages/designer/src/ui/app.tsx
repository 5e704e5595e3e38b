/**
 * The designer's frame: the signed-in user, sign-out, and the screen the URL names (the programmes, or
 * one draft with its tabs).
 */
import { useEffect, useState } from 'react'
import { api, type Session } from './api.ts'
import { DraftEditor } from './draft-editor.tsx'
import { Home } from './home.tsx'
import { useRoute } from './routes.ts'

export function App() {
  const [session, setSession] = useState<Session | null>(null)
  const route = useRoute()
  useEffect(() => {
    api.get<Session>('/session').then(setSession, () => {})
  }, [])
  if (!session) return <p className="loading">Chargement…</p>
  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="app-header">
        <a className="app-brand" href="#/">
          OpenPUT — Concepteur de modèles
        </a>
        <div className="app-user">
          <span>{session.user.displayName}</span>
          <form method="post" action="/auth/logout">
            <button type="submit">Se déconnecter</button>
          </form>
        </div>
      </header>
      <main id="contenu" tabIndex={-1}>
        {route.screen === 'home' ? (
          <Home />
        ) : (
          <DraftEditor key={route.id} id={route.id} tab={route.tab} session={session} />
        )}
      </main>
    </>
  )
}
