/**
 * The starting point of a new programme in the designer: a template with only what the lab types in the
 * creation dialog. It does not pass the model yet (no indication, no UCD): the check panel lists what to
 * fill, which is the point.
 */
import type { Template } from '../model/template-schema.ts'
import { FORMAT_VERSION } from '../model/template-schema.ts'

export interface NewProgramme {
  programme: string
  medicineName: string
  dci: string
  holder: string
  framework: Template['metadata']['framework']
  putKind: Template['metadata']['putKind']
  effectiveDate: string
}

export function newTemplate(p: NewProgramme): Template {
  return {
    openput: FORMAT_VERSION,
    programme: p.programme,
    version: '1.0',
    effectiveDate: p.effectiveDate,
    metadata: {
      medicine: { name: p.medicineName, dci: p.dci },
      holder: p.holder,
      framework: p.framework,
      putKind: p.putKind,
      decisions: [],
      indications: [],
      ucds: [],
    },
    catalogue: [],
    fiches: [],
  }
}

/** The next version of a published template: same content, new number, no change notes yet. */
export function nextVersion(template: Template, version: string, effectiveDate: string): Template {
  const { changeNotes: _notes, ...rest } = template
  return { ...rest, version, effectiveDate }
}
