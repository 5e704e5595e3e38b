/**
 * Test harness: a fresh, migrated database per suite on every backend under test (PGlite always; also
 * Postgres when DATABASE_URL is set, in a new database created from that URL and dropped at the end),
 * and fixtures built through the domain commands, never raw SQL.
 */

import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import pg from 'pg'
import { createApp } from '../src/app.ts'
import { openDatabase } from '../src/db/connect.ts'
import type { Db } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { designate } from '../src/domain/access/designations.ts'
import { type Actor, findActor } from '../src/domain/actor.ts'
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../src/domain/auth/session-policy.ts'
import { openSession } from '../src/domain/auth/sessions.ts'
import { createDeps, type Deps } from '../src/domain/deps.ts'
import { createEstablishment, createOrganisation, createUser } from '../src/domain/directory/directory.ts'
import { createFiche } from '../src/domain/fiches/create-fiche.ts'
import { createPatient } from '../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../src/domain/patients/enrol-patient.ts'
import { publishTemplate } from '../src/domain/templates/publish-template.ts'
import type { PdfRenderer } from '../src/external/pdf.ts'
import type { AuthOptions } from '../src/http/auth-options.ts'
import { SESSION_COOKIE_NAME } from '../src/http/session-cookie.ts'

export type BackendName = 'pglite' | 'postgres'

export interface TestDatabase {
  backend: BackendName
  /** The Postgres URL of the test database (undefined on PGlite). */
  url?: string
  db: Db
  deps: Deps
  close(): Promise<void>
}

/** PGlite always; Postgres too when DATABASE_URL is set (the lead runs the suite both ways). */
export const BACKENDS: BackendName[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

/**
 * Drops a test database once the pool's backends are gone. Not `with (force)`: killing a backend that a
 * pool client is still closing surfaces as an uncaught 57P01 in the test run.
 */
async function dropDatabase(baseUrl: string, name: string) {
  const dropper = new pg.Client({ connectionString: baseUrl })
  await dropper.connect()
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        // biome-ignore lint/performance/noAwaitInLoops: retry until the closed pool's backends have exited
        await dropper.query(`drop database if exists ${name}`)
        return
      } catch (error) {
        // 55006: still being accessed by other users (backends exiting)
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  } finally {
    await dropper.end()
  }
}

