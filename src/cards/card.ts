/** A task card: a markdown file under .orchestrator/tasks/ with YAML front matter. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const CARD_FIELDS = [
  'id', 'title', 'deps', 'agent', 'command', 'model', 'maxTurns', 'maxCostUsd', 'inputs', 'outputs',
  'writes', 'verify', 'write', 'estimate', 'timeout', 'stall', 'retries', 'priority', 'final', 'report',
] as const;

export type CardField = (typeof CARD_FIELDS)[number];

/** Names people reach for that mean a known field. */
export const FIELD_ALIASES: Record<string, CardField> = {
  dependencies: 'deps', depends: 'deps', depends_on: 'deps', dependsOn: 'deps', needs: 'deps', requires: 'deps',
  after: 'deps', name: 'title', cmd: 'command', run: 'command', max_turns: 'maxTurns', budget: 'maxCostUsd',
  max_cost_usd: 'maxCostUsd', files: 'inputs', output: 'outputs', produces: 'outputs', check: 'verify',
  test: 'verify', retry: 'retries', attempts: 'retries', duration: 'estimate', deadline: 'timeout',
};

export interface Card {
  id: string;
  title: string;
  deps: string[];
  /** As written; resolved against the config by `resolveAgent`. */
  agent?: string;
  command?: string | string[];
  model?: string;
  maxTurns?: number;
  maxCostUsd?: number;
  inputs: string[];
  outputs: string[];
  writes: string[];
  verify?: string;
  write: boolean;
  estimateMs?: number;
  timeoutMs?: number;
  stallMs?: number;
  retries?: number;
  priority: number;
  final: boolean;
  report: boolean;
  /** The prompt. */
  body: string;
  /** Path relative to the project root, for messages and links. */
  file: string;
  /** Line of each front-matter key, for diagnostics found after parsing. */
  lines: Partial<Record<CardField, number>>;
  /** Content hash of the card as written (front matter and body). */
  hash: string;
}
