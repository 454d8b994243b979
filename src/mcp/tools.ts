import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { formatPlan } from '../cli/commands/validate.js';
import { statusJson } from '../cli/commands/status.js';
import { formatDiagnostic, hasErrors, OrchError, sortDiagnostics } from '../errors.js';
import { planRun } from '../graph/plan.js';
import { addCard } from '../project/add.js';
import { loadProject } from '../project/load.js';
import { resetWithWorktrees } from '../project/reset.js';
import { activeRunner, readView } from '../project/view.js';
import { renderStatusTerminal } from '../report/status-terminal.js';
import { startDetached } from '../run/detach.js';
import { writeReport } from '../run/markdown-files.js';
import { logPath, rel } from '../state/layout.js';
import type { TOOLS } from './schemas.js';
import { fail, ok, tailOf, type ToolResult } from './tool-result.js';
import { waitWithProgress, type Progress } from './wait.js';

type Args<N extends keyof typeof TOOLS> = z.infer<(typeof TOOLS)[N]['input']>;

/** The MCP tools over a project folder: the same library calls as the CLI, the same one-line errors. */
export function orchTools(root: string) {
  const project = () => {
    const p = loadProject(root);
    const missing = p.diagnostics.find((d) => d.code === 'STATE_MISSING');
    if (missing) throw new OrchError('STATE_MISSING', missing.message, { hint: missing.hint ?? 'run `orch init` first' });
    return p;
  };
  return {
    validate(): ToolResult {
      const p = project();
      const problems = sortDiagnostics(p.diagnostics).map(formatDiagnostic);
      const errors = p.diagnostics.filter((d) => d.severity === 'error').length;
      const plan = errors ? '' : formatPlan(planRun(p.graph, p.config.concurrency), p.graph.cards.size, p.config.concurrency);
      const text = [...problems, plan || `${errors} error(s): fix them, then validate again`].join('\n');
      const result = ok(text, { valid: errors === 0, errors, warnings: p.diagnostics.length - errors, problems, cards: p.graph.cards.size });
      return errors ? { ...result, isError: true } : result;
    },

    add_card(args: Args<'add_card'>): ToolResult {
      project();
      const fields = pick(args, ['title', 'deps', 'agent', 'command', 'inputs', 'outputs', 'verify', 'final', 'always', 'estimate']);
      const added = addCard(root, { id: args.id, body: args.body, fields });
      if (!added.file) return fail(added.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
      return ok(`wrote ${added.file}`, { file: added.file });
    },

    async run(args: Args<'run'>): Promise<ToolResult> {
      const p = project();
      if (hasErrors(p.diagnostics)) return fail(sortDiagnostics(p.diagnostics).filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n'));
      const holder = activeRunner(p);
      if (holder !== undefined) return fail(`error another run holds .orchestrator (pid ${holder}) — call wait until it ends`);
      const flags: string[] = [];
      if (args.concurrency) flags.push('--concurrency', String(args.concurrency));
      if (args.only?.length) flags.push('--only', ...args.only);
      if (args.force?.length) flags.push('--force', ...args.force);
      const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
      const started = await startDetached(root, cli, flags);
      if ('exitCode' in started) return fail(`error the run exited at once with code ${started.exitCode} — see .orchestrator/logs/runner.log`);
      return ok(`running in the background (pid ${started.pid}); call wait until it ends`, { pid: started.pid });
    },

    async wait(args: Args<'wait'>, progress: Progress, signal: AbortSignal): Promise<ToolResult> {
      project();
      return waitWithProgress(root, (args.timeoutSeconds ?? 50) * 1000, progress, signal);
    },

    status(): ToolResult {
      project();
      const { view } = readView(root);
      const json = JSON.parse(statusJson(view)) as Record<string, unknown>;
      return ok(renderStatusTerminal(view, { color: false, width: 120 }), { running: view.running, counts: view.counts, cards: json.cards });
    },

    logs(args: Args<'logs'>): ToolResult {
      const p = project();
      const names = fs.existsSync(p.layout.logs) ? fs.readdirSync(p.layout.logs, { withFileTypes: true }) : [];
      const attempts = names
        .flatMap((d) => { const m = new RegExp(`^${escape(args.id)}\\.(\\d+)\\.log$`).exec(d.name); return m ? [Number(m[1])] : []; })
        .sort((a, b) => a - b);
      const attempt = args.attempt ?? attempts.at(-1);
      if (attempt === undefined || !attempts.includes(attempt)) {
        if (!p.graph.cards.has(args.id)) return fail(`error unknown card "${args.id}" — see status for the ids`);
        return fail(`error no log for "${args.id}"${args.attempt ? ` attempt ${args.attempt}` : ''} — ${attempts.length ? `its attempts: ${attempts.join(', ')}` : 'it has not run yet'}`);
      }
      const file = logPath(p.layout, args.id, attempt);
      return ok(tailOf(fs.readFileSync(file, 'utf8'), args.maxBytes ?? 20_000), { file: rel(p.layout, file), attempt, attempts });
    },

    async report(args: Args<'report'>): Promise<ToolResult> {
      project();
      const { project: p, view } = readView(root);
      await writeReport(p.layout, view);
      const text = fs.readFileSync(p.layout.report, 'utf8');
      const max = args.maxBytes ?? 60_000;
      const cut = Buffer.byteLength(text) > max;
      const shown = cut ? `${Buffer.from(text).subarray(0, max).toString('utf8')}\n\n[… cut at ${max} bytes: read ${rel(p.layout, p.layout.report)} for the whole report]` : text;
      return ok(shown, { file: rel(p.layout, p.layout.report), bytes: Buffer.byteLength(text), cut });
    },

    async reset(args: Args<'reset'>): Promise<ToolResult> {
      project();
      if (!args.ids?.length && !args.failed && !args.all) return fail('error nothing to reset — give ids, or failed: true, or all: true');
      const { ids, notes } = await resetWithWorktrees(root, { ids: args.ids ?? [], failed: args.failed ?? false, all: args.all ?? false });
      const said = ids.length ? `reset ${ids.length} card(s): ${ids.join(', ')}` : 'nothing to reset';
      return ok([said, ...notes].join('\n'), { reset: ids, ...(notes.length ? { worktrees: notes } : {}) });
    },
  };
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (value[k] !== undefined) out[k] = value[k];
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
