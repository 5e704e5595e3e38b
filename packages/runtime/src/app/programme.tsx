/**
 * The programme the user is working in (header choice, remembered in this browser): the list comes from
 * the published template versions, latest version per programme. Screens read it with useProgramme().
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import {
  listProgrammes,
  listTemplateVersions,
  type ProgrammeInfo,
  type TemplateVersionSummary,
} from '../api/index.ts'

export interface ProgrammeChoice {
  /** Published programmes, latest version of each, by slug. */
  programmes: TemplateVersionSummary[]
  /** The chosen programme's latest version, when one is chosen. */
  current: TemplateVersionSummary | undefined
  /** The chosen programme's medicine, kind of PUT and indications with their access modality (C3.3). */
  details: ProgrammeInfo | undefined
  /** Every programme's details, by slug. */
  catalogue: ReadonlyMap<string, ProgrammeInfo>
  choose: (slug: string) => void
  /** The chosen indication (C3.3), for programmes with several. */
  indication: string | undefined
  chooseIndication: (id: string | undefined) => void
}

const STORAGE_KEY = 'openput.programme'
const INDICATION_KEY = 'openput.indication'

const ProgrammeContext = createContext<ProgrammeChoice | undefined>(undefined)

export function useProgramme(): ProgrammeChoice {
  const value = useContext(ProgrammeContext)
  if (!value) throw new Error('useProgramme() outside <ProgrammeProvider>')
  return value
}

const stored = (key: string) => {
  try {
    return window.localStorage.getItem(key) ?? undefined
  } catch {
    return undefined
  }
}

const store = (key: string, value: string | undefined) => {
  try {
    if (value === undefined) window.localStorage.removeItem(key)
    else window.localStorage.setItem(key, value)
  } catch {
    // Private browsing without storage: the choice lasts for this page only.
  }
}

/** Latest version of each programme (the list comes ordered by programme, then publication). */
const latestPerProgramme = (versions: TemplateVersionSummary[]) => [
  ...new Map(versions.map((v) => [v.programme, v])).values(),
]

export function ProgrammeProvider({ children }: { children: ReactNode }) {
  const [programmes, setProgrammes] = useState<TemplateVersionSummary[]>([])
  const [catalogue, setCatalogue] = useState<ReadonlyMap<string, ProgrammeInfo>>(new Map())
  const [slug, setSlug] = useState(() => stored(STORAGE_KEY))
  const [indication, setIndication] = useState(() => stored(INDICATION_KEY))
  useEffect(() => {
    let live = true
    listTemplateVersions().then(
      (versions) => live && setProgrammes(latestPerProgramme(versions)),
      () => live && setProgrammes([]),
    )
    listProgrammes().then(
      (list) => live && setCatalogue(new Map(list.map((p) => [p.programme, p]))),
      () => live && setCatalogue(new Map()),
    )
    return () => {
      live = false
    }
  }, [])
  const choose = useCallback((next: string) => {
    setSlug(next || undefined)
    store(STORAGE_KEY, next || undefined)
    setIndication(undefined)
    store(INDICATION_KEY, undefined)
  }, [])
  const chooseIndication = useCallback((id: string | undefined) => {
    setIndication(id)
    store(INDICATION_KEY, id)
  }, [])
  const value = useMemo<ProgrammeChoice>(() => {
    const current =
      programmes.find((p) => p.programme === slug) ?? (programmes.length === 1 ? programmes[0] : undefined)
    const details = current ? catalogue.get(current.programme) : undefined
    return {
      programmes,
      current,
      details,
      catalogue,
      choose,
      // An indication of another programme (or of an older version) is no choice.
      indication: details?.indications.some((i) => i.id === indication) ? indication : undefined,
      chooseIndication,
    }
  }, [programmes, catalogue, slug, choose, indication, chooseIndication])
  return <ProgrammeContext.Provider value={value}>{children}</ProgrammeContext.Provider>
}
