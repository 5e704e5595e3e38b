/**
 * The roles and the lab-side permission table: who, on the organisation's side, may read records, transcribe
 * paper forms (C2.1), transfer records (C10.1) and publish templates. Hospital rights are in can.ts (C5).
 */
import type { HospitalRole, LabRole, MembershipRole } from '../../db/database.ts'

export const HOSPITAL_ROLES: readonly HospitalRole[] = ['prescriber', 'pharmacist', 'pnm']
export const LAB_ROLES: readonly LabRole[] = [
  'programme-manager',
  'data-manager',
  'monitor',
  'template-author',
  'reviewer',
]

export const isHospitalRole = (role: MembershipRole): role is HospitalRole =>
  (HOSPITAL_ROLES as readonly string[]).includes(role)

/** What a lab role may do on its own organisation's programmes. Read it as a table, one row per role. */
export interface LabPermissions {
  /** Read patients' records (pseudonymous). */
  read: boolean
  /** Enter data, always as a transcription of the establishment's forms (C2.1, C2.2). */
  transcribe: boolean
  /** Register a patient and enrol them, to transcribe their forms. */
  registerPatient: boolean
  /** Move a record to another establishment (C10.1: "le gestionnaire de l'outil"). */
  transfer: boolean
  /** Publish a template version. */
  publish: boolean
  /** Write template drafts in the designer (P2). */
  author: boolean
  /** Approve or reject a template draft (P2), never one they wrote. */
  review: boolean
  /** Move a programme's fiches to a newly published template version, after a dry run (P2). */
  migrate: boolean
  /** Export the collected data for the periodic reports (P3). */
  export: boolean
}

export const LAB_PERMISSIONS: Readonly<Record<LabRole, LabPermissions>> = {
  'programme-manager': {
    read: true,
    transcribe: false,
    registerPatient: false,
    transfer: true,
    publish: true,
    author: true,
    review: true,
    migrate: true,
    export: true,
  },
  'data-manager': {
    read: true,
    transcribe: true,
    registerPatient: true,
    transfer: false,
    publish: false,
    author: false,
    review: false,
    migrate: true,
    export: true,
  },
  monitor: {
    read: true,
    transcribe: false,
    registerPatient: false,
    transfer: false,
    publish: false,
    author: false,
    review: false,
    migrate: false,
    export: false,
  },
  'template-author': {
    read: false,
    transcribe: false,
    registerPatient: false,
    transfer: false,
    publish: false,
    author: true,
    review: false,
    migrate: false,
    export: false,
  },
  reviewer: {
    read: false,
    transcribe: false,
    registerPatient: false,
    transfer: false,
    publish: false,
    author: false,
    review: true,
    migrate: false,
    export: false,
  },
}
