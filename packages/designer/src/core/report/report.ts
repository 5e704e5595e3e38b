/**
 * Renders what the core produces (model errors, check findings, template diffs) for people and
 * machines: `text` for a terminal, `md` for a review, `json` for tools. Pure: strings out.
 */
export { renderDiff } from './diff-report.ts'
export { type ReadError, renderFindings, renderModelErrors } from './findings-report.ts'
export { type ReportFormat, ReportFormats } from './format.ts'
