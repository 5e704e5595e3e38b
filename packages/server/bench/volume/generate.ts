/**
 * National-scale data through the domain layer: the same commands as the API (create establishment, user,
 * patient, enrol, open fiche, save/submit, sign), with their access rules, validation, revisions and audit
 * rows; no SQL shortcut. At scale 1: one programme (examplimab-aap, v1.0 then v2.0 published) with 20,000
 * patients in 300 establishments and about 12 fiches each, and 49 smaller programmes on the same platform.
 * Deterministic from the seed (each patient's PRNG is seeded from its programme and index), dates relative
 * to a fixed "now", a few concurrent workers. The CLI is bench/generate-volume.ts.
 */
import { readFileSync } from 'node:fs'
import { compileTemplate, parseTemplate, type Template } from '@openput/designer'
import { type Actor, findActor } from '../../src/domain/actor.ts'
import type { Deps } from '../../src/domain/deps.ts'
import { createEstablishment, createOrganisation, createUser } from '../../src/domain/directory/directory.ts'
import { createFiche } from '../../src/domain/fiches/create-fiche.ts'
import { saveFiche } from '../../src/domain/fiches/save-fiche.ts'
import { createPatient } from '../../src/domain/patients/create-patient.ts'
import { enrolPatient } from '../../src/domain/patients/enrol-patient.ts'
import { signFiche } from '../../src/domain/signatures/sign-fiche.ts'
import { publishTemplate } from '../../src/domain/templates/publish-template.ts'
import { type FicheFiller, ficheFiller } from './fiche-filler.ts'
import { type PatientStory, patientStory, type ScheduleModel, type StoryFiches } from './patient-story.ts'
import { type Rng, rng, seedOf } from './prng.ts'

/** The fixed "now" every generated date is relative to (the dashboards are measured at this date). */
export const VOLUME_NOW = '2026-11-23'

const TEMPLATES = new URL('../../../../put-templates/', import.meta.url)
const readTemplate = (path: string) => readFileSync(new URL(path, TEMPLATES), 'utf8')

export interface VolumeOptions {
  /** 1 = national scale (20,000 patients in 300 establishments for the main programme). */
  scale: number
  seed: number
  workers: number
  now?: string
  onProgress?: (p: VolumeProgress) => void
}

export interface VolumeProgress {
  phase: 'directory' | 'templates' | 'patients' | 'done'
  patientsDone: number
  patientsTotal: number
  fiches: number
  revisions: number
  commands: number
  seconds: number
}

export interface ProgrammePlan {
  slug: string
  /** Template files published in order (the last is the one fiches are opened on). */
  files: string[]
  patients: number
  /** Indexes of the establishments that take part. */
  establishments: number[]
}

export interface VolumePlan {
  establishments: number
  programmes: ProgrammePlan[]
}

export const MAIN_PROGRAMME = 'examplimab-aap'

/** How many patients, establishments and programmes a scale means; deterministic from the seed. */
export function planVolume(scale: number, seed: number): VolumePlan {
  const r = rng(seedOf(seed, 'plan'))
  const establishments = Math.max(3, Math.round(300 * scale))
  const all = Array.from({ length: establishments }, (_, i) => i)
  const programmes: ProgrammePlan[] = [
    {
      slug: MAIN_PROGRAMME,
      files: ['examplimab-aap/1.0.yaml', 'examplimab-aap/2.0.yaml'],
      patients: Math.max(10, Math.round(20_000 * scale)),
      establishments: all,
    },
  ]
  for (let k = 2; k <= 50; k++) {
    const aac = k % 2 === 0
    // Smaller programmes: 20 to 300 patients at scale 1, in 3 to 60 establishments.
    const patients = Math.max(2, Math.round(r.int(20, 300) * scale))
    const count = Math.min(establishments, Math.max(1, Math.round(r.int(3, 60) * Math.min(1, scale * 4))))
    const start = r.int(0, establishments - 1)
    programmes.push({
      slug: `${aac ? 'fictivanib-aac' : 'examplimab-aap'}-p${String(k).padStart(2, '0')}`,
      files: [aac ? 'fictivanib-aac/1.0.yaml' : 'examplimab-aap/2.0.yaml'],
      patients,
      establishments: Array.from({ length: count }, (_, i) => (start + i * 7) % establishments),
    })
  }
  return { establishments, programmes }
}

interface Staff {
  id: string
  prescribers: Actor[]
  pharmacist: Actor
}

interface PublishedProgramme {
  plan: ProgrammePlan
  schedule: ScheduleModel
  fiches: StoryFiches
  fillers: Map<string, FicheFiller>
}

/** A bounded pool: `workers` tasks at a time, in order; the first failure stops the run. */
async function pool<T>(items: T[], workers: number, task: (item: T, index: number) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        // biome-ignore lint/performance/noAwaitInLoops: each worker runs its tasks one after the other
        await task(items[i]!, i)
      }
    }),
  )
}

const finessOf = (i: number) =>
  `75${String(1_000_000 + i)
    .slice(1)
    .padStart(7, '0')}`

