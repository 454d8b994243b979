import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api.js';
import { controlsFor, formatMs } from './state.js';
import { DiffView, useDiff } from './diff-view.js';
import type { CardDetail, CardView } from './types.js';

const FOLLOW = new Set(['running', 'retrying', 'pending', 'awaiting-approval']);

/** Follows an attempt's log by its new bytes while the card runs. */
function useLogTail(api: Api, id: string, attempt: number | undefined, live: boolean): string {
  const [text, setText] = useState('');
  const offset = useRef<number | undefined>(undefined);
  useEffect(() => {
    setText('');
    offset.current = undefined;
  }, [id, attempt]);
  useEffect(() => {
    if (attempt === undefined) return;
    let stopped = false;
    const pull = async () => {
      const from = offset.current === undefined ? '' : `&from=${offset.current}`;
      const slice = await api.get<{ text: string; from: number; to: number }>(`/api/cards/${encodeURIComponent(id)}/log?attempt=${attempt}${from}`).catch(() => undefined);
      if (stopped || !slice) return;
      if (offset.current === undefined || slice.from !== offset.current) setText(slice.text);
      else if (slice.text) setText((t) => (t + slice.text).slice(-256 * 1024));
      offset.current = slice.to;
    };
    void pull();
    if (!live) return () => { stopped = true; };
    const timer = setInterval(() => void pull(), 400);
    return () => { stopped = true; clearInterval(timer); };
  }, [api, id, attempt, live]);
  return text;
}

function Settings({ settings }: { settings: Record<string, unknown> }) {
  return (
    <dl class="settings">
      {Object.entries(settings).map(([k, v]) => [<dt key={`${k}-k`}>{k}</dt>, <dd key={`${k}-v`}>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>])}
    </dl>
  );
}

export function Panel(props: { api: Api; card: CardView; running: boolean; onClose: () => void; onControl: (action: string, id: string) => Promise<string> }) {
  const { api, card, running, onClose, onControl } = props;
  const [detail, setDetail] = useState<CardDetail | undefined>(undefined);
  const [message, setMessage] = useState('');
  // another card: nothing of the one before shows while its detail comes
  useEffect(() => { setDetail(undefined); setMessage(''); }, [card.id]);
  useEffect(() => {
    let stopped = false;
    api.get<CardDetail>(`/api/cards/${encodeURIComponent(card.id)}`).then((d) => { if (!stopped) setDetail(d); }).catch((e: Error) => setMessage(e.message));
    return () => { stopped = true; };
  }, [api, card]);
  const live = FOLLOW.has(card.status);
  const latest = detail?.latestAttempt;
  const log = useLogTail(api, card.id, latest, live);
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => { if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight; }, [log]);
  const act = async (action: string) => setMessage(await onControl(action, card.id));
  const remote = detail?.attempts.some((a) => a.worker !== undefined) ?? false;
  const diff = useDiff(api, card.id, detail?.worktree ?? false, card);

  return (
    <aside class="panel" data-panel="card" data-card-id={card.id} data-status={card.status}>
      <header>
        <h2>{card.id} · {card.title}</h2>
        <button class="close" onClick={onClose} aria-label="close">×</button>
      </header>
      <p class={`status s-${card.status}`}>{card.status}{card.lastError ? ` — ${card.lastError.kind ?? ''} ${card.lastError.message}` : ''}{card.blockedBy ? ` by ${card.blockedBy}` : ''}</p>
      <div class="controls">
        {controlsFor(card.status, running).map((a) => <button key={a} data-action={a} onClick={() => void act(a)}>{a[0]!.toUpperCase() + a.slice(1)}</button>)}
        {message && <span class="message" data-control-message>{message}</span>}
      </div>
      {detail && <>
        <h3>Attempts</h3>
        {detail.attempts.length ? (
          <table class="attempts"><thead><tr><th>#</th><th>agent</th>{remote && <th>worker</th>}<th>time</th><th>outcome</th><th>cost</th><th>tokens</th></tr></thead><tbody>
            {detail.attempts.map((a) => (
              <tr key={a.attempt} data-attempt={a.attempt}>
                <td>{a.attempt}</td><td>{a.agent}</td>{remote && <td data-worker>{a.worker ?? ''}</td>}
                <td>{formatMs(a.end?.durationMs ?? (a.endedAt !== undefined ? a.endedAt - a.startedAt : undefined))}</td>
                <td>{a.end ? `${a.end.to}${a.errorKind ? ` (${a.errorKind})` : ''}${a.end.message && a.end.to !== 'done' ? `: ${a.end.message}` : ''}` : 'running'}</td>
                <td>{a.end?.costUsd !== undefined ? `$${a.end.costUsd.toFixed(4)}` : ''}</td>
                <td>{a.end?.tokens ? `${a.end.tokens.input} in / ${a.end.tokens.output} out` : ''}</td>
              </tr>
            ))}
          </tbody></table>
        ) : <p class="none">No attempt yet.</p>}
        {diff && <>
          <h3>Diff</h3>
          <DiffView diff={diff} id={card.id} />
        </>}
        {detail.resultHtml !== undefined && <>
          <h3>Result</h3>
          {/* sanitised on the server (rehype-sanitize); the CSP forbids inline script besides */}
          <div class="markdown result" data-result dangerouslySetInnerHTML={{ __html: detail.resultHtml }} />
        </>}
        {latest !== undefined && <>
          <h3>Log of attempt {latest}{live ? ' (following)' : ''}</h3>
          <pre class="log" data-log ref={logRef}>{log}</pre>
        </>}
        {detail.prompt && <>
          <h3>Prompt of attempt {detail.prompt.attempt}</h3>
          <pre class="prompt" data-prompt>{detail.prompt.text}{detail.prompt.truncated ? '\n…' : ''}</pre>
        </>}
        <h3>Settings</h3>
        <Settings settings={detail.settings} />
      </>}
    </aside>
  );
}
