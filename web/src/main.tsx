import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Api, tokenFromHash } from './api.js';
import { Dag } from './dag.js';
import { Header } from './header.js';
import { layoutDag } from './layout.js';
import { Panel } from './panel.js';
import { Report } from './report.js';
import { applyMessage, emptyState, type PageState } from './state.js';

const api = new Api(tokenFromHash(location.hash));

function App() {
  const [state, setState] = useState<PageState>(emptyState);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [tab, setTab] = useState<'graph' | 'report'>('graph');
  const [tick, setTick] = useState(Date.now());
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
  // the layout depends on ids and deps only: status changes never lay the graph out again
  const laid = useMemo(() => {
    const started = performance.now();
    const result = layoutDag(state.order.map((id) => state.cards.get(id)!));
    (window as unknown as { orchLayoutMs?: number }).orchLayoutMs = performance.now() - started;
    return result;
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
        <section class="view">
          {tab === 'graph'
            ? state.order.length ? <Dag state={state} laid={laid} selected={selected} serverNow={serverNow} onSelect={setSelected} /> : <p class="none">{state.connected ? 'No cards yet: add some under .orchestrator/tasks/.' : 'Connecting…'}</p>
            : <Report api={api} version={state.totals?.lastT ?? 0} onShowGraph={() => setTab('graph')} />}
        </section>
        {card && <Panel api={api} card={card} running={state.running} onClose={() => setSelected(undefined)} onControl={control} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
