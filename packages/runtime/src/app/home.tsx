/** The landing screen: where to go next. Screens that should be reachable from here add a link. */
import { useProgramme } from './programme.tsx'
import type { ScreenProps } from './router.tsx'
import { useSession } from './session.tsx'

export function HomeScreen(_: ScreenProps) {
  const session = useSession()
  const { current } = useProgramme()
  return (
    <section className="screen">
      <h1>Bonjour {session.user.displayName}</h1>
      <p>
        {current
          ? `Programme en cours : ${current.programme} (version ${current.version}).`
          : 'Choisissez un programme dans l’en-tête pour commencer.'}
      </p>
    </section>
  )
}
