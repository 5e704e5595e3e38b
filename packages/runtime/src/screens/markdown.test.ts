import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Markdown } from './markdown.tsx'

const render = (source: string, headingOffset?: number) =>
  renderToStaticMarkup(createElement(Markdown, { source, ...(headingOffset ? { headingOffset } : {}) }))

describe('the guide’s Markdown', () => {
  it('C1.4: renders headings under the screen’s h1, paragraphs, lists and emphasis', () => {
    const html = render(
      '# Guide\nCe guide décrit la **saisie**\ndes fiches.\n\n- prescripteur\n- *pharmacien*\n\n1. un\n2. deux',
      1,
    )
    expect(html).toBe(
      '<div class="guide-content"><h2>Guide</h2><p>Ce guide décrit la <strong>saisie</strong> des fiches.</p>' +
        '<ul><li>prescripteur</li><li><em>pharmacien</em></li></ul><ol><li>un</li><li>deux</li></ol></div>',
    )
  })

  it('never turns a guide’s text into HTML', () => {
    const html = render('<script>alert(1)</script>\n\n- <img src=x onerror=alert(1)>\n\n**<b>gras</b>**')
    expect(html).not.toMatch(/<script|<img|<b>/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })
})
