import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api.js';
import type { AttemptDetail } from './types.js';

interface ReportData {
  html: string;
  attempts: AttemptDetail[];
  asOf: number;
}

/** The report's timeline as bars (what its Mermaid Gantt chart shows), built with DOM calls only. */
function timeline(attempts: AttemptDetail[], asOf: number): HTMLElement {
  const box = document.createElement('div');
  box.className = 'timeline';
  box.dataset.diagram = 'timeline';
  if (!attempts.length) return box;
  const start = Math.min(...attempts.map((a) => a.startedAt));
  const end = Math.max(asOf, ...attempts.map((a) => a.endedAt ?? asOf));
  const span = Math.max(1, end - start);
  for (const a of attempts) {
    const row = document.createElement('div');
    row.className = 'row';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = `${a.card} #${a.attempt}`;
    const bar = document.createElement('span');
    bar.className = `bar ${a.ok ? 'ok' : a.endedAt === undefined ? 'live' : 'bad'}`;
    bar.style.left = `${((a.startedAt - start) / span) * 100}%`;
    bar.style.width = `${Math.max(0.3, (((a.endedAt ?? asOf) - a.startedAt) / span) * 100)}%`;
    const track = document.createElement('span');
    track.className = 'track';
    track.append(bar);
    row.append(label, track);
    box.append(row);
  }
  return box;
}

/** The report as `orch report` would write it now; Mermaid blocks are drawn by the page itself. */
export function Report({ api, version, onShowGraph }: { api: Api; version: number; onShowGraph: () => void }) {
  const [data, setData] = useState<ReportData | undefined>(undefined);
  const [error, setError] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  const last = useRef(0);
  // at most one report a second while the run goes on: each is a full fold and render on the server
  useEffect(() => {
    const wait = Math.max(0, last.current + 1000 - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      api.get<ReportData>('/api/report').then(setData).catch((e: Error) => setError(e.message));
    }, wait);
    return () => clearTimeout(timer);
  }, [api, version]);
  useEffect(() => {
    const root = ref.current;
    if (!root || !data) return;
    for (const code of [...root.querySelectorAll('code.language-mermaid')]) {
      const pre = code.parentElement ?? code;
      const source = code.textContent ?? '';
      if (/^\s*gantt/.test(source)) pre.replaceWith(timeline(data.attempts, data.asOf));
      else {
        const note = document.createElement('p');
        note.className = 'diagram-note';
        note.dataset.diagram = 'graph';
        const link = document.createElement('a');
        link.href = '#graph';
        link.textContent = 'the Graph tab';
        link.onclick = (e) => { e.preventDefault(); onShowGraph(); };
        note.append('This diagram is the DAG, live, in ', link, '.');
        pre.replaceWith(note);
      }
    }
  }, [data]);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p class="none">Loading the report…</p>;
  return <div class="markdown report" data-panel="report" ref={ref} dangerouslySetInnerHTML={{ __html: data.html }} />;
}
