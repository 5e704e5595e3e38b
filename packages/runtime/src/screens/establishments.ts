/** The establishments the signed-in user acts for as a hospital user (prescriber, pharmacist, PNM). */
import { useSession } from '../app/session.tsx'

const HOSPITAL_ROLES = new Set(['prescriber', 'pharmacist', 'pnm'])

export function usePatientEstablishments(): string[] {
  const session = useSession()
  return [
    ...new Set(
      session.memberships.flatMap((m) =>
        m.establishmentId && HOSPITAL_ROLES.has(m.role) ? [m.establishmentId] : [],
      ),
    ),
  ]
}

/** The hospital roles the user holds (what they may sign as, C5.5). */
export function useHospitalRoles(): Set<string> {
  const session = useSession()
  return new Set(session.memberships.map((m) => m.role).filter((r) => HOSPITAL_ROLES.has(r)))
}
