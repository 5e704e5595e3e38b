/** The designer's screens as URL hashes: `#/`, `#/brouillons/<id>/<onglet>`. */
import { useEffect, useState } from 'react'

export const TABS = [
  { id: 'metadonnees', label: 'Métadonnées' },
  { id: 'catalogue', label: 'Catalogue du PUT' },
  { id: 'fiches', label: 'Fiches' },
  { id: 'calendrier', label: 'Calendrier de suivi' },
  { id: 'roles', label: 'Rôles et signatures' },
  { id: 'apercu', label: 'Aperçu' },
  { id: 'relecture', label: 'Relecture' },
  { id: 'yaml', label: 'Export / import YAML' },
] as const

export type TabId = (typeof TABS)[number]['id']

export type Route = { screen: 'home' } | { screen: 'draft'; id: string; tab: TabId }

export function parseHash(hash: string): Route {
  const match = /^#\/brouillons\/([0-9a-f-]{36})(?:\/([a-z]+))?/.exec(hash)
  if (!match) return { screen: 'home' }
  const tab = TABS.find((t) => t.id === match[2])?.id ?? 'metadonnees'
  return { screen: 'draft', id: match[1]!, tab }
}

export const draftHref = (id: string, tab: TabId = 'metadonnees') => `#/brouillons/${id}/${tab}`

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
