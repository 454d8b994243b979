/**
 * The one table of card fields. The parser, the validator, `orch add`'s flags and the docs
 * (skill/reference/cards.md) all read it: a new field is one row here (and its place on `Card`).
 */
export type FieldType =
  | 'id' | 'text' | 'ids' | 'globs' | 'agents' | 'command' | 'count' | 'int' | 'dollars' | 'bool' | 'duration' | 'enum';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** The default as a person reads it, for the docs and `orch add --help`. */
  readonly default: string;
  readonly doc: string;
  /** Names people reach for that mean this field. */
  readonly aliases?: readonly string[];
  /** The allowed words of an `enum`. */
  readonly values?: readonly string[];
  /** `duration`: held by a Node timer, so at most MAX_TIMER_MS. */
  readonly timer?: boolean;
  /** `text`: put on an agent's command line, so it must not start with `-`. */
  readonly argv?: boolean;
  /** Not offered as an `orch add` flag (the id and the body have their own). */
  readonly noFlag?: boolean;
}

export const FIELD_TABLE = [
  { name: 'id', type: 'id', default: 'required', doc: 'unique; `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`, kept as written (`1.50` stays `1.50`)', noFlag: true },
  { name: 'title', type: 'text', default: 'first heading of the body, else the id', doc: 'shown in status and report', aliases: ['name'] },
  { name: 'deps', type: 'ids', default: '`[]`', doc: 'cards that must be done first; their results are inlined', aliases: ['dependencies', 'depends', 'depends_on', 'dependsOn', 'dependson', 'needs', 'requires', 'after'] },
  { name: 'agent', type: 'agents', default: '`defaults.agent`', doc: 'an agent from `orchestrator.yaml` or an adapter name; a list (`[claude, codex]`) is a fallback order' },
  { name: 'command', type: 'command', default: 'none', doc: 'only for `command` agents: a string runs through the shell, a list runs as argv', aliases: ['cmd', 'run'] },
  { name: 'model', type: 'text', default: "the agent's model", doc: "overrides the agent's model for this card", argv: true },
  { name: 'maxTurns', type: 'count', default: 'agent default', doc: 'turn limit, for agents that have one', aliases: ['max_turns'] },
  { name: 'maxCostUsd', type: 'dollars', default: 'none', doc: 'dollars per attempt, where the agent can enforce it', aliases: ['budget', 'max_cost_usd'] },
  { name: 'inputs', type: 'globs', default: '`[]`', doc: 'files the card reads; listed in the prompt; editing a matched file (or a file newly matching) runs the card again', aliases: ['files'] },
  { name: 'outputs', type: 'globs', default: '`[]`', doc: 'files the card must create or change, outside `.orchestrator/` and inside the project', aliases: ['output', 'produces'] },
  { name: 'writes', type: 'globs', default: '`[]`', doc: 'files it may change; cards with overlapping writes never run at once' },
  { name: 'verify', type: 'text', default: 'none', doc: 'shell command that must exit 0 for the card to succeed', aliases: ['check', 'test'] },
  { name: 'write', type: 'bool', default: '`false`, or `true` when `outputs` or `writes` is set', doc: 'may the agent edit files? `false` with `outputs` or `writes` is an error' },
  { name: 'workspace', type: 'enum', values: ['worktree', 'project', 'auto'], default: '`defaults.workspace` (auto)', doc: 'where the agent works: its own git worktree, the project itself, or auto (a worktree for writing cards in a git repository)' },
  { name: 'onConflict', type: 'enum', values: ['redo', 'fail'], default: '`redo`', doc: "when the card's work does not merge cleanly: run it again on the new base, or fail" },
  { name: 'estimate', type: 'duration', default: 'one unit', doc: 'expected run time; the critical path is scheduled first', aliases: ['duration'] },
  { name: 'timeout', type: 'duration', timer: true, default: '`defaults.timeout` (5m)', doc: 'per attempt; the whole process tree is killed', aliases: ['deadline'] },
  { name: 'stall', type: 'duration', timer: true, default: '`defaults.stall` (5m)', doc: 'kill an attempt that prints nothing for this long' },
  { name: 'retries', type: 'int', default: '0 for `command` agents, 2 for model agents (or `defaults.retries` when set)', doc: 'attempts after the first', aliases: ['retry', 'attempts'] },
  { name: 'priority', type: 'int', default: '`0`', doc: 'tie-breaker among ready cards; lower runs first' },
  { name: 'final', type: 'bool', default: '`false`', doc: 'the merge/summary card: its result opens the report' },
  { name: 'always', type: 'bool', default: '`false`', doc: 'run once every dep has ended, whatever its status (a summary of a partly failed run)' },
  { name: 'approve', type: 'bool', default: '`false`', doc: 'wait in `awaiting-approval` for `orch approve <id>` or `orch reject <id>` before starting' },
  { name: 'report', type: 'bool', default: '`true`', doc: '`false` leaves the result out of the report body' },
  { name: 'format', type: 'enum', values: ['markdown', 'text'], default: '`text` for `command` agents, else `markdown`', doc: 'how the report shows the result: as markdown, or as-is in a fenced block' },
] as const satisfies readonly FieldSpec[];

export type CardField = (typeof FIELD_TABLE)[number]['name'];

export const CARD_FIELDS: readonly CardField[] = FIELD_TABLE.map((f) => f.name);

const SPECS: ReadonlyMap<string, FieldSpec> = new Map(FIELD_TABLE.map((f) => [f.name, f as FieldSpec]));

export function fieldSpec(name: string): FieldSpec | undefined {
  return SPECS.get(name);
}

/** Names people reach for that mean a known field. */
export const FIELD_ALIASES: Readonly<Record<string, CardField>> = Object.fromEntries(
  FIELD_TABLE.flatMap((f) => ((f as FieldSpec).aliases ?? []).map((a) => [a, f.name])),
);

const TYPE_WORDS: Record<FieldType, string> = {
  id: 'text', text: 'text', ids: 'list of ids', globs: 'list of globs', agents: 'name, or list of names',
  command: 'text or list', count: 'whole number ≥ 1', int: 'whole number', dollars: 'number', bool: 'true/false',
  duration: 'duration', enum: '',
};

export function typeWords(spec: FieldSpec): string {
  return spec.type === 'enum' ? (spec.values ?? []).join(' \\| ') : TYPE_WORDS[spec.type];
}

/** The Markdown table of every field, as skill/reference/cards.md shows it. */
export function renderFieldTable(): string {
  const rows = FIELD_TABLE.map((f) => `| \`${f.name}\` | ${typeWords(f)} | ${f.default} | ${f.doc} |`);
  return ['| field | type | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
