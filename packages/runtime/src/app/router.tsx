/**
 * A tiny router on the History API (no dependency): a route table of `/patients/:id` patterns, `navigate`,
 * `<Link>`, and the hook that re-renders on navigation. Screens get their path parameters as props.
 */
import { type AnchorHTMLAttributes, type ComponentType, type MouseEvent, useSyncExternalStore } from 'react'

export interface ScreenProps {
  /** Path parameters, decoded: `/fiches/:ficheId` → `{ ficheId }`. */
  params: Record<string, string>
  /** Query string parameters. */
  query: URLSearchParams
}

export interface RouteDef {
  /** `/fiches/:ficheId`; segments starting with `:` are parameters. */
  path: string
  /** Page title (the tab's title and the heading screens may show). */
  title: string
  screen: ComponentType<ScreenProps>
  /** When set, the route appears in the header's navigation with this label. */
  nav?: string
}

const NAVIGATE_EVENT = 'openput:navigate'

function subscribe(callback: () => void) {
  window.addEventListener('popstate', callback)
  window.addEventListener(NAVIGATE_EVENT, callback)
  return () => {
    window.removeEventListener('popstate', callback)
    window.removeEventListener(NAVIGATE_EVENT, callback)
  }
}

const currentHref = () => `${window.location.pathname}${window.location.search}`

/** The current path and query; re-renders the caller on every navigation. */
export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, currentHref)
  const url = new URL(href, 'http://x')
  return { pathname: url.pathname, search: url.search }
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === currentHref()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.scrollTo(0, 0)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

/** An ordinary link (middle-click, new tab work) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return <a href={to} onClick={handle} {...rest} />
}

export interface Match {
  route: RouteDef
  params: Record<string, string>
}

/** The first route whose pattern matches the whole path (trailing slash ignored). */
export function matchRoute(routes: readonly RouteDef[], pathname: string): Match | undefined {
  const parts = pathname.split('/').filter(Boolean)
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean)
    if (pattern.length !== parts.length) continue
    const params: Record<string, string> = {}
    const matches = pattern.every((segment, i) => {
      const part = parts[i]!
      if (segment.startsWith(':')) {
        try {
          params[segment.slice(1)] = decodeURIComponent(part)
        } catch {
          return false
        }
        return true
      }
      return segment === part
    })
    if (matches) return { route, params }
  }
  return undefined
}

/** A path from a pattern and its parameters: `pathTo('/fiches/:ficheId', { ficheId })`. */
export const pathTo = (pattern: string, params: Record<string, string>) =>
  pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))
