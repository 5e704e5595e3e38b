/**
 * Seeds a database for demonstration: the demo directory and patients through the domain commands, then
 * every shipped template under put-templates/ (published by the lab; a template refused by the checks is
 * reported and skipped). Idempotent: an already seeded directory or published version is left alone.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { findOrganisationByName, findUserByEmail } from '../db/queries/directory.ts'
import { findActor } from '../domain/actor.ts'
import type { Deps } from '../domain/deps.ts'
import {
  createEstablishment,
  createOrganisation,
  createUser,
  linkOidcSubject,
} from '../domain/directory/directory.ts'
import { createPatient } from '../domain/patients/create-patient.ts'
import { publishTemplate } from '../domain/templates/publish-template.ts'
import { isProblem } from '../errors.ts'
import { DEMO_ESTABLISHMENTS, DEMO_ORGANISATION, DEMO_PATIENTS, DEMO_USERS } from './demo-directory.ts'

/** The lab user who publishes the shipped templates: the programme manager, the only role that may. */
const LAB_PUBLISHER = 'admin@demo.openput.fr'

export interface SeedReport {
  directory: 'created' | 'existing'
  published: string[]
  skipped: { file: string; reason: string }[]
}

async function seedDirectory(deps: Deps) {
  const organisation = await createOrganisation(deps, DEMO_ORGANISATION)
  const establishments = new Map<string, string>()
  for (const e of DEMO_ESTABLISHMENTS) {
    // biome-ignore lint/performance/noAwaitInLoops: a handful of rows, in a stable order
    const created = await createEstablishment(deps, { finess: e.finess, name: e.name, city: e.city })
    establishments.set(e.key, created.id)
  }
  const users = await Promise.all(
    DEMO_USERS.map((u) =>
      createUser(deps, {
        email: u.email,
        displayName: u.displayName,
        rpps: u.rpps,
        oidcSubject: u.oidcSubject,
        memberships: u.roles.map((r) =>
          r.organisation
            ? { role: r.role, organisationId: organisation.id }
            : { role: r.role, establishmentId: establishments.get(r.establishment!)! },
        ),
      }),
    ),
  )
  const staffOf = (establishmentId: string) =>
    users.find((u) => u.memberships.some((m) => m.establishment_id === establishmentId))
  await Promise.all(
    DEMO_PATIENTS.map(async (key) => {
      const establishmentId = establishments.get(key)!
      const actor = await findActor(deps.db, staffOf(establishmentId)!.id)
      return createPatient(deps, { actor: actor!, establishmentId })
    }),
  )
}

/** Demo data seeded before sign-in existed gets its subjects, so the development provider lists it. */
async function linkDemoSubjects(deps: Deps) {
  await Promise.all(
    DEMO_USERS.map(async (u) => {
      const user = await findUserByEmail(deps.db, u.email)
      if (user && !user.oidc_subject) await linkOidcSubject(deps, { userId: user.id, subject: u.oidcSubject })
    }),
  )
}

async function templateFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true })
    return entries
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .sort()
  } catch {
    return []
  }
}

export async function seedDemo(deps: Deps, templatesDir: string): Promise<SeedReport> {
  const existing = await findOrganisationByName(deps.db, DEMO_ORGANISATION.name)
  if (!existing) await seedDirectory(deps)
  else await linkDemoSubjects(deps)
  const labUser = await findUserByEmail(deps.db, LAB_PUBLISHER)
  const actor = labUser ? await findActor(deps.db, labUser.id) : undefined
  const report: SeedReport = { directory: existing ? 'existing' : 'created', published: [], skipped: [] }
  if (!actor) return report
  for (const file of await templateFiles(templatesDir)) {
    const name = relative(templatesDir, file)
    try {
      // biome-ignore lint/performance/noAwaitInLoops: versions of a programme must publish in file order
      const version = await publishTemplate(deps, { actor, yaml: await readFile(file, 'utf8') })
      report.published.push(`${version.programme} ${version.version}`)
    } catch (error) {
      if (!isProblem(error)) throw error
      report.skipped.push({ file: name, reason: error.code })
    }
  }
  return report
}
