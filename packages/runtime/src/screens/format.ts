/** French wording of the records' states and dates, shared by the screens. */
import type { AccessLevel, Treatment, VisitState } from '../api/records.ts'

/** `2026-03-02` → `02/03/2026`; instants in Europe/Paris. */
export const frenchDay = (day: string | null | undefined) =>
  day ? (/^\d{4}-\d{2}-\d{2}$/.test(day) ? day.split('-').reverse().join('/') : day) : '—'

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
})
export const frenchInstant = (iso: string) => DATE_TIME.format(new Date(iso))

export const percent = (rate: number) => `${Math.round(rate * 1000) / 10} %`.replace('.', ',')

export const VISIT_STATES: Record<VisitState, string> = {
  done: 'faite',
  due: 'à faire (dans la fenêtre)',
  overdue: 'en retard',
  upcoming: 'à venir',
}

export const TREATMENT: Record<Treatment, string> = {
  'not-initiated': 'non initié',
  'on-treatment': 'en cours de traitement',
  stopped: 'arrêté',
}

export const FAT_STATE: Record<string, string> = {
  none: 'FAT non commencée',
  draft: 'FAT en brouillon',
  submitted: 'FAT validée, à signer',
  signed: 'FAT signée',
}

export const FICHE_STATUS: Record<string, string> = { draft: 'brouillon', submitted: 'validée' }

export const SIGNATURE_STATE: Record<string, string> = {
  'not-required': 'signature non requise',
  unsigned: 'non signée',
  'partially-signed': 'signée en partie',
  signed: 'signée',
  voided: 'signatures annulées par une modification',
}

export const SIGNER_ROLE: Record<string, string> = { prescriber: 'prescripteur', pharmacist: 'pharmacien' }

export const ACCESS_LEVEL: Record<AccessLevel, string> = {
  none: 'aucun accès',
  read: 'lecture',
  entry: 'saisie',
  'entry-sign': 'saisie et signature',
}

export const QUERY_STATUS: Record<string, string> = {
  open: 'en attente de réponse',
  answered: 'répondue',
  closed: 'close',
}