function publishedModel(
  yaml: string,
  slug: string,
): { template: Template; fillers: Map<string, FicheFiller> } {
  const parsed = parseTemplate(yaml)
  if (!parsed.ok) throw new Error(`volume: ${slug} does not parse`)
  const { template } = parsed.value
  const compiled = compileTemplate(template)
  return { template, fillers: new Map(compiled.fiches.map((f) => [f.ficheId, ficheFiller(f)])) }
}

const withSlug = (yaml: string, slug: string) => yaml.replace(/^programme: .*$/m, `programme: ${slug}`)

export interface VolumeSummary {
  plan: VolumePlan
  patients: number
  fiches: number
  revisions: number
  signatures: number
  commands: number
  seconds: number
  byProfile: Record<string, number>
  byOutcome: Record<string, number>
}

export async function generateVolume(deps: Deps, options: VolumeOptions): Promise<VolumeSummary> {
  const now = options.now ?? VOLUME_NOW
  const plan = planVolume(options.scale, options.seed)
  const started = performance.now()
  const counts = { patientsDone: 0, fiches: 0, revisions: 0, signatures: 0, commands: 0 }
  const byProfile: Record<string, number> = {}
  const byOutcome: Record<string, number> = {}
  const patientsTotal = plan.programmes.reduce((n, p) => n + p.patients, 0)
  const report = (phase: VolumeProgress['phase']) =>
    options.onProgress?.({ phase, patientsTotal, ...counts, seconds: (performance.now() - started) / 1000 })

  // Directory: the CRO and its lab user, then each establishment with two prescribers and a pharmacist.
  const organisation = await createOrganisation(deps, { name: `CRO volume ${options.seed}`, kind: 'cro' })
  const labUser = await createUser(deps, {
    email: `lab.volume@cro.openput.fr`,
    displayName: 'Gestionnaire des programmes',
    memberships: [
      { role: 'programme-manager', organisationId: organisation.id },
      { role: 'data-manager', organisationId: organisation.id },
    ],
  })
  const lab = (await findActor(deps.db, labUser.id))!
  const staff: Staff[] = new Array(plan.establishments)
  await pool(
    Array.from({ length: plan.establishments }, (_, i) => i),
    options.workers,
    async (i) => {
      const e = await createEstablishment(deps, {
        finess: finessOf(i),
        name: `Centre hospitalier ${i + 1}`,
        city: `Ville ${i + 1}`,
      })
      const user = async (name: string, role: 'prescriber' | 'pharmacist') => {
        const created = await createUser(deps, {
          email: `${name}.e${i + 1}@ch.openput.fr`,
          displayName: `${name} ${i + 1}`,
          memberships: [{ role, establishmentId: e.id }],
        })
        return (await findActor(deps.db, created.id))!
      }
      staff[i] = {
        id: e.id,
        prescribers: [await user('prescripteur1', 'prescriber'), await user('prescripteur2', 'prescriber')],
        pharmacist: await user('pharmacien', 'pharmacist'),
      }
      counts.commands += 4
    },
  )
  report('directory')

  // Programmes: each template published by the lab, through the same checks and compiler as the API.
  const programmes: PublishedProgramme[] = []
  for (const p of plan.programmes) {
    let model: ReturnType<typeof publishedModel> | undefined
    for (const file of p.files) {
      const yaml = withSlug(readTemplate(file), p.slug)
      // biome-ignore lint/performance/noAwaitInLoops: versions of a programme publish in order
      await publishTemplate(deps, { actor: lab, yaml })
      counts.commands++
      model = publishedModel(yaml, p.slug)
    }
    const { template, fillers } = model!
    const ficheOfKind = (kind: string) => template.fiches.find((f) => f.kind === kind)?.id
    const schedule = template.schedule as ScheduleModel
    programmes.push({
      plan: p,
      schedule,
      fillers,
      fiches: {
        fat: ficheOfKind('fat')!,
        anchor: schedule.anchor.fiche,
        stop: ficheOfKind('arret'),
        adverseEvent: ficheOfKind('ei'),
      },
    })
  }
  report('templates')

  // Patients: programmes interleaved so that every worker keeps writing to all of them.
  const tasks = programmes.flatMap((programme) =>
    Array.from({ length: programme.plan.patients }, (_, index) => ({ programme, index })),
  )
  const order = rng(seedOf(options.seed, 'order'))
  for (let i = tasks.length - 1; i > 0; i--) {
    const j = order.int(0, i)
    ;[tasks[i], tasks[j]] = [tasks[j]!, tasks[i]!]
  }
  const timer = setInterval(() => report('patients'), 5000)
  try {
    await pool(tasks, options.workers, async ({ programme, index }) => {
      const r = rng(seedOf(options.seed, programme.plan.slug, index))
      const story = patientStory(r, programme.schedule, programme.fiches, now)
      byProfile[story.profile] = (byProfile[story.profile] ?? 0) + 1
      const establishment = staff[pickEstablishment(r, programme.plan.establishments)]!
      await writePatient(deps, { programme, establishment, story, rng: r, index, counts, byOutcome })
      counts.patientsDone++
    })
  } finally {
    clearInterval(timer)
  }
  report('done')
  return {
    plan,
    patients: patientsTotal,
    ...counts,
    seconds: (performance.now() - started) / 1000,
    byProfile,
    byOutcome,
  }
}

