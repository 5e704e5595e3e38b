import { readFileSync } from 'node:fs'
import { parseTemplate, type Schedule } from '@openput/designer'
import { describe, expect, it } from 'vitest'
import { addDuration, parseDuration, planVisits, type VisitFiche } from './planned-visits.ts'

/** The minimal fixture's schedule: M1 (−7 d / +14 d), then every 6 months from M6, without window. */
const SCHEDULE: Schedule = {
  anchor: { fiche: 'fit', item: 'date_initiation' },
  visits: [
    { id: 'm1', label: 'M1', fiche: 'suivi', offset: 'P1M', window: { before: 'P7D', after: 'P14D' } },
  ],
  repeating: [
    {
      id: 'tous_6_mois',
      label: 'Tous les 6 mois',
      fiche: 'suivi',
      every: 'P6M',
      from: 'P6M',
      window: { before: 'P1M', after: 'P1M' },
    },
  ],
}

let n = 0
const fiche = (date: string | null, extra: Partial<VisitFiche> = {}): VisitFiche => ({
  id: `f${++n}`,
  ficheId: 'suivi',
  status: 'submitted',
  plannedVisitId: null,
  date,
  createdAt: `2026-01-01T00:00:0${n % 10}Z`,
  ...extra,
})

const plan = (today: string, fiches: VisitFiche[] = [], stopDate: string | null = null) =>
  planVisits({ schedule: SCHEDULE, initiationDate: '2026-01-31', stopDate, fiches, today })

const summary = (p: ReturnType<typeof plan>) => p.visits.map((v) => `${v.key}:${v.state}`)

describe('durations and calendar arithmetic', () => {
  it.each([
    ['P14D', { months: 0, days: 14 }],
    ['P2W', { months: 0, days: 14 }],
    ['P1Y6M', { months: 18, days: 0 }],
    ['P1M2W3D', { months: 1, days: 17 }],
  ])('parses %s', (text, expected) => expect(parseDuration(text)).toEqual(expected))

  it.each([
    ['2026-01-31', 'P1M', 1, '2026-02-28'],
    ['2028-01-31', 'P1M', 1, '2028-02-29'],
    ['2026-03-31', 'P1M', -1, '2026-02-28'],
    ['2026-12-20', 'P14D', 1, '2027-01-03'],
    ['2026-01-31', 'P1Y6M', 1, '2027-07-31'],
    ['2026-03-01', 'P7D', -1, '2026-02-22'],
  ] as const)('%s %s ×%i = %s', (day, d, sign, expected) =>
    expect(addDuration(day, parseDuration(d), sign)).toBe(expected),
  )

  it('refuses what the template format does not allow', () => {
    expect(() => parseDuration('1 mois')).toThrow(RangeError)
  })
})

