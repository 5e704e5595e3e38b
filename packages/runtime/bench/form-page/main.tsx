/**
 * The benchmark page: mounts the generated fiche with OpenPUT's renderers or with stock JSON Forms vanilla
 * renderers and measures, inside the page, mount time and the cost of keystrokes and commits. Driven by
 * form.bench.ts through `window.bench`.
 */
import type { JsonSchema, UISchemaElement } from '@jsonforms/core'
import { JsonForms } from '@jsonforms/react'
import { vanillaCells, vanillaRenderers } from '@jsonforms/vanilla-renderers'
import { flushSync } from 'react-dom'
import { createRoot, type Root } from 'react-dom/client'
import { createFormAjv, FicheForm, ficheI18n } from '../../src/renderers/index.ts'
import { generatedFiche } from '../generated-fiche.ts'

type RendererSet = 'openput' | 'vanilla'
type Layout = 'groups' | 'categories'

let root: Root | undefined
let lastData: Record<string, unknown> = {}
const onChange = ({ data }: { data: unknown }) => {
  lastData = data as Record<string, unknown>
}
const onFicheChange = (data: Record<string, unknown>) => {
  lastData = data
}

/**
 * After the synchronous render: microtasks and effects run (a message-channel task, which browsers do not
 * clamp to 4 ms as they do nested setTimeouts), then style and layout are forced.
 */
const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(0)
  })
const settled = async () => {
  await nextTask()
  void document.body.offsetHeight
}

function inputLabelled(label: string): HTMLInputElement {
  const labelElement = [...document.querySelectorAll('label')].find(
    (l) => l.textContent?.replace('*', '').trim() === label,
  )
  const input = labelElement?.htmlFor ? document.getElementById(labelElement.htmlFor) : null
  if (!(input instanceof HTMLInputElement)) throw new Error(`no input labelled ${label}`)
  return input
}

const setNativeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!

const bench = {
  async mount(set: RendererSet, layout: Layout) {
    root?.unmount()
    document.getElementById('root')!.replaceChildren()
    lastData = {}
    const fiche = generatedFiche(layout)
    // A fresh ajv each time: the schema compile is part of opening a fiche.
    const ajv = createFormAjv()
    const container = document.getElementById('root')!
    const start = performance.now()
    root = createRoot(container)
    flushSync(() => {
      root!.render(
        set === 'openput' ? (
          <FicheForm
            schema={fiche.schema}
            uischema={fiche.uischema}
            i18n={fiche.i18n}
            data={{}}
            onChange={onFicheChange}
            ajvInstance={ajv}
          />
        ) : (
          <JsonForms
            schema={fiche.schema as JsonSchema}
            uischema={fiche.uischema as UISchemaElement}
            data={{}}
            renderers={vanillaRenderers}
            cells={vanillaCells}
            ajv={ajv}
            i18n={ficheI18n(fiche.i18n)}
            onChange={onChange}
          />
        ),
      )
    })
    await settled()
    return {
      ms: performance.now() - start,
      controls: container.querySelectorAll('input, select, textarea').length,
    }
  },

  /** Types `text` one character at a time into the field labelled `label`; the time of each keystroke. */
  async type(label: string, text: string) {
    const input = inputLabelled(label)
    input.focus()
    const perKey: number[] = []
    for (let i = 1; i <= text.length; i++) {
      const start = performance.now()
      setNativeValue.call(input, text.slice(0, i))
      input.dispatchEvent(new Event('input', { bubbles: true }))
      // biome-ignore lint/performance/noAwaitInLoops: keystrokes are sequential by nature
      await settled()
      perKey.push(performance.now() - start)
    }
    return { perKey, shown: inputLabelled(label).value }
  },

  /**
   * Leaves the field (committing what was typed) and times until the form's data holds `expected`
   * (JSON Forms emits onChange on a 10 ms debounce, for both renderer sets); gives up after 2 s.
   */
  async commit(label: string, field: string, expected: string) {
    const input = inputLabelled(label)
    const start = performance.now()
    input.blur()
    await settled()
    while (lastData[field] !== expected && performance.now() - start < 2000) {
      // biome-ignore lint/performance/noAwaitInLoops: polling for the debounced onChange
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    return { ms: performance.now() - start, committed: lastData[field] === expected }
  },

  unmount() {
    root?.unmount()
    root = undefined
  },
}

;(window as unknown as { bench: typeof bench }).bench = bench