/** Creates `openput_test_<random>` next to the database `baseUrl` names, migrated; dropped on close. */
export async function openPostgresTestDatabase(baseUrl: string, poolSize = 10): Promise<TestDatabase> {
  const name = `openput_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  const opened = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize })
  await migrateToLatest(opened.db)
  return {
    backend: 'postgres',
    url: url.toString(),
    db: opened.db,
    deps: createDeps(opened.db),
    close: async () => {
      await opened.close()
      await dropDatabase(baseUrl, name)
    },
  }
}

export async function openTestDatabase(backend: BackendName): Promise<TestDatabase> {
  if (backend === 'postgres') return openPostgresTestDatabase(process.env.DATABASE_URL!)
  const opened = await openDatabase({ kind: 'pglite' })
  await migrateToLatest(opened.db)
  return { backend, db: opened.db, deps: createDeps(opened.db), close: opened.close }
}

export const MINIMAL_TEMPLATE = readFileSync(
  new URL('../../designer/test/fixtures/minimal.yaml', import.meta.url),
  'utf8',
)

/** The minimal template under another programme slug and/or version. */
export const templateVariant = (programme: string, version = '1.0') =>
  MINIMAL_TEMPLATE.replace(/^programme: .*$/m, `programme: ${programme}`).replace(
    /^version: .*$/m,
    `version: "${version}"`,
  )

export interface World {
  lab: Actor
  prescriberA: Actor
  pnmA: Actor
  prescriberB: Actor
  outsider: Actor
  establishmentA: string
  establishmentB: string
  templateVersionId: string
  programme: string
  organisationId: string
}

let finessCounter = 0
const nextFiness = () =>
  `75${String(Date.now() % 1e5).padStart(5, '0')}${String(++finessCounter).padStart(2, '0')}`

/** A lab with a published programme, two establishments and their staff, all through the domain. */
export async function buildWorld(deps: Deps, programme = 'testmab-aap'): Promise<World> {
  const suffix = randomBytes(4).toString('hex')
  const org = await createOrganisation(deps, { name: `Laboratoire ${suffix}`, kind: 'lab' })
  const a = await createEstablishment(deps, { finess: nextFiness(), name: `CHU A ${suffix}`, city: 'Lyon' })
  const b = await createEstablishment(deps, { finess: nextFiness(), name: `CH B ${suffix}`, city: 'Nantes' })
  const user = async (name: string, memberships: Parameters<typeof createUser>[1]['memberships']) => {
    const created = await createUser(deps, {
      email: `${name}.${suffix}@test.openput.fr`,
      displayName: name,
      memberships,
    })
    return (await findActor(deps.db, created.id))!
  }
  const [lab, prescriberA, pnmA, prescriberB, outsider] = await Promise.all([
    user('lab', [
      // the tool manager publishes; the data manager transcribes (C2.1)
      { role: 'programme-manager', organisationId: org.id },
      { role: 'data-manager', organisationId: org.id },
    ]),
    user('prescriber-a', [{ role: 'prescriber', establishmentId: a.id }]),
    user('pnm-a', [{ role: 'pnm', establishmentId: a.id }]),
    user('prescriber-b', [{ role: 'prescriber', establishmentId: b.id }]),
    user('outsider', []),
  ])
  const slug = `${programme}-${suffix}`
  const version = await publishTemplate(deps, { actor: lab!, yaml: templateVariant(slug) })
  // C5.2, C5.4: prescriber A's first FAT is their treatment-access request, and they designate PNM A.
  const patient = await createPatient(deps, { actor: prescriberA!, establishmentId: a.id })
  const enrolment = await enrolPatient(deps, { actor: prescriberA!, patientId: patient.id, programme: slug })
  await createFiche(deps, { actor: prescriberA!, enrolmentId: enrolment.id, ficheId: 'fat', data: {} })
  await designate(deps, {
    actor: prescriberA!,
    establishmentId: a.id,
    programme: slug,
    designeeId: pnmA!.id,
    designeeRole: 'pnm',
  })
  return {
    organisationId: org.id,
    lab: lab!,
    prescriberA: prescriberA!,
    pnmA: pnmA!,
    prescriberB: prescriberB!,
    outsider: outsider!,
    establishmentA: a.id,
    establishmentB: b.id,
    templateVersionId: version.id,
    programme: slug,
  }
}

/** A new patient of `establishmentId`, created and enrolled in `programme` by `actor`: the enrolment. */
export async function enrolNewPatient(deps: Deps, actor: Actor, establishmentId: string, programme: string) {
  const patient = await createPatient(deps, { actor, establishmentId })
  return enrolPatient(deps, { actor, patientId: patient.id, programme })
}

/** Row counts of every table that a refused request must leave untouched. */
export async function countRows(db: Db) {
  const tables = [
    'programmes',
    'template_versions',
    'template_fiches',
    'patients',
    'enrolments',
    'fiche_instances',
    'fiche_revisions',
    'audit_events',
    'idempotency_keys',
  ] as const
  const counts = await Promise.all(
    tables.map(
      async (t) =>
        [
          t,
          Number(
            (await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db)).rows[0]!.n,
          ),
        ] as const,
    ),
  )
  return Object.fromEntries(counts)
}

/**
 * The fiches whose row disagrees with its head revision about the head facts (missing count, own date:
 * the value of the published fiche's date item when it is a calendar day). Every write path keeps them
 * together, so a test that wrote through the domain expects none.
 */
export async function headFactsDrift(db: Db) {
  const { rows } = await sql<{ id: string; stored: unknown; expected: unknown }>`
    select fi.id, json_build_array(fi.head_missing_count, fi.head_date) as stored,
      json_build_array(hr.missing_count, case when hr.data ->> tf.date_item ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
        then hr.data ->> tf.date_item end) as expected
    from fiche_instances fi
    join template_fiches tf on tf.template_version_id = fi.template_version_id and tf.fiche_id = fi.fiche_id
    left join fiche_revisions hr on hr.id = fi.head_revision_id
    where fi.head_missing_count is distinct from hr.missing_count
      or fi.head_date is distinct from (case when hr.data ->> tf.date_item ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
        then hr.data ->> tf.date_item end)`.execute(db)
  return rows
}

/**
 * Signs `actor` in through the domain command the OIDC callback uses (no test-only route exists) and
 * returns the Cookie header value that carries the session.
 */
export async function openTestSession(
  deps: Deps,
  actor: Pick<Actor, 'id'>,
  options: { now?: Date; policy?: SessionPolicy } = {},
) {
  const now = options.now ?? new Date()
  const { token, session } = await openSession(
    deps,
    { userId: actor.id, authTime: now, acr: 'eidas1', idToken: null },
    options.policy ?? DEFAULT_SESSION_POLICY,
    now,
  )
  return { cookie: `${SESSION_COOKIE_NAME}=${token}`, token, sessionId: session.id }
}

/**
 * A PDF engine double for tests about routing and access only: answers with the HTML it was given. The
 * real Chromium engine is tested in printing.test.ts.
 */
export const HTML_AS_PDF: PdfRenderer = {
  isAvailable: () => true,
  renderPdf: async (html) => new TextEncoder().encode(html) as Uint8Array<ArrayBuffer>,
  close: async () => {},
}

/** The app over a test database, and a request helper that acts as a given user (one session each). */
export function testClient(
  deps: Deps,
  limits?: { templateBytes?: number; ficheBytes?: number },
  auth?: AuthOptions,
) {
  const app = createApp({ deps, pdf: HTML_AS_PDF, ...(limits ? { limits } : {}), ...(auth ? { auth } : {}) })
  const sessions = new Map<string, Promise<string>>()
  const cookieFor = (actor: Actor) => {
    let cookie = sessions.get(actor.id)
    if (!cookie) {
      cookie = openTestSession(deps, actor).then((s) => s.cookie)
      sessions.set(actor.id, cookie)
    }
    return cookie
  }
  const request = async (
    actor: Actor | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request(path, {
      method,
      headers: {
        ...(actor ? { cookie: await cookieFor(actor) } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    })
  return { app, request }
}
