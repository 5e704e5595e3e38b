/**
 * Typed calls and shapes for the patient records' screens: patients and their enrolments, opening fiches,
 * signatures, queries, follow-up (patient list, timeline, dashboard; docs/follow-up.md), the template's
 * documents, and the print links. Keep in step with packages/server/src/http/.
 */
import { api, newIdempotencyKey } from './client.ts'
import type { Fiche, FicheData, Signature } from './types.ts'

const enc = encodeURIComponent

// ---------------------------------------------------------------- patients, enrolments, fiches

export interface Patient {
  id: string
  establishmentId: string
  createdAt: string
  enrolments: { id: string; programmeId: string; registrationNumber: string | null }[]
}

export interface Enrolment {
  id: string
  patientId: string
  programmeId: string
  programme: string
  registrationNumber: string | null
  createdAt: string
}

export const createPatient = (establishmentId: string, idempotencyKey = newIdempotencyKey()) =>
  api.post<Patient>('/patients', { establishmentId }, { idempotencyKey })

export const enrolPatient = (
  body: { patientId: string; programme: string; registrationNumber?: string },
  idempotencyKey = newIdempotencyKey(),
) => api.post<Enrolment>('/enrolments', body, { idempotencyKey })

export const openFiche = (
  body: {
    enrolmentId: string
    ficheId: string
    templateVersionId?: string
    plannedVisitId?: string
    indicationId?: string
    data?: FicheData
  },
  idempotencyKey = newIdempotencyKey(),
) => api.post<Fiche>('/fiches', body, { idempotencyKey })

// ---------------------------------------------------------------- signatures (C5.5)

export const signFiche = (ficheId: string, revisionId: string, role: 'prescriber' | 'pharmacist') =>
  api.post<Signature>(`/fiches/${enc(ficheId)}/signatures`, { revisionId, role })

/** The server's re-authentication, coming back to `returnTo` (a path of this app). */
export const stepUpUrl = (returnTo: string) => `/auth/step-up?returnTo=${enc(returnTo)}`

// ---------------------------------------------------------------- data-clarification queries

export type QueryStatus = 'open' | 'answered' | 'closed'

export interface DataQuery {
  id: string
  ficheInstanceId: string
  enrolmentId: string
  itemPath: string
  revisionId: string
  status: QueryStatus
  raisedBy: string
  createdAt: string
  updatedAt: string
  messages: {
    id: string
    authorId: string
    kind: 'raise' | 'answer' | 'close' | 'reopen'
    text: string | null
    createdAt: string
  }[]
}

export const listQueries = (status?: QueryStatus) =>
  api.get<DataQuery[]>(`/queries${status ? `?status=${status}` : ''}`)

export const listFicheQueries = (ficheId: string) => api.get<DataQuery[]>(`/fiches/${enc(ficheId)}/queries`)

export const raiseQuery = (ficheId: string, itemPath: string, text: string) =>
  api.post<DataQuery>(`/fiches/${enc(ficheId)}/queries`, { itemPath, text })

export const answerQuery = (queryId: string, text: string) =>
  api.post<DataQuery>(`/queries/${enc(queryId)}/answers`, { text })

/** The lab's data manager closes a query (answered or not) or reopens a closed one. */
export const moveQuery = (queryId: string, move: 'close' | 'reopen', text?: string) =>
  api.post<DataQuery>(`/queries/${enc(queryId)}/${move}`, text ? { text } : {})

/** The item a query is about: the first segment of its JSON pointer, unescaped (RFC 6901). */
export const queryItem = (itemPath: string) =>
  (itemPath.split('/')[1] ?? '').replaceAll('~1', '/').replaceAll('~0', '~')

// ---------------------------------------------------------------- prefilled values (C8.1)

/** A value prefilled from another programme's fiche (AAC → AAP), and whether the user confirmed it. */
export interface PrefillMark {
  item: string
  value: unknown
  fromFicheRevisionId: string
  sourceItem: string
  confirmed: boolean
  confirmedBy: string | null
  confirmedAt: string | null
}

export const listPrefillMarks = (ficheId: string) => api.get<PrefillMark[]>(`/fiches/${enc(ficheId)}/prefill`)

/** The user confirms prefilled values as still accurate; answers every mark of the fiche. */
export const confirmPrefill = (ficheId: string, items: string[]) =>
  api.post<PrefillMark[]>(`/fiches/${enc(ficheId)}/prefill/confirmations`, { items })

// ---------------------------------------------------------------- follow-up (C7.1, C7.2, C7.3, C10.4)

export type VisitState = 'done' | 'due' | 'overdue' | 'upcoming'

export interface PlannedVisit {
  key: string
  visitId: string
  occurrence: number
  label: string
  ficheId: string
  dueDate: string
  windowStart: string
  windowEnd: string
  state: VisitState
  fiche: null | { id: string; status: 'draft' | 'submitted'; date: string | null; late: boolean }
}

