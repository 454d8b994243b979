import { renderStatusTerminal } from '../../report/status-terminal.js';
import { readView } from '../../project/view.js';
import { waitForRun } from '../../run/wait.js';
import { plainText, useColor, type Io } from '../io.js';

/** Exit codes: as `orch run` when the run ended; 3 when it is still going at the timeout. */
export async function waitCommand(io: Io, options: { timeoutMs?: number }): Promise<number> {
  const result = await waitForRun(io.cwd, options.timeoutMs ?? Number.POSITIVE_INFINITY);
  if (result.state === 'none') {
    io.err.write('error no run has started in .orchestrator — start one with `orch run --detach`\n');
    return 2;
  }
  io.out.write(renderStatusTerminal(readView(io.cwd).view, { color: useColor(io), emoji: !plainText(io), width: io.out.columns ?? 120 }));
  if (result.state === 'running') {
    io.err.write(`orch: still running (pid ${result.pid}); wait again with \`orch wait\`\n`);
    return 3;
  }
  if (result.state === 'died') {
    io.err.write(`orch: the runner (pid ${result.pid}) stopped before the run ended; \`orch run\` resumes it\n`);
    return 1;
  }
  io.err.write(`orch: the run ended with exit code ${result.exitCode}; the report is .orchestrator/report.md\n`);
  return result.exitCode;
}
