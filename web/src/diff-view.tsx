import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.js';
import type { CardDiff } from './types.js';

/** The class of one line of a unified diff, for its colour. */
export function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return '';
}

/** A card's diff as text (Preact escapes it: never HTML), one span a line for the colours. */
export function DiffView({ diff, id }: { diff: CardDiff; id: string }) {
  const lines = diff.text.replace(/\n$/, '').split('\n');
  return (
    <pre class="diff" data-diff>
      {lines.map((line, i) => <span key={i} class={diffLineClass(line)}>{`${line}\n`}</span>)}
      {diff.truncated && <span class="cut">{`… cut at 256 KB: \`orch diff ${id}\` shows all of it\n`}</span>}
    </pre>
  );
}

/** A worktree card's diff, asked for apart from the rest of the panel (git may take a while). */
export function useDiff(api: Api, id: string, worktree: boolean, version: unknown): CardDiff | undefined {
  const [diff, setDiff] = useState<CardDiff | undefined>(undefined);
  useEffect(() => setDiff(undefined), [id]);
  // asked again when the card changes (a running card's worktree grows); the last one shows meanwhile
  useEffect(() => {
    if (!worktree) return;
    let stopped = false;
    api.get<{ diff?: CardDiff }>(`/api/cards/${encodeURIComponent(id)}/diff`).then((r) => { if (!stopped) setDiff(r.diff); }, () => {});
    return () => { stopped = true; };
  }, [api, id, worktree, version]);
  return diff;
}
