import fs from 'node:fs';
import { loadRenderers } from '../run/markdown-files.js';
import type { RunView } from '../report/view.js';
import { resultPath, type Layout } from '../state/layout.js';
import { markdownToSafeHtml } from './markdown-html.js';

/**
 * The report as `orch report` would write it now, as sanitised HTML. Its Mermaid blocks stay
 * `<pre><code class="language-mermaid">`: the page draws the graph as its own DAG view and the
 * timeline from the attempts (Mermaid itself is several times the page's whole bundle).
 */
export async function renderReportHtml(layout: Layout, view: RunView): Promise<string> {
  const markdown = (await loadRenderers()).renderReport(view, (id) => {
    try {
      return fs.readFileSync(resultPath(layout, id), 'utf8');
    } catch {
      return undefined;
    }
  });
  return markdownToSafeHtml(markdown);
}
