/**
 * What the runtime's guide screen shows for one template version (C1.4, C5.1): the user guide and the
 * documentary resources of the template, and each fiche's access per hospital role from the C5.5 matrix
 * (with the template's deviations), the very table the access rules enforce.
 */
import { type AccessLevel, accessOf, HospitalRoles, type Template } from '@openput/designer'
import type { Db } from '../../db/database.ts'
import { findVersionForPrint } from '../../db/queries/printing.ts'
import { problem } from '../../errors.ts'

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
    access: Record<(typeof HospitalRoles)[number], AccessLevel>
  }[]
}

export async function readDocuments(db: Db, templateVersionId: string): Promise<TemplateDocuments> {
  const version = await findVersionForPrint(db, templateVersionId)
  if (!version) throw problem('not-found', { resource: 'template-version', id: templateVersionId })
  const template = version.model as Template
  return {
    templateVersionId: version.id,
    programme: version.programme,
    version: version.version,
    userGuide: template.documents?.userGuide ?? null,
    resources: (template.documents?.resources ?? []).map(({ id, title, kind, content }) => ({
      id,
      title,
      kind,
      content,
    })),
    indications: template.metadata.indications.map((i) => ({
      id: i.id,
      label: i.label,
      access: i.access ?? 'shared',
      accessDescription: i.accessDescription ?? null,
    })),
    ficheAccess: template.fiches.map((f) => ({
      ficheId: f.id,
      kind: f.kind,
      title: f.title,
      signers: f.signatures?.required ?? [],
      access: Object.fromEntries(HospitalRoles.map((role) => [role, accessOf(f, role)])) as Record<
        (typeof HospitalRoles)[number],
        AccessLevel
      >,
    })),
  }
}