describe('C7.1: planned visits', () => {
  it('plans nothing before the anchor (initiation) date is known', () => {
    const p = planVisits({
      schedule: SCHEDULE,
      initiationDate: null,
      stopDate: null,
      fiches: [],
      today: '2027-01-01',
    })
    expect(p.visits).toEqual([])
    expect(
      planVisits({
        schedule: undefined,
        initiationDate: '2026-01-01',
        stopDate: null,
        fiches: [],
        today: '2027-01-01',
      }).visits,
    ).toEqual([])
  })

  it('dates fixed and repeating visits from the initiation, with their windows (month ends clamped)', () => {
    const p = plan('2026-02-01')
    expect(
      p.visits.map(({ key, label, dueDate, windowStart, windowEnd }) => ({
        key,
        label,
        dueDate,
        windowStart,
        windowEnd,
      })),
    ).toEqual([
      { key: 'm1', label: 'M1', dueDate: '2026-02-28', windowStart: '2026-02-21', windowEnd: '2026-03-14' },
      {
        key: 'tous_6_mois-1',
        label: 'Tous les 6 mois (M6)',
        dueDate: '2026-07-31',
        windowStart: '2026-06-30',
        windowEnd: '2026-08-31',
      },
    ])
  })

  it.each([
    ['2026-02-20', ['m1:upcoming', 'tous_6_mois-1:upcoming']],
    ['2026-02-21', ['m1:due', 'tous_6_mois-1:upcoming']],
    ['2026-03-14', ['m1:due', 'tous_6_mois-1:upcoming']],
    ['2026-03-15', ['m1:overdue', 'tous_6_mois-1:upcoming']],
    ['2026-09-01', ['m1:overdue', 'tous_6_mois-1:overdue', 'tous_6_mois-2:upcoming']],
  ])('on %s, without any fiche: %j', (today, expected) => expect(summary(plan(today))).toEqual(expected))

  it('keeps repeating every 6 months until the stop, one upcoming occurrence ahead', () => {
    const p = plan('2028-01-15')
    expect(p.visits.map((v) => v.dueDate)).toEqual([
      '2026-02-28',
      '2026-07-31',
      '2027-01-31',
      '2027-07-31',
      '2028-01-31',
      '2028-07-31',
    ])
    expect(p.visits.at(-2)!.state).toBe('due')
    expect(p.visits.at(-1)!.state).toBe('upcoming')
  })

  it('a submitted fiche dated inside the window makes the visit done; a draft leaves it due', () => {
    const done = fiche('2026-03-01')
    const draft = fiche('2026-07-20', { status: 'draft' })
    const p = plan('2026-07-25', [done, draft])
    expect(summary(p)).toEqual(['m1:done', 'tous_6_mois-1:due', 'tous_6_mois-2:upcoming'])
    expect(p.visits[0]!.fiche).toEqual({ id: done.id, status: 'submitted', date: '2026-03-01', late: false })
    expect(p.visits[1]!.fiche).toMatchObject({ id: draft.id, status: 'draft' })
    expect(p.matchedFiches.get(draft.id)).toBe('tous_6_mois-1')
  })

  it('a fiche submitted late (after the window, before the next one opens) answers that visit, marked late', () => {
    const late = fiche('2026-04-10')
    const p = plan('2026-05-01', [late])
    expect(summary(p)).toEqual(['m1:done', 'tous_6_mois-1:upcoming'])
    expect(p.visits[0]!.fiche).toMatchObject({ late: true })
  })

  it("a fiche dated in a later visit's window answers that one; the missed visit stays overdue", () => {
    const p = plan('2026-07-10', [fiche('2026-07-05')])
    expect(summary(p)).toEqual(['m1:overdue', 'tous_6_mois-1:done', 'tous_6_mois-2:upcoming'])
  })

  it('the visit a fiche was opened for wins over its date; a second fiche in an answered window answers nothing', () => {
    const opened = fiche('2026-04-20', { plannedVisitId: 'tous_6_mois-1' })
    const first = fiche('2026-02-25')
    const second = fiche('2026-03-01')
    const p = plan('2026-07-10', [opened, first, second])
    expect(summary(p)).toEqual(['m1:done', 'tous_6_mois-1:done', 'tous_6_mois-2:upcoming'])
    expect(p.matchedFiches.get(opened.id)).toBe('tous_6_mois-1')
    expect(p.matchedFiches.get(first.id)).toBe('m1')
    expect(p.matchedFiches.has(second.id)).toBe(false)
  })

  it('a fiche dated before any window answers no visit (an extra visit)', () => {
    const p = plan('2026-03-20', [fiche('2026-02-10')])
    expect(summary(p)).toEqual(['m1:overdue', 'tous_6_mois-1:upcoming'])
    expect(p.matchedFiches.size).toBe(0)
  })

  it('ignores fiches the schedule does not plan (FAT, adverse events)', () => {
    const p = plan('2026-03-01', [fiche('2026-03-01', { ficheId: 'ei' })])
    expect(summary(p)).toEqual(['m1:due', 'tous_6_mois-1:upcoming'])
  })

  it('a stopped patient has no visit after the stop; visits before it can still be overdue', () => {
    const p = plan('2027-06-01', [], '2026-08-15')
    expect(summary(p)).toEqual(['m1:overdue', 'tous_6_mois-1:overdue'])
    const stoppedEarly = plan('2027-06-01', [], '2026-02-01')
    expect(stoppedEarly.visits).toEqual([])
  })

  it('a visit answered after the stop stays on the record, done', () => {
    const p = plan('2027-06-01', [fiche('2026-03-01', { plannedVisitId: 'm1' })], '2026-02-15')
    expect(summary(p)).toEqual(['m1:done'])
  })

  it('a repeating visit with `until` ends there', () => {
    const schedule: Schedule = {
      ...SCHEDULE,
      repeating: [
        { id: 'trimestre', label: 'Trimestre', fiche: 'suivi', every: 'P3M', from: 'P3M', until: 'P9M' },
      ],
    }
    const p = planVisits({
      schedule,
      initiationDate: '2026-01-15',
      stopDate: null,
      fiches: [],
      today: '2030-01-01',
    })
    expect(p.visits.map((v) => v.key)).toEqual(['m1', 'trimestre-1', 'trimestre-2', 'trimestre-3'])
  })

  it('plans the shipped Examplimab 2.0 schedule: J1 and M6 questionnaires, M1–M9, then every 6 months', () => {
    const yaml = readFileSync(
      new URL('../../../../../put-templates/examplimab-aap/2.0.yaml', import.meta.url),
      'utf8',
    )
    const parsed = parseTemplate(yaml)
    if (!parsed.ok) throw new Error('the shipped template must parse')
    const p = planVisits({
      schedule: parsed.value.template.schedule,
      initiationDate: '2026-03-02',
      stopDate: null,
      fiches: [fiche('2026-03-02', { ficheId: 'qdv' }), fiche('2026-04-03')],
      today: '2027-03-10',
    })
    expect(summary(p)).toEqual([
      'qdv_j1:done',
      'm1:done',
      'm3:overdue',
      'qdv_m6:overdue',
      'm6:overdue',
      'm9:overdue',
      'qdv_6_mois-1:due',
      'suivi_6_mois-1:due',
      'qdv_6_mois-2:upcoming',
      'suivi_6_mois-2:upcoming',
    ])
    expect(p.visits.find((v) => v.key === 'suivi_6_mois-1')).toMatchObject({
      label: 'Visite semestrielle (M12)',
      dueDate: '2027-03-02',
      windowStart: '2027-02-02',
      windowEnd: '2027-04-02',
    })
  })
})
