import fs from 'node:fs';
import path from 'node:path';
import { appendEvents, readEvents } from '../state/event-log.js';
import { loadProject } from '../project/load.js';
import { activeRunner } from '../project/view.js';
import { resetWithWorktrees } from '../project/reset.js';
import { currentView } from '../run/markdown-files.js';
import type { ControlAction } from '../scheduler/types.js';
import { nearest } from '../util/nearest.js';
import type { ControlRequest, ControlResult } from './request.js';

/** How long to wait for the live run to take a request before saying it did not. */
const TAKE_MS = 5000;

/**
 * Do `action` to a card: delivered to the live run (which handles it like any other input), or,
 * with no run going, applied to the state for the next run. Every refusal is one line.
 */
export async function sendControl(root: string, request: { action: ControlAction; card: string }): Promise<ControlResult> {
  const project = loadProject(root);
  const { layout, graph } = project;
  const missing = project.diagnostics.find((d) => d.code === 'STATE_MISSING');
  if (missing) return { ok: false, message: `${missing.message} — ${missing.hint ?? 'run `orch init` first'}` };
  if (!graph.cards.has(request.card)) {
    const guess = nearest(request.card, graph.cards.keys(), 2);
    return { ok: false, message: `unknown card "${request.card}"${guess ? ` — did you mean "${guess}"?` : ' — see `orch status` for the ids'}` };
  }
  if (activeRunner(project) !== undefined) return deliver(layout.control, { ...request, t: Date.now() });
  return await applyToState(root, request.action, request.card);
}

async function deliver(dir: string, request: ControlRequest): Promise<ControlResult> {
  fs.mkdirSync(dir, { recursive: true });
  const name = `${request.t}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`;
  const file = path.join(dir, name);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(request), { flag: 'wx', mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  const deadline = Date.now() + TAKE_MS;
  while (fs.existsSync(file)) {
    if (Date.now() > deadline) return { ok: false, message: `the run did not take the request within ${TAKE_MS / 1000} s; it stays in ${path.basename(dir)}/ for the run to take` };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { ok: true, applied: 'run' };
}

async function applyToState(root: string, action: ControlAction, card: string): Promise<ControlResult> {
  const project = loadProject(root);
  const { layout, graph, config } = project;
  const view = currentView(layout, readEvents(layout.events), graph, config, false);
  const status = view.cards.find((c) => c.id === card)?.status ?? 'waiting';
  switch (action) {
    case 'cancel':
      return { ok: false, message: `no run is going: "${card}" is not running` };
    case 'approve':
    case 'reject':
      if (status === 'done') return { ok: false, message: `"${card}" is done: there is nothing to ${action}` };
      appendEvents(layout.events, [{ type: 'card-approval', t: Date.now(), card, decision: action === 'approve' ? 'approved' : 'rejected' }]);
      return { ok: true, applied: 'state' };
    case 'retry':
      if (!['failed', 'blocked', 'cancelled'].includes(status)) return { ok: false, message: `"${card}" is ${status}: only a failed, blocked or cancelled card is retried` };
      await resetWithWorktrees(root, { ids: [card] });
      return { ok: true, applied: 'state' };
    case 'reset':
      await resetWithWorktrees(root, { ids: [card] });
      return { ok: true, applied: 'state' };
  }
}
