/**
 * The demo directory: one lab, three establishments (real-looking FINESS numbers), staff with each role
 * and the lab's data manager. Data only; seed.ts creates it through the domain commands.
 */
import type { MembershipRole } from '../db/database.ts'

export const DEMO_ORGANISATION = { name: 'Laboratoire Démo Pharma', kind: 'lab' as const }

export const DEMO_ESTABLISHMENTS = [
  { key: 'lyon', finess: '690781810', name: 'Hôpital Édouard Herriot (démo)', city: 'Lyon' },
  {
    key: 'bordeaux',
    finess: '330781196',
    name: 'CHU de Bordeaux — Groupe hospitalier Pellegrin (démo)',
    city: 'Bordeaux',
  },
  { key: 'ajaccio', finess: '2A0000014', name: 'Centre hospitalier d’Ajaccio (démo)', city: 'Ajaccio' },
] as const

type EstablishmentKey = (typeof DEMO_ESTABLISHMENTS)[number]['key']

export const DEMO_USERS: {
  email: string
  displayName: string
  rpps?: string
  /** The subject the development provider (and PSC) asserts: `8` + RPPS for prescribers and pharmacists. */
  oidcSubject: string
  roles: { role: MembershipRole; establishment?: EstablishmentKey; organisation?: true }[]
}[] = [
  {
    email: 'claire.martin@demo.openput.fr',
    oidcSubject: '810101234567',
    displayName: 'Dr Claire Martin (prescriptrice)',
    rpps: '10101234567',
    roles: [{ role: 'prescriber', establishment: 'lyon' }],
  },
  {
    email: 'paul.durand@demo.openput.fr',
    oidcSubject: '810107654321',
    displayName: 'Paul Durand (pharmacien PUI)',
    rpps: '10107654321',
    roles: [{ role: 'pharmacist', establishment: 'lyon' }],
  },
  {
    email: 'ines.bernard@demo.openput.fr',
    oidcSubject: 'demo-ines-bernard',
    displayName: 'Inès Bernard (infirmière de recherche, PNM)',
    roles: [{ role: 'pnm', establishment: 'lyon' }],
  },
  {
    email: 'marc.petit@demo.openput.fr',
    oidcSubject: '810109876543',
    displayName: 'Dr Marc Petit (prescripteur)',
    rpps: '10109876543',
    roles: [{ role: 'prescriber', establishment: 'bordeaux' }],
  },
  {
    email: 'lucie.rossi@demo.openput.fr',
    oidcSubject: '810105551234',
    displayName: 'Lucie Rossi (pharmacienne PUI)',
    rpps: '10105551234',
    roles: [{ role: 'pharmacist', establishment: 'ajaccio' }],
  },
  {
    email: 'sophie.leroy@demo.openput.fr',
    oidcSubject: 'demo-sophie-leroy',
    displayName: 'Sophie Leroy (data manager du laboratoire)',
    roles: [{ role: 'data-manager', organisation: true }],
  },
  {
    email: 'admin@demo.openput.fr',
    oidcSubject: 'demo-admin-laboratoire',
    displayName: 'Administrateur du laboratoire',
    roles: [{ role: 'programme-manager', organisation: true }],
  },
  {
    email: 'julie.moreau@demo.openput.fr',
    oidcSubject: 'demo-julie-moreau',
    displayName: 'Julie Moreau (relectrice des modèles)',
    roles: [{ role: 'reviewer', organisation: true }],
  },
]

/** Patients per establishment (pseudonymous: nothing but the establishment). */
export const DEMO_PATIENTS: EstablishmentKey[] = ['lyon', 'lyon', 'lyon', 'bordeaux', 'bordeaux', 'ajaccio']
