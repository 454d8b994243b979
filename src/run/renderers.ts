/** The markdown renderers, loaded on demand (see markdown-files.ts). */
export { renderReport } from '../report/report.js';
export { renderStatusMarkdown } from '../report/status-table.js';