export interface MissingData {
  count: number
  total: number
  rate: number
}

export type Treatment = 'not-initiated' | 'on-treatment' | 'stopped'

export interface ProgrammeRef {
  id: string
  slug: string
  name: string
}

export interface PatientListItem {
  patientId: string
  enrolmentId: string
  establishmentId: string
  registrationNumber: string | null
  createdAt: string
  fat: { ficheInstanceId: string | null; state: 'none' | 'draft' | 'submitted' | 'signed' }
  initiationDate: string | null
  treatment: Treatment
  stopDate: string | null
  nextVisit: PlannedVisit | null
  overdueCount: number
  openQueriesCount: number
}

export interface PatientList {
  programme: ProgrammeRef
  asOf: string
  items: PatientListItem[]
  nextCursor: string | null
}

export const listPatients = (params: { programme: string; establishment?: string; cursor?: string }) => {
  const query = new URLSearchParams({ programme: params.programme })
  if (params.establishment) query.set('establishment', params.establishment)
  if (params.cursor) query.set('cursor', params.cursor)
  return api.get<PatientList>(`/patients?${query}`)
}

export interface EnteredBy {
  establishmentId: string
  establishmentName: string
  authorId: string
  authorName: string
  source: 'direct' | 'transcription' | 'migration'
}

export interface TimelineFiche {
  id: string
  ficheId: string
  kind: string
  title: string
  templateVersionId: string
  version: string
  status: 'draft' | 'submitted'
  plannedVisitKey: string | null
  date: string | null
  missing: MissingData
  openQueries: number
  createdAt: string
  enteredBy: EnteredBy
  revisions: (EnteredBy & {
    id: string
    seq: number
    kind: 'draft' | 'submission'
    createdAt: string
    missingCount: number
  })[]
}

export interface Timeline {
  enrolmentId: string
  patientId: string
  programme: ProgrammeRef
  registrationNumber: string | null
  asOf: string
  initiationDate: string | null
  treatment: Treatment
  stopDate: string | null
  custody: { establishmentId: string; establishmentName: string; from: string | null; to: string | null }[]
  visits: PlannedVisit[]
  missingFiches: number
  fiches: TimelineFiche[]
}

export const getTimeline = (enrolmentId: string) =>
  api.get<Timeline>(`/enrolments/${enc(enrolmentId)}/timeline`)

export interface Dashboard {
  programme: ProgrammeRef
  asOf: string
  notice: string
  counts: {
    patients: number
    overdueVisits: number
    dueVisits: number
    fichesWithMissingData: number
    openQueries: number
  }
  overdueVisits?: {
    items: {
      enrolmentId: string
      patientId: string
      registrationNumber: string | null
      establishmentId: string
      visit: PlannedVisit
      daysOverdue: number
    }[]
    nextCursor: string | null
  }
  fichesWithMissingData?: {
    items: {
      ficheInstanceId: string
      enrolmentId: string
      patientId: string
      registrationNumber: string | null
      ficheId: string
      title: string
      status: 'draft' | 'submitted'
      missing: MissingData
      updatedAt: string
    }[]
    nextCursor: string | null
  }
  openQueries?: {
    items: {
      queryId: string
      ficheInstanceId: string
      enrolmentId: string
      registrationNumber: string | null
      ficheId: string
      itemPath: string
      status: string
      createdAt: string
    }[]
    nextCursor: string | null
  }
}

export const getDashboard = (programme: string) =>
  api.get<Dashboard>(`/dashboard?programme=${enc(programme)}`)

// ---------------------------------------------------------------- documents and access rules (C1.4, C5.1)

export type AccessLevel = 'none' | 'read' | 'entry' | 'entry-sign'

export interface TemplateDocuments {
  templateVersionId: string
  programme: string
  version: string
  userGuide: { title: string; content: string } | null
  resources: { id: string; title: string; kind: string; content: string }[]
  indications: {
    id: string
    label: string
    access: 'shared' | 'distinct'
    accessDescription: string | null
  }[]
  ficheAccess: {
    ficheId: string
    kind: string
    title: string
    signers: string[]
    access: { prescriber: AccessLevel; pharmacist: AccessLevel; pnm: AccessLevel }
  }[]
}

export const getDocuments = (templateVersionId: string) =>
  api.get<TemplateDocuments>(`/template-versions/${enc(templateVersionId)}/documents`)

// ---------------------------------------------------------------- printing (C2.1, C6.2)

/** Blank fiches of a version for paper use; one fiche with `ficheId`. */
export const blankFichesPdfUrl = (templateVersionId: string, ficheId?: string) =>
  `/api/template-versions/${enc(templateVersionId)}/print.pdf${ficheId ? `?fiche=${enc(ficheId)}` : ''}`

/** A filled fiche with its signatures (the export is audited). */
export const fichePdfUrl = (ficheId: string) => `/api/fiches/${enc(ficheId)}/print.pdf`
