import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../helpers.js';

/** lint → docs, build → tests (inputs src/**, test/**), summary after tests and docs. */
function fiveCards(): TempProject {
  const p = tempProject();
  p.write('src/math.js', 'export const add = (a, b) => a + b;\n');
  p.write('test/math.test.js', 'add(1, 2) === 3\n');
  p.card('lint', '');
  p.card('build', '');
  p.card('tests', 'deps: [build]\ninputs: [src/**, test/**]');
  p.card('docs', 'deps: [lint]');
  p.card('summary', 'deps: [tests, docs]\nfinal: true');
  return p;
}

const starts = (p: TempProject) => p.invocations().filter((i) => i.what === 'start').map((i) => i.card);
/** The cards started by `orch run`, sorted. */
function run(p: TempProject, args: string[] = []): string[] {
  const before = starts(p).length;
  const r = p.orch(['run', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return starts(p).slice(before).sort();
}
/** The ids dry-run lists as starting, in order. */
const wouldStart = (out: string) => [...out.matchAll(/^ {2}\d+\. (\S+) · /gm)].map((m) => m[1]);

describe('incremental by content', () => {
  it('reruns a card when a file its inputs match is edited, and says "input src/math.js changed"', () => {
    const p = fiveCards();
    expect(run(p)).toEqual(['build', 'docs', 'lint', 'summary', 'tests']);
    p.write('src/math.js', 'export const add = (a, b) => a - b;\n');
    const dry = p.orch(['run', '--dry-run']);
    expect(dry.stdout).toMatch(/1\. tests · tests — input src\/math\.js changed/);
    expect(dry.stdout).toMatch(/2\. summary · summary — may run: dep tests reruns/);
    expect(dry.stdout).toContain('3 up to date: build, lint, docs');
    expect(p.orch(['status']).stdout).toMatch(/tests\s+input src\/math\.js changed/);
    // the fake's result is the same text, so summary stays up to date: dep results count by content
    expect(run(p)).toEqual(['tests']);
  });

  it('reruns nothing when nothing changed, and says every card is up to date', () => {
    const p = fiveCards();
    run(p);
    expect(run(p)).toEqual([]);
    const dry = p.orch(['run', '--dry-run']).stdout;
    expect(wouldStart(dry)).toEqual([]);
    expect(dry).toContain('5 up to date: build, lint, docs, tests, summary');
    expect(p.orch(['status']).stdout).toContain('next run: every card is up to date');
  });

  it('counts a file newly matching, or no longer matching, as a change', () => {
    const p = fiveCards();
    run(p);
    p.write('test/more.test.js', 'more\n');
    expect(p.orch(['run', '--dry-run']).stdout).toContain('tests · tests — input test/more.test.js added');
    expect(run(p)).toEqual(['tests']);
    fs.rmSync(p.file('test/more.test.js'));
    expect(p.orch(['run', '--dry-run']).stdout).toContain('input test/more.test.js removed');
    expect(run(p)).toEqual(['tests']);
  });

  it('does not track orch\'s own files or node_modules under a broad glob', () => {
    const p = tempProject();
    p.write('node_modules/dep/index.js', 'x\n');
    p.write('src/a.js', 'a\n');
    p.card('all', 'inputs: ["**/*.js", "**/*.md"]');
    run(p);
    p.write('node_modules/dep/index.js', 'y\n');
    expect(run(p)).toEqual([]); // its own log, prompt and result changed too: none of them is an input
  });

  it('reruns the named cards with --force, and every card with -B, whatever their fingerprints', () => {
    const p = fiveCards();
    run(p);
    expect(p.orch(['run', '--force', 'lint', '--dry-run']).stdout).toMatch(/1\. lint · lint — forced[\s\S]*2\. docs · docs — may run: dep lint reruns/);
    expect(run(p, ['--force', 'lint'])).toEqual(['lint']);
    expect(run(p, ['-B'])).toEqual(['build', 'docs', 'lint', 'summary', 'tests']);
    const bad = p.orch(['run', '--force', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--force: unknown card "nope"');
  });

  it('dry-run after `orch reset tests` lists exactly the cards that will run, with what they run and may write', () => {
    const p = fiveCards();
    run(p);
    expect(p.orch(['reset', 'tests']).code).toBe(0);
    const dry = p.orch(['run', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(wouldStart(dry.stdout)).toEqual(['tests', 'summary']);
    expect(dry.stdout).toMatch(/1\. tests · tests — reset\n {5}agent fake \(command\): \S*fake-agent\n {5}write: false/);
    expect(dry.stdout).toContain('3 up to date: build, lint, docs');
    expect(starts(p).length).toBe(5); // the dry run started nothing
    expect(run(p)).toEqual(['summary', 'tests']);
  });
});

describe('orch show', () => {
  it("prints a card's effective settings and the exact prompt its next attempt would get", () => {
    const p = fiveCards();
    p.card('lint', 'outputs: [out/lint.txt]\ntimeout: 7s', 'Lint it.\n@fake write out/lint.txt ok');
    const before = p.orch(['show', 'docs']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('deps      lint (no result yet)');
    expect(before.stdout).toContain('next run  never ran');
    run(p);
    const show = p.orch(['show', 'lint']).stdout;
    expect(show).toMatch(/runs {6}agent fake \(command\): \S*fake-agent/);
    expect(show).toContain('timeout 7.0s');
    expect(show).toContain('allowed   write: true · outputs: out/lint.txt');
    const tests = p.orch(['show', 'tests']).stdout;
    expect(tests).toContain('inputs    src/** (1 file), test/** (1 file)');
    const docs = JSON.parse(p.orch(['show', 'docs', '--json']).stdout) as { prompt: string; nextRun: string; depsWithoutResult: string[] };
    expect(docs.nextRun).toBe('up to date');
    expect(docs.depsWithoutResult).toEqual([]);
    // the same prompt the last attempt got, since nothing changed
    expect(docs.prompt).toBe(p.read('.orchestrator/logs/prompts/docs.1.md'));
    expect(p.orch(['show', 'lnt']).stderr).toContain('did you mean "lint"?');
  });
});

describe('outputs mean the agent\'s work', () => {
  it.each([['**/*.md'], ['**/*']])('fails outputs_missing for `outputs: [%s]` with `command: echo i-wrote-nothing` although orch wrote its own files', (glob) => {
    const p = tempProject();
    p.card('lazy', `outputs: ['${glob}']\ncommand: echo i-wrote-nothing`);
    expect(p.orch(['run']).code).toBe(1);
    expect(p.events().find((e) => e.card === 'lazy' && e.to === 'failed')).toMatchObject({ errorKind: 'outputs_missing' });
  });

  it('passes `outputs: [**/*.md]` when the agent wrote a markdown file', () => {
    const p = tempProject();
    p.card('writer', "outputs: ['**/*.md']", 'Write.\n@fake write docs/notes.md hello');
    expect(p.orch(['run']).code).toBe(0);
  });
});
