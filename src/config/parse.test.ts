import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../errors.js';
import { parseCard } from '../cards/parse.js';
import { parseConfig } from './parse.js';
import { effectiveRetries } from './retries.js';

const file = '.orchestrator/orchestrator.yaml';

describe('parseConfig', () => {
  it.each([
    ['a goal given as a list', 'goal: [a, b]\n', 1, 'error goal: expected text, got ["a","b"]'],
    ['a number for an agent name', 'defaults: {agent: 5}\n', 1, 'error defaults.agent: expected a name, got 5'],
    ["'yes' for a boolean", "agents:\n  lint:\n    use: command\n    shell: 'yes'\n", 4, 'error agents.lint.shell: expected true or false, got "yes"'],
    ['an unknown top-level setting', 'concurency: 2\n', 1, 'error unknown setting "concurency" — did you mean "concurrency"?'],
    ['an unknown setting in a section', 'defaults:\n  retry: 1\n', 2, 'error unknown setting "defaults.retry" — did you mean "retries"?'],
    ['an unknown agent setting', 'agents:\n  c:\n    use: claude\n    modle: x\n', 4, 'error unknown setting "agents.c.modle" — did you mean "model"?'],
    ['a timeout longer than a timer holds', 'defaults:\n  timeout: 1000h\n', 2, 'error defaults.timeout: "1000h" is longer than a timer can hold'],
    ['a stall longer than a timer holds', 'defaults:\n  stall: 30d\n', 2, 'error defaults.stall: bad duration "30d"'],
    ['a model that reads as a flag', 'agents:\n  c:\n    use: codex\n    model: --dangerously-bypass-approvals-and-sandbox\n', 4, 'error agents.c.model: "--dangerously-bypass-approvals-and-sandbox" would be read as a command-line option'],
    ['a bin that reads as a flag', 'agents:\n  c:\n    use: claude\n    bin: -x\n', 4, 'error agents.c.bin: "-x" would be read as a command-line option'],
    ['a workspace that is not one of the three', 'defaults:\n  workspace: tmp\n', 2, 'error defaults.workspace: expected one of worktree, project, auto, got "tmp"'],
    ['a bad log size', 'maxLogBytes: lots\n', 1, 'error maxLogBytes: bad size "lots"'],
    ['worktrees.keep as text', "worktrees:\n  keep: 'no'\n", 2, 'error worktrees.keep: expected true or false, got "no"'],
    ['merge given as text', 'merge: main\n', 1, 'error merge: expected key: value pairs'],
    ['a list of retries', 'defaults:\n  retries: [1]\n', 2, 'error defaults.retries: expected a whole number ≥ 0, got [1]'],
  ])('rejects %s with file:line', (_name, text, line, message) => {
    const { diagnostics } = parseConfig(text, file);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe('CONFIG_FIELD');
    expect(diagnostics[0]!.place?.line).toBe(line);
    expect(formatDiagnostic(diagnostics[0]!)).toContain(`${file}:${line}:`);
    expect(formatDiagnostic(diagnostics[0]!)).toContain(message);
  });

  it('reads the settings of this round, with their defaults', () => {
    const defaults = parseConfig('', file).config;
    expect(defaults).toMatchObject({
      merge: { into: 'orch/integration' }, worktrees: { keep: false }, worktree: {}, maxLogBytes: 50 * 1024 * 1024, backend: {},
      defaults: { workspace: 'auto', retries: 2, retriesSet: false },
    });
    const { config, diagnostics } = parseConfig([
      'merge: {into: main, verify: npm test}', 'worktrees: {dir: ../wt, keep: true}', 'worktree: {setup: npm ci}',
      'maxLogBytes: 10mb', 'backend: {redis: "redis://localhost:6379", remote: origin}', 'defaults: {workspace: project, retries: 1}',
      'x-team: infra', '',
    ].join('\n'), file);
    expect(diagnostics).toEqual([]);
    expect(config).toMatchObject({
      merge: { into: 'main', verify: 'npm test' }, worktrees: { dir: '../wt', keep: true }, worktree: { setup: 'npm ci' },
      maxLogBytes: 10 * 1024 * 1024, backend: { redis: 'redis://localhost:6379', remote: 'origin' },
      defaults: { workspace: 'project', retries: 1, retriesSet: true },
    });
  });

  it('takes maxLogBytes as a number of bytes too', () => {
    expect(parseConfig('maxLogBytes: 4096\n', file).config.maxLogBytes).toBe(4096);
  });
});

describe('effectiveRetries', () => {
  const card = (front: string) => parseCard(`---\nid: a\n${front}\n---\nDo it.\n`, 'a.md').card!;
  const plain = parseConfig('', file).config;
  const explicit = parseConfig('defaults: {retries: 3}\n', file).config;
  it.each([
    ['a command card by default', 'agent: command\ncommand: "true"', plain, 0],
    ['a model card by default', 'agent: claude', plain, 2],
    ['a card with its own retries', 'agent: command\ncommand: "true"\nretries: 1', plain, 1],
    ['a command card when defaults.retries is set', 'agent: command\ncommand: "true"', explicit, 3],
    ['a model card when defaults.retries is set', 'agent: codex', explicit, 3],
  ])('gives %s', (_name, front, config, retries) => {
    expect(effectiveRetries(card(front), config)).toBe(retries);
  });
});
