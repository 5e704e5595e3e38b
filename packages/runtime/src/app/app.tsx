/** The application: session first, then the shell around the screen the route table picks. */
import { useEffect } from 'react'
import { ProgrammeProvider } from './programme.tsx'
import { matchRoute, type RouteDef, useLocation } from './router.tsx'
import { routes } from './routes.tsx'
import { SessionGate } from './session.tsx'
import { Shell } from './shell.tsx'

export function App({ routeTable = routes }: { routeTable?: readonly RouteDef[] }) {
  return (
    <SessionGate>
      <ProgrammeProvider>
        <Shell routes={routeTable}>
          <CurrentScreen routes={routeTable} />
        </Shell>
      </ProgrammeProvider>
    </SessionGate>
  )
}

function CurrentScreen({ routes }: { routes: readonly RouteDef[] }) {
  const { pathname, search } = useLocation()
  const match = matchRoute(routes, pathname)
  const title = match?.route.title ?? 'Page introuvable'
  useEffect(() => {
    document.title = `${title} · OpenPUT`
  }, [title])
  if (!match) {
    return (
      <section className="screen">
        <h1>Page introuvable</h1>
        <p>Cette adresse ne correspond à aucune page d’OpenPUT.</p>
      </section>
    )
  }
  const Screen = match.route.screen
  // A new key per path resets a screen's state when only its parameters change.
  return <Screen key={pathname} params={match.params} query={new URLSearchParams(search)} />
}
