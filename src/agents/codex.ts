import fs from 'node:fs';
import path from 'node:path';
import { agentCwd, agentEnv, modelOf, runCli } from './cli-run.js';
import { readCodexOutput } from './codex-output.js';
import type { AgentAdapter, AgentReply, AttemptRequest } from './types.js';
import { takeFile } from './take-file.js';

/**
 * Codex in exec mode: `codex exec --json --output-last-message=<file> --sandbox=… --cd=<cwd> … -`, prompt on stdin.
 * The final message comes from the -o file; progress, errors and tokens from the JSON lines.
 */
export const codexAdapter: AgentAdapter = {
  name: 'codex',
  async run(req: AttemptRequest): Promise<AgentReply> {
    const bin = req.agent.bin ?? 'codex';
    const lastFile = `${req.resultFile}.codex-last`;
    fs.rmSync(lastFile, { force: true });
    fs.mkdirSync(path.dirname(lastFile), { recursive: true });
    const { result, failure } = await runCli(req, bin, codexArgs(req, lastFile), agentEnv(req));
    const last = takeFile(lastFile);
    return failure ?? readCodexOutput(result, last);
  },
};

export function codexArgs(req: AttemptRequest, lastFile: string): string[] {
  const cwd = agentCwd(req);
  // every value is joined to its flag (clap reads `--flag=value` whole): a value can never be a flag
  const args = ['exec', '--json', `--output-last-message=${lastFile}`, `--sandbox=${req.card.write ? 'workspace-write' : 'read-only'}`];
  const model = modelOf(req);
  if (model) args.push(`--model=${model}`);
  args.push(`--cd=${cwd}`);
  // Codex refuses to run outside a git repository unless told to.
  if (!insideGitRepo(cwd)) args.push('--skip-git-repo-check');
  // `-` last: the prompt is read from stdin (after any extra arguments, which are options).
  return [...args, ...req.agent.args, '-'];
}

function insideGitRepo(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