/** Establishments are not all the same size: a few university hospitals take many more patients. */
function pickEstablishment(r: Rng, establishments: number[]) {
  const u = r.next()
  return establishments[Math.min(establishments.length - 1, Math.floor(u * u * establishments.length))]!
}

interface PatientWrite {
  programme: PublishedProgramme
  establishment: Staff
  story: PatientStory
  rng: Rng
  index: number
  counts: { fiches: number; revisions: number; signatures: number; commands: number }
  byOutcome: Record<string, number>
}

async function writePatient(deps: Deps, w: PatientWrite) {
  const { programme, establishment, story, rng: r, counts } = w
  const prescriber = r.pick(establishment.prescribers)
  const patient = await createPatient(deps, { actor: prescriber, establishmentId: establishment.id })
  const enrolment = await enrolPatient(deps, {
    actor: prescriber,
    patientId: patient.id,
    programme: programme.plan.slug,
    ...(story.fat.outcome === 'signed'
      ? {
          registrationNumber: `${programme.plan.slug.slice(0, 3).toUpperCase()}-${String(w.index + 1).padStart(6, '0')}`,
        }
      : {}),
  })
  counts.commands += 2
  const fill = (ficheId: string, date: string, fixed: Record<string, unknown> = {}) => {
    const filler = programme.fillers.get(ficheId)
    if (!filler) throw new Error(`volume: ${programme.plan.slug} has no fiche ${ficheId}`)
    const own = filler.ownDateItem
    return { filler, data: filler.complete(r, date, { ...(own ? { [own]: date } : {}), ...fixed }) }
  }
  const open = async (ficheId: string, data: Record<string, unknown>, plannedVisitId?: string) => {
    counts.commands++
    counts.fiches++
    counts.revisions++
    return createFiche(deps, {
      actor: prescriber,
      enrolmentId: enrolment.id,
      ficheId,
      data,
      ...(plannedVisitId ? { plannedVisitId } : {}),
    })
  }
  const write = async (
    fiche: { id: string; head: { id: string } },
    mode: 'draft' | 'submit',
    data?: object,
  ) => {
    counts.commands++
    counts.revisions++
    return saveFiche(deps, {
      actor: prescriber,
      ficheInstanceId: fiche.id,
      baseRevisionId: fiche.head.id,
      mode,
      ...(data ? { data: data as Record<string, unknown> } : {}),
    })
  }

  // The FAT: the access request; submitted and signed by the prescriber and the pharmacist (C5.2).
  const { filler: fatFiller, data: fatData } = fill(programme.fiches.fat, story.requestDate)
  if (story.fat.outcome === 'pending') {
    await open(programme.fiches.fat, withoutSome(r, fatData, fatFiller.required))
    w.byOutcome.incomplete = (w.byOutcome.incomplete ?? 0) + 1
    return
  }
  const fat = await write(await open(programme.fiches.fat, fatData), 'submit')
  const signedAt = new Date()
  for (const [actor, role] of [
    [prescriber, 'prescriber'],
    [establishment.pharmacist, 'pharmacist'],
  ] as const) {
    // biome-ignore lint/performance/noAwaitInLoops: the pharmacist cosigns after the prescriber
    await signFiche(deps, {
      actor,
      session: { authTime: signedAt },
      ficheInstanceId: fat.id,
      revisionId: fat.head.id,
      role,
      method: 'electronic',
      now: signedAt,
    })
    counts.commands++
    counts.signatures++
  }

  for (const planned of story.fiches) {
    const { filler, data } = fill(planned.ficheId, planned.date)
    w.byOutcome[planned.outcome] = (w.byOutcome[planned.outcome] ?? 0) + 1
    if (planned.outcome === 'incomplete') {
      // biome-ignore lint/performance/noAwaitInLoops: a patient's fiches are written in date order
      await open(planned.ficheId, withoutSome(r, data, filler.required), planned.plannedVisitId)
    } else if (planned.outcome === 'corrected') {
      const draft = await open(planned.ficheId, withoutSome(r, data, filler.required), planned.plannedVisitId)
      await write(await write(draft, 'draft', data), 'submit')
    } else {
      await write(await open(planned.ficheId, data, planned.plannedVisitId), 'submit')
    }
  }
}

/** A draft as users leave them: one to three required items not yet filled. */
function withoutSome(r: Rng, data: Record<string, unknown>, required: string[]) {
  const present = required.filter((id) => id in data)
  const copy = { ...data }
  const count = Math.min(present.length, r.int(1, 3))
  for (let i = 0; i < count; i++)
    delete copy[present[(i * 7 + r.int(0, present.length - 1)) % present.length]!]
  return copy
}
