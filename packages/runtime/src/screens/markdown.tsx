/**
 * The little Markdown the templates' guides use (headings, paragraphs, lists, **bold**, *italic*), turned
 * into React elements: never HTML from the template, so nothing in a guide can run in the page.
 */
import type { ReactNode } from 'react'

function inline(text: string, key: string): ReactNode[] {
  const parts: ReactNode[] = []
  const pattern = /(\*\*[^*]+\*\*|\*[^*]+\*|`[^`]+`)/g
  let last = 0
  let n = 0
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0
    if (at > last) parts.push(text.slice(last, at))
    const token = match[0]
    const k = `${key}-${n++}`
    if (token.startsWith('**')) parts.push(<strong key={k}>{token.slice(2, -2)}</strong>)
    else if (token.startsWith('`')) parts.push(<code key={k}>{token.slice(1, -1)}</code>)
    else parts.push(<em key={k}>{token.slice(1, -1)}</em>)
    last = at + token.length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}

/** `headingOffset`: a guide's `#` becomes an h2 under the screen's h1. */
export function Markdown({ source, headingOffset = 1 }: { source: string; headingOffset?: number }) {
  const blocks: ReactNode[] = []
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  let paragraph: string[] = []
  let list: { ordered: boolean; items: string[] } | undefined
  const flush = () => {
    const key = `b${blocks.length}`
    if (paragraph.length > 0) blocks.push(<p key={key}>{inline(paragraph.join(' '), key)}</p>)
    paragraph = []
    if (list) {
      // biome-ignore lint/suspicious/noArrayIndexKey: a guide's text never reorders; its position is its identity
      const items = list.items.map((item, i) => <li key={`${key}-${i}`}>{inline(item, `${key}-${i}`)}</li>)
      blocks.push(list.ordered ? <ol key={`${key}l`}>{items}</ol> : <ul key={`${key}l`}>{items}</ul>)
    }
    list = undefined
  }
  for (const line of lines) {
    const heading = /^(#{1,4})\s+(.*)$/.exec(line)
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line)
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line)
    if (heading) {
      flush()
      const level = Math.min(6, heading[1]!.length + headingOffset)
      const Tag = `h${level}` as 'h2'
      blocks.push(<Tag key={`h${blocks.length}`}>{inline(heading[2]!, `h${blocks.length}`)}</Tag>)
    } else if (bullet || numbered) {
      const ordered = Boolean(numbered)
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush()
      list ??= { ordered, items: [] }
      list.items.push((bullet ?? numbered)![1]!)
    } else if (line.trim() === '') {
      flush()
    } else if (list && /^\s+/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`
    } else {
      if (list) flush()
      paragraph.push(line.trim())
    }
  }
  flush()
  return <div className="guide-content">{blocks}</div>
}
