import fs from 'node:fs';
import { runProcess } from './process.js';
import { processFailure } from './process-failure.js';
import type { AgentAdapter, AgentReply, AttemptRequest } from './types.js';
import { plainWords } from './shell-words.js';
import { summaryLine } from './summary-line.js';

/**
 * Any program. A card's own `command` string runs through the shell (like a make recipe; plain
 * words are run directly, as make does), a list runs as argv; an agent's `command` runs as argv unless `shell: true`. The prompt goes to stdin.
 * The result is what the program wrote to $ORCH_RESULT_FILE, else its stdout, which streams to a
 * file beside it (never into memory, however large): the reply names the file.
 */
export const commandAdapter: AgentAdapter = {
  name: 'command',
  async run(req: AttemptRequest): Promise<AgentReply> {
    const { file, args, shell } = commandLine(req);
    const env = {
      ...req.agent.env,
      ORCH_TASK_ID: req.card.id,
      ORCH_ATTEMPT: String(req.attempt),
      ORCH_DIR: req.orchDir,
      ORCH_RESULT_FILE: req.resultFile,
      ORCH_PROMPT_FILE: req.promptFile,
    };
    const stdoutFile = `${req.resultFile}.stdout`;
    const result = await runProcess({
      file, args, shell, input: req.prompt, cwd: req.agent.cwd ?? req.cwd, env, mark: req.mark,
      logFile: req.logFile, logLimit: req.logLimit, stdoutFile, stdoutCap: 64 * 1024,
      timeoutMs: req.timeoutMs, stallMs: req.stallMs, signal: req.signal, onSpawn: req.onSpawn,
    });
    const written = fs.existsSync(req.resultFile);
    if (result.exitCode !== 0 || result.ioError || result.stoppedFor || result.spawnError) fs.rmSync(stdoutFile, { force: true });
    if (result.spawnError === 'ENOENT' && req.card.command) {
      return { ok: false, text: '', errorKind: 'not_found', message: `command not found: ${file} — check the card's command` };
    }
    const failure = processFailure(result, req.agent, file);
    if (failure) return failure;
    if (result.exitCode === 0) {
      if (written) {
        fs.rmSync(stdoutFile, { force: true });
        return { ok: true, text: '', resultFile: req.resultFile, exitCode: 0 };
      }
      const reply: AgentReply = { ok: true, text: '', resultFile: stdoutFile, exitCode: 0 };
      if (result.stdoutHash) reply.resultHash = result.stdoutHash;
      return reply;
    }
    const text = result.stdout;
    if (shell && result.exitCode === 127) {
      return { ok: false, text, exitCode: 127, errorKind: 'not_found', message: `command not found: ${summaryLine(result.stderr) || file} — check the card's command` };
    }
    const why = summaryLine(result.tail);
    return { ok: false, text, exitCode: result.exitCode, errorKind: 'exit', message: `exited with code ${result.exitCode}${why ? `: ${why}` : ''}` };
  },
};

function commandLine(req: AttemptRequest): { file: string; args: string[]; shell: boolean } {
  const command = req.card.command ?? req.agent.command ?? [];
  const extra = req.agent.args;
  if (typeof command === 'string') {
    const line = [command, ...extra].join(' ');
    const words = plainWords(line);
    return words ? { file: words[0]!, args: words.slice(1), shell: false } : { file: line, args: [], shell: true };
  }
  const [first = req.agent.bin ?? 'true', ...rest] = command;
  if (req.agent.shell && !req.card.command) return { file: [first, ...rest, ...extra].join(' '), args: [], shell: true };
  return { file: req.agent.bin && !req.card.command ? req.agent.bin : first, args: [...rest, ...extra], shell: false };
}
