/**
 * Every screen of the runtime, one line each: path pattern, title, screen, and (optionally) the label of
 * its entry in the header's navigation. First match wins, so put specific paths before general ones.
 */
import { FicheEditorScreen } from '../fiche-editor/fiche-editor-screen.tsx'
import { DashboardScreen } from '../screens/dashboard-screen.tsx'
import { GuideScreen } from '../screens/guide-screen.tsx'
import { NewPatientScreen } from '../screens/new-patient-screen.tsx'
import { PatientsScreen } from '../screens/patients-screen.tsx'
import { QueriesScreen } from '../screens/queries-screen.tsx'
import { RecordScreen } from '../screens/record-screen.tsx'
import { SignatureScreen } from '../screens/signature-screen.tsx'
import { HomeScreen } from './home.tsx'
import type { RouteDef } from './router.tsx'

export const routes: RouteDef[] = [
  { path: '/', title: 'Accueil', screen: HomeScreen, nav: 'Accueil' },
  { path: '/fiches/:ficheId', title: 'Fiche', screen: FicheEditorScreen },
  { path: '/patients', title: 'Patients', screen: PatientsScreen, nav: 'Patients' },
  { path: '/patients/nouveau', title: 'Nouveau patient', screen: NewPatientScreen },
  { path: '/dossiers/:enrolmentId', title: 'Dossier patient', screen: RecordScreen },
  { path: '/fiches/:ficheId/signature', title: 'Signature de la fiche', screen: SignatureScreen },
  { path: '/queries', title: 'Queries', screen: QueriesScreen, nav: 'Queries' },
  { path: '/tableau-de-bord', title: 'Tableau de bord', screen: DashboardScreen, nav: 'Tableau de bord' },
  { path: '/guide', title: 'Guide et règles d’accès', screen: GuideScreen, nav: 'Guide' },
]
