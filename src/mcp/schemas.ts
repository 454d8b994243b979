import { z } from 'zod';

/**
 * The tools' input schemas and descriptions: the whole tools/list answer goes into every client's
 * context, so each description says in a sentence or two when to use the tool, and no more.
 * Unknown arguments are refused (strict objects).
 */
const id = z.string().min(1).max(64);
const ids = z.array(id);

export const TOOLS = {
  validate: {
    description: 'Check every card and orchestrator.yaml; returns each problem (file:line) and the plan. Use after writing cards, before run.',
    input: z.object({}).strict(),
  },
  add_card: {
    description: 'Write a new task card (.orchestrator/tasks/<id>.md) from fields; the body is the prompt. Refused with one line if the card would be invalid.',
    input: z.object({
      id, body: z.string().min(1), title: z.string().optional(), deps: ids.optional(), agent: z.string().optional(),
      command: z.string().optional().describe('for command agents: a shell command line'),
      inputs: z.array(z.string()).optional(), outputs: z.array(z.string()).optional(), verify: z.string().optional(),
      final: z.boolean().optional(), always: z.boolean().optional(), estimate: z.string().optional().describe('e.g. 2m'),
    }).strict(),
  },
  run: {
    description: 'Start the runner in the background and return at once (its pid). Then call wait until the run ends.',
    input: z.object({ concurrency: z.number().int().positive().optional(), only: ids.optional(), force: ids.optional() }).strict(),
  },
  wait: {
    description: 'Block until the run ends or timeoutSeconds pass (default 50), with progress as cards end. Returns the counts; running=true means call wait again.',
    input: z.object({ timeoutSeconds: z.number().positive().max(3600).optional() }).strict(),
  },
  status: {
    description: 'The status table of every card, with counts per status.',
    input: z.object({}).strict(),
  },
  logs: {
    description: "A card's latest attempt log (or the attempt given), last maxBytes (default 20000).",
    input: z.object({ id, attempt: z.number().int().positive().optional(), maxBytes: z.number().int().positive().optional() }).strict(),
  },
  report: {
    description: 'Rewrite .orchestrator/report.md from the results and return it (cut at maxBytes, default 60000).',
    input: z.object({ maxBytes: z.number().int().positive().optional() }).strict(),
  },
  reset: {
    description: 'Make cards run again on the next run (their dependents follow; their worktrees are removed): ids, or failed=true, or all=true.',
    input: z.object({ ids: ids.optional(), failed: z.boolean().optional(), all: z.boolean().optional() }).strict(),
  },
} as const;

export type ToolName = keyof typeof TOOLS;
