/**
 * Typed calls for the core resources (session, templates, fiches). Screens with their own resources add a
 * file beside this one (e.g. `patients.ts`) rather than growing it.
 */
import { api, type RequestOptions } from './client.ts'
import type {
  Fiche,
  FicheData,
  FicheDefinition,
  FicheRead,
  FicheRevision,
  ProgrammeInfo,
  RevisionDiff,
  SessionInfo,
  TemplateVersion,
  TemplateVersionSummary,
} from './types.ts'

const enc = encodeURIComponent

export const getSession = () => api.get<SessionInfo>('/session')

export const listTemplateVersions = (programme?: string) =>
  api.get<TemplateVersionSummary[]>(`/template-versions${programme ? `?programme=${enc(programme)}` : ''}`)

export const listProgrammes = () => api.get<ProgrammeInfo[]>('/programmes')

export const getTemplateVersion = (id: string) => api.get<TemplateVersion>(`/template-versions/${enc(id)}`)

export const getFicheDefinition = (templateVersionId: string, ficheId: string) =>
  api.get<FicheDefinition>(`/template-versions/${enc(templateVersionId)}/fiches/${enc(ficheId)}`)

export const getFiche = (id: string) => api.get<FicheRead>(`/fiches/${enc(id)}`)

export const saveDraft = (
  id: string,
  baseRevisionId: string,
  data: FicheData,
  options: RequestOptions = {},
) => api.put<Fiche>(`/fiches/${enc(id)}/draft`, { baseRevisionId, data }, options)

export const submitFiche = (
  id: string,
  baseRevisionId: string,
  data: FicheData,
  options: RequestOptions = {},
) => api.post<Fiche>(`/fiches/${enc(id)}/submit`, { baseRevisionId, data }, options)

export const listRevisions = (id: string) => api.get<FicheRevision[]>(`/fiches/${enc(id)}/revisions`)

export const diffRevisions = (id: string, from: string, to: string) =>
  api.get<RevisionDiff>(`/fiches/${enc(id)}/diff?from=${enc(from)}&to=${enc(to)}`)
