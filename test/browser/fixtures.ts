/**
 * Test data made the way the app makes it: API calls from the signed-in page (same origin, JSON, the
 * session cookie), so every rule of the domain applies.
 */
import type { Page } from 'playwright-core'
import { apiCall } from './page-tools.ts'

export interface OpenedFiche {
  ficheInstanceId: string
  enrolmentId: string
  patientId: string
}

/** Registers a patient in the user's establishment, enrols them and opens one fiche. */
export async function openFicheForNewPatient(
  page: Page,
  input: { programme: string; ficheId: string; indicationId?: string },
): Promise<OpenedFiche> {
  const session = await apiCall<{ memberships: { establishmentId: string | null }[] }>(
    page,
    'GET',
    '/session',
  )
  const establishmentId = session.memberships.find((m) => m.establishmentId)?.establishmentId
  if (!establishmentId) throw new Error('the signed-in user has no establishment')
  const patient = await apiCall<{ id: string }>(page, 'POST', '/patients', { establishmentId })
  const enrolment = await apiCall<{ id: string }>(page, 'POST', '/enrolments', {
    patientId: patient.id,
    programme: input.programme,
  })
  const fiche = await apiCall<{ id: string }>(page, 'POST', '/fiches', {
    enrolmentId: enrolment.id,
    ficheId: input.ficheId,
    ...(input.indicationId ? { indicationId: input.indicationId } : {}),
  })
  return { ficheInstanceId: fiche.id, enrolmentId: enrolment.id, patientId: patient.id }
}
