/**
 * A minimal HTTP client for the reliability tests: one session cookie, JSON in and out, every request
 * bounded in time, and the steps that open a fiche (patient → enrolment → fiche) as a real client does.
 */

export interface Reply {
  status: number
  type: string
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the tests
  body: any
}

export type Call = (method: string, path: string, body?: unknown) => Promise<Reply>

/** Requests to `baseUrl` as the holder of `cookie`; a network failure rejects (the outcome is unknown). */
export const apiClient =
  (baseUrl: string, cookie: string, timeoutMs = 15_000): Call =>
  async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await res.text()
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
    }
  }

/** Data a submission accepts on the minimal template's `fat` fiche; `n` makes each write distinct. */
export const validFat = (n: number) => ({ sexe: 'M', poids_kg: 1 + (n % 399), ucd: '9000001' })

/** Opens a `fat` fiche for a new patient of `establishmentId` through the API; returns its view. */
export async function openFiche(call: Call, establishmentId: string, programme: string, data: object = {}) {
  const expectStatus = (reply: Reply, status: number, what: string) => {
    if (reply.status !== status) throw new Error(`${what} : ${reply.status} ${JSON.stringify(reply.body)}`)
    return reply.body
  }
  const patient = expectStatus(await call('POST', '/api/patients', { establishmentId }), 201, 'patient')
  const enrolment = expectStatus(
    await call('POST', '/api/enrolments', { patientId: patient.id, programme }),
    201,
    'inclusion',
  )
  return expectStatus(
    await call('POST', '/api/fiches', { enrolmentId: enrolment.id, ficheId: 'fat', data }),
    201,
    'fiche',
  ) as { id: string; head: { id: string; seq: number; data: Record<string, unknown> } }
}
