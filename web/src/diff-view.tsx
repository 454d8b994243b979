/** The class of one line of a unified diff, for its colour. */
export function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return '';
}

/** A card's diff as text (Preact escapes it: never HTML), one span a line for the colours. */
export function DiffView({ diff, id }: { diff: { text: string; truncated: boolean }; id: string }) {
  const lines = diff.text.replace(/\n$/, '').split('\n');
  return (
    <pre class="diff" data-diff>
      {lines.map((line, i) => <span key={i} class={diffLineClass(line)}>{`${line}\n`}</span>)}
      {diff.truncated && <span class="cut">{`… cut at 256 KB: \`orch diff ${id}\` shows all of it\n`}</span>}
    </pre>
  );
}
