/**
 * HTML → PDF through headless Chromium (Debian's `chromium`, driven by playwright-core): one browser per
 * process, launched on first use and relaunched after a crash, a small queue, a fresh page per job.
 */
import { accessSync, constants } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

export interface PdfOptions {
  /** Text of the page footer, left of "page N / M" (escaped here). */
  footerText?: string
  landscape?: boolean
}

/** What the server needs from a PDF engine; the closure report and the fiche prints share it. */
export interface PdfRenderer {
  renderPdf(html: string, options?: PdfOptions): Promise<Uint8Array<ArrayBuffer>>
  /** Whether the engine can run here (the browser binary exists and is executable). */
  isAvailable(): boolean
  close(): Promise<void>
}

export interface ChromiumPdfSettings {
  executablePath?: string
  /** Jobs rendered at the same time (1–2 on a small machine). */
  concurrency?: number
  /** Upper bound for one job, browser launch included. */
  timeoutMs?: number
}

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium'

/** Flags for a closed network and a container: no sandbox, GPU, updates or background look-ups. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
]

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

/**
 * Chromium fills `pageNumber` / `totalPages`; without an explicit font-size the footer is ~0.7 pt.
 */
const footerTemplate = (text: string) =>
  `<div style="font-size:8pt;font-family:'DejaVu Sans',sans-serif;width:100%;padding:0 12mm;display:flex;justify-content:space-between;color:#333">` +
  `<span>${escapeHtml(text)}</span><span>page <span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`

/** A FIFO limiting how many jobs run at once. */
class JobQueue {
  private running = 0
  private readonly waiting: (() => void)[] = []
  constructor(private readonly limit: number) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.running++
    try {
      return await job()
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }
}

export function createChromiumPdfRenderer(settings: ChromiumPdfSettings = {}): PdfRenderer {
  const executablePath = settings.executablePath ?? DEFAULT_CHROMIUM_PATH
  const timeoutMs = settings.timeoutMs ?? 30_000
  const queue = new JobQueue(Math.max(1, Math.min(settings.concurrency ?? 2, 4)))
  let browser: Promise<Browser> | undefined
  let closed = false

  const launch = () => {
    const launching = chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: timeoutMs })
    // A crashed or killed browser is forgotten, so the next job starts a new one.
    launching.then(
      (b) =>
        b.on('disconnected', () => {
          if (browser === launching) browser = undefined
        }),
      () => {
        if (browser === launching) browser = undefined
      },
    )
    return launching
  }

  const currentBrowser = async () => {
    if (closed) throw new Error('PDF renderer closed')
    browser ??= launch()
    const b = await browser
    if (b.isConnected()) return b
    browser = launch()
    return browser
  }

  const renderOnce = async (html: string, options: PdfOptions) => {
    const b = await currentBrowser()
    const context = await b.newContext({ javaScriptEnabled: false, offline: true })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(timeoutMs)
      // The document is self-contained; nothing may be fetched while printing it.
      await page.route('**/*', (route) => route.abort())
      await page.setContent(html, { waitUntil: 'load' })
      const pdf = await page.pdf({
        printBackground: true,
        preferCSSPageSize: true,
        format: 'A4',
        landscape: options.landscape ?? false,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footerTemplate(options.footerText ?? ''),
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
        outline: false,
        tagged: true,
      })
      return new Uint8Array(pdf)
    } finally {
      await context.close().catch(() => {})
    }
  }

  return {
    isAvailable() {
      try {
        accessSync(executablePath, constants.X_OK)
        return true
      } catch {
        return false
      }
    },
    renderPdf(html, options = {}) {
      return queue.run(async () => {
        try {
          return await renderOnce(html, options)
        } catch (error) {
          // One retry, on a fresh browser, when the browser died under the job.
          const alive = await browser?.catch(() => undefined)
          if (closed || alive?.isConnected()) throw error
          return renderOnce(html, options)
        }
      })
    },
    async close() {
      closed = true
      const b = await browser?.catch(() => undefined)
      browser = undefined
      await b?.close().catch(() => {})
    },
  }
}
