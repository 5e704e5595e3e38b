/**
 * Test data made the way the app makes it: API calls from the signed-in page (same origin, JSON, the
 * session cookie), so every rule of the domain applies.
 */
import type { Page } from 'playwright-core'

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
  return page.evaluate(async ({ programme, ficheId, indicationId }) => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`/api${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
      return res.json()
    }
    const session = await call('GET', '/session')
    const establishmentId = session.memberships.find(
      (m: { establishmentId: string | null }) => m.establishmentId,
    ).establishmentId
    const patient = await call('POST', '/patients', { establishmentId })
    const enrolment = await call('POST', '/enrolments', { patientId: patient.id, programme })
    const fiche = await call('POST', '/fiches', {
      enrolmentId: enrolment.id,
      ficheId,
      ...(indicationId ? { indicationId } : {}),
    })
    return { ficheInstanceId: fiche.id, enrolmentId: enrolment.id, patientId: patient.id }
  }, input)
}
