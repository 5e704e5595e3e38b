/**
 * Every screen of the runtime, one line each: path pattern, title, screen, and (optionally) the label of
 * its entry in the header's navigation. First match wins, so put specific paths before general ones.
 */
import { FicheEditorScreen } from '../fiche-editor/fiche-editor-screen.tsx'
import { HomeScreen } from './home.tsx'
import type { RouteDef } from './router.tsx'

export const routes: RouteDef[] = [
  { path: '/', title: 'Accueil', screen: HomeScreen, nav: 'Accueil' },
  { path: '/fiches/:ficheId', title: 'Fiche', screen: FicheEditorScreen },
]
