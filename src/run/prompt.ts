import type { Card } from '../cards/card.js';
import type { EndedDep, FailureNote } from '../scheduler/types.js';

/** A dep's result as the prompt shows it. */
export interface DepResult {
  id: string;
  title: string;
  /** The result file, relative to the project root (the agent's working directory). */
  path: string;
  text: string;
  /** The whole result's size in bytes, when `text` holds only its beginning. */
  length?: number;
}

/** Results longer than this are cut in the prompt; the agent is told where the whole file is. */
export const DEP_RESULT_LIMIT = 24_000;

/** The prompt of one attempt: the card body, then what the runner adds to it. Pure. */
export function buildPrompt(card: Card, deps: readonly DepResult[], failure?: FailureNote, attempt = 1, ended: readonly EndedDep[] = []): string {
  const parts = [card.body.trim()];
  if (deps.length) {
    parts.push('## Results of the cards this task depends on');
    for (const dep of deps) {
      const cut = dep.text.length > DEP_RESULT_LIMIT || dep.length !== undefined;
      const text = cut ? dep.text.slice(0, DEP_RESULT_LIMIT) : dep.text;
      parts.push(`### ${dep.id} · ${dep.title} (${dep.path})`);
      parts.push(fence(text.trim() || '(empty result)'));
      const whole = dep.length !== undefined ? `${dep.length} bytes` : `${dep.text.length} characters`;
      if (cut) parts.push(`(Truncated at ${DEP_RESULT_LIMIT} characters of ${whole}: read ${dep.path} for the whole result.)`);
    }
  }
  if (ended.length) {
    parts.push('## Cards this task depends on that did not finish\n\nThis task runs whatever became of them:\n\n' +
      ended.map((d) => `- ${d.id}: ${d.status}${d.message ? ` — ${d.message}` : ''}`).join('\n'));
  }
  if (card.inputs.length) parts.push('## Inputs\n\nRead these files:\n\n' + card.inputs.map((p) => `- ${p}`).join('\n'));
  if (card.outputs.length) {
    parts.push('## Outputs\n\nThe task succeeds only if you create or change these files:\n\n' + card.outputs.map((p) => `- ${p}`).join('\n'));
  }
  if (card.verify) parts.push(`## Check\n\nAfter you finish, this command must exit 0: \`${card.verify}\``);
  if (failure) {
    parts.push(`## The previous attempt failed\n\nAttempt ${attempt - 1} failed (${failure.kind}): ${failure.message}` +
      (failure.detail ? `\n\n${fence(failure.detail)}` : '') + '\n\nFix the cause, then do the task.');
  }
  return `${parts.join('\n\n')}\n`;
}

/** A fence longer than any backtick run inside the text, so results cannot break out of it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}markdown\n${text}\n${ticks}`;
}
