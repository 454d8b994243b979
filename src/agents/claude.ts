import { agentEnv, modelOf, runCli } from './cli-run.js';
import { readClaudeOutput } from './claude-output.js';
import type { AgentAdapter, AgentReply, AttemptRequest } from './types.js';

/**
 * Claude Code in print mode: `claude -p --output-format=stream-json --verbose …`, prompt on stdin.
 * Every flag that takes a value is written `--flag=value`: --allowedTools/--disallowedTools/--add-dir
 * are variadic and would swallow the next word.
 */
export const claudeAdapter: AgentAdapter = {
  name: 'claude',
  async run(req: AttemptRequest): Promise<AgentReply> {
    const bin = req.agent.bin ?? 'claude';
    const { result, failure } = await runCli(req, bin, claudeArgs(req), agentEnv(req, { DISABLE_AUTOUPDATER: '1' }));
    if (failure) return failure;
    const reply = readClaudeOutput(result);
    if (reply.permissionDenials?.length) {
      req.log(`\n[orch] claude denied ${reply.permissionDenials.length} tool call(s): ${reply.permissionDenials.join(', ')}\n`);
    }
    return reply;
  },
};

/** Tools that change files. Bash stays: in the default mode -p denies any command that is not read-only. */
const EDIT_TOOLS = 'Edit,Write,NotebookEdit';

export function claudeArgs(req: AttemptRequest): string[] {
  const args = ['-p', '--output-format=stream-json', '--verbose'];
  const model = modelOf(req);
  if (model) args.push(`--model=${model}`);
  if (req.card.maxTurns !== undefined) args.push(`--max-turns=${req.card.maxTurns}`);
  if (req.card.maxCostUsd !== undefined) args.push(`--max-budget-usd=${req.card.maxCostUsd}`);
  // write:false keeps the `default` mode (stated, so a settings file cannot turn on acceptEdits) and
  // removes the edit tools, so the model never spends turns on edits that -p would deny. Not `plan`:
  // it steers the model to write a plan and call ExitPlanMode (denied in -p) instead of doing the task.
  if (req.card.write) args.push('--permission-mode=acceptEdits');
  else args.push('--permission-mode=default', `--disallowedTools=${EDIT_TOOLS}`);
  return [...args, ...req.agent.args];
}
