import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Api, tokenFromHash } from './api.js';
import { Dag } from './dag.js';
import { Header } from './header.js';
import type { Laid } from './layout.js';
import { Layouts } from './layouts.js';
import { Panel } from './panel.js';
import { Report } from './report.js';
import { applyMessage, emptyState, type PageState } from './state.js';
import { useViewport } from './use-viewport.js';

const api = new Api(tokenFromHash(location.hash));
const layouts = new Layouts();
layouts.warm();

function App() {
  const [state, setState] = useState<PageState>(emptyState);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<'graph' | 'report'>('graph');
  const [tick, setTick] = useState(Date.now());
  const [viewRef, view] = useViewport<HTMLElement>();
  useEffect(() => {
    const source = api.stream(
      (m) => {
        const w = window as unknown as { orchSnapshotAt?: number };
        if (m.type === 'snapshot') w.orchSnapshotAt ??= performance.now();
        setState((s) => applyMessage(s, m, Date.now()));
      },
      (connected) => setState((s) => ({ ...s, connected })),
    );
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => { source.close(); clearInterval(timer); };
  }, []);
  // the layout depends on ids and deps only (graphVersion): status changes never lay the graph out again;
  // it is made by a worker, and the graph drawn before keeps showing until the new one is ready
  const [laid, setLaid] = useState<Laid | undefined>(undefined);
  const [layoutError, setLayoutError] = useState('');
  useEffect(() => {
    if (!state.order.length) return;
    let stale = false;
    layouts.lay(state.order.map((id) => state.cards.get(id)!)).then((answer) => {
      if (stale) return;
      Object.assign(window, { orchLayoutMs: answer.ms, orchLaidAt: performance.now() });
      setLayoutError('');
      setLaid(answer.laid);
    }, (error: Error) => { if (!stale) setLayoutError(error.message); });
    return () => { stale = true; };
  }, [state.graphVersion]);
  const serverNow = tick + state.clockOffset;
  const card = selected ? state.cards.get(selected) : undefined;
  const control = async (action: string, id: string) => {
    const r = await api.post<{ ok: boolean; applied?: string; message?: string; error?: string }>('/api/control', { action, card: id });
    return r.ok ? `${action}: sent (${r.applied === 'run' ? 'to the run' : 'for the next run'})` : `${action}: ${r.message ?? r.error}`;
  };
  return (
    <>
      <Header state={state} serverNow={serverNow} />
      <nav class="tabs">
        <button class={tab === 'graph' ? 'on' : ''} data-tab="graph" onClick={() => setTab('graph')}>Graph</button>
        <button class={tab === 'report' ? 'on' : ''} data-tab="report" onClick={() => setTab('report')}>Report</button>
      </nav>
      {state.problems.length > 0 && <ul class="problems">{state.problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      <main class={card ? 'with-panel' : ''}>
        <section class="view" ref={viewRef}>
          {tab === 'graph'
            ? !state.order.length ? <p class="none">{state.connected ? 'No cards yet: add some under .orchestrator/tasks/.' : 'Connecting…'}</p>
              : layoutError ? <p class="error" data-layout-error>{layoutError}</p>
              : laid ? <Dag state={state} laid={laid} view={view} selected={selected} serverNow={serverNow} onSelect={setSelected} />
              : <p class="none" data-laying-out>Laying out {state.order.length} cards…</p>
            : <Report api={api} version={state.totals?.lastT ?? 0} onShowGraph={() => setTab('graph')} />}
        </section>
        {card && <Panel api={api} card={card} running={state.running} onClose={() => setSelected(undefined)} onControl={control} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
