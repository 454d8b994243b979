import { formatMs, type PageState } from './state.js';

const ORDER = ['running', 'awaiting-approval', 'retrying', 'pending', 'waiting', 'done', 'failed', 'blocked', 'cancelled'];

export function Header({ state, serverNow }: { state: PageState; serverNow: number }) {
  const t = state.totals;
  const wall = t?.startedAt !== undefined ? (state.running ? serverNow : t.endedAt ?? t.lastT) - t.startedAt : undefined;
  const speedUp = wall && t ? t.agentTimeMs / wall : undefined;
  return (
    <header class="top">
      <h1>orch</h1>
      {state.goal && <span class="goal">{state.goal}</span>}
      <span class={`run ${state.running ? 'live' : ''}`} data-running={String(state.running)}>{state.running ? 'running' : t?.startedAt ? 'not running' : 'no run yet'}</span>
      {!state.connected && <span class="offline">reconnecting…</span>}
      <span class="counts" data-totals>
        {ORDER.filter((s) => t?.counts[s]).map((s) => <span key={s} class={`count s-${s}`} data-count={s}>{t!.counts[s]} {s}</span>)}
      </span>
      {t && <span class="sums">
        {wall !== undefined && `wall ${formatMs(wall)} · `}agent {formatMs(t.agentTimeMs)}{speedUp ? ` · ×${speedUp.toFixed(2)}` : ''} · ${t.costUsd.toFixed(4)} · {t.tokens.input + t.tokens.output} tokens
      </span>}
    </header>
  );
}
