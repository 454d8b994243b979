import { fileURLToPath } from 'node:url';
import { hasErrors } from '../../errors.js';
import { loadProject } from '../../project/load.js';
import { activeRunner } from '../../project/view.js';
import { startDetached } from '../../run/detach.js';
import { shellFacts, shortLivedShell } from '../../run/detach-guard.js';
import { createProgress, type ProgressMode } from '../../run/progress.js';
import { runProject } from '../../run/runner.js';
import { redisOptions } from '../../remote/connection.js';
import { readEvents } from '../../state/event-log.js';
import { foldHistory } from '../../state/history.js';
import { layoutOf } from '../../state/layout.js';
import { plainText, printDiagnostics, reportError, type Io } from '../io.js';

export interface RunFlags {
  concurrency?: number;
  only?: string[];
  dryRun?: boolean;
  failFast?: boolean;
  detach?: boolean;
  json?: boolean;
  watch?: boolean;
  /** `--force <ids…>` and `-B`: run these (all) whatever their fingerprints. */
  force?: string[];
  forceAll?: boolean;
  redis?: string;
  localToo?: boolean;
}

export async function runCommand(io: Io, flags: RunFlags): Promise<number> {
  if (flags.dryRun) return (await import('./dry-run.js')).dryRun(io, flags);
  if (flags.detach) return detach(io, flags);
  const badRedis = flags.redis === undefined ? undefined : redisOptions(flags.redis);
  if (typeof badRedis === 'string') {
    io.err.write(`error ${badRedis}\n`);
    return 2;
  }
  const mode: ProgressMode = flags.json ? 'json' : io.out.isTTY && !io.env.CI && !io.env.ORCH_DETACHED ? 'live' : 'lines';
  const progress = createProgress(mode, io.out, io.err, { emoji: !plainText(io) });
  const code = await runProject({
    root: io.cwd, progress, concurrency: flags.concurrency, only: flags.only, failFast: flags.failFast, watch: flags.watch,
    ...(flags.forceAll ? { force: 'all' as const } : flags.force?.length ? { force: flags.force } : {}),
    redis: flags.redis, localToo: flags.localToo,
  }).catch((error: unknown) => reportError(io, error));
  if (!flags.json && (code !== 2 || ran(io.cwd))) io.err.write(`orch: ${summary(code)}; see .orchestrator/status.md and .orchestrator/report.md\n`);
  return code;
}

function summary(code: number): string {
  if (code === 2) return 'cards added during the run did not validate and were left out (see the lines above)';
  return code === 0 ? 'all cards done' : code === 130 ? 'interrupted' : 'some cards failed or are blocked';
}

/** Whether this process ran the folder (exit 2 can also mean the run never started). */
function ran(root: string): boolean {
  return foldHistory(readEvents(layoutOf(root).events)).lastRun?.pid === process.pid;
}

async function detach(io: Io, flags: RunFlags): Promise<number> {
  const dies = shortLivedShell(shellFacts(io.env));
  if (dies) {
    io.err.write(`error --detach: ${dies}, so a background runner would be killed when this command returns — run \`orch run\` in the foreground and poll that same shell session until it exits\n`);
    return 2;
  }
  const project = loadProject(io.cwd);
  printDiagnostics(io, project.diagnostics);
  if (hasErrors(project.diagnostics)) return 2;
  const holder = activeRunner(project);
  if (holder !== undefined) {
    io.err.write(`error another run holds .orchestrator (pid ${holder}) — wait for it with \`orch wait\`\n`);
    return 2;
  }
  const args: string[] = [];
  if (flags.concurrency) args.push('--concurrency', String(flags.concurrency));
  if (flags.only?.length) args.push('--only', ...flags.only);
  if (flags.failFast) args.push('--fail-fast');
  if (flags.forceAll) args.push('-B');
  else if (flags.force?.length) args.push('--force', ...flags.force);
  if (flags.json) args.push('--json');
  if (flags.redis) args.push('--redis', flags.redis);
  if (flags.localToo) args.push('--local-too');
  if (io.plain) args.push('--no-emoji');
  const cli = fileURLToPath(new URL('../main.js', import.meta.url));
  let started: Awaited<ReturnType<typeof startDetached>>;
  try {
    started = await startDetached(io.cwd, cli, args);
  } catch (error) {
    return reportError(io, error); // a link or folder in place of logs/runner.log: one line
  }
  if ('exitCode' in started) {
    io.err.write(`orch: the background run exited at once with code ${started.exitCode}; see .orchestrator/logs/runner.log\n`);
    return started.exitCode;
  }
  io.out.write(`${started.pid}\n`);
  io.err.write(`orch: running in the background (pid ${started.pid}); follow with \`orch status --watch\`, wait with \`orch wait\`\n`);
  return 0;
}
