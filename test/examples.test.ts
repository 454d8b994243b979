import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist', 'cli', 'main.js');
const EXAMPLES = path.join(REPO, 'examples');
const examples = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function orch(args: string[], cwd: string): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '1' } });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-examples-'));
  temps.push(dir);
  return dir;
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe('examples', () => {
  it('has the four documented examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['code-review', 'fix-tests', 'repo-health', 'translate-docs']));
  });

  it.each(examples)('%s has a README and a .orchestrator/ with settings and cards', (name) => {
    const dir = path.join(EXAMPLES, name);
    expect(fs.existsSync(path.join(dir, 'README.md'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.orchestrator', 'orchestrator.yaml'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, '.orchestrator', 'tasks')).filter((f) => f.endsWith('.md')).length).toBeGreaterThan(1);
  });

  it.each(examples)('%s passes orch validate with no warnings', (name) => {
    const { code, output } = orch(['validate'], path.join(EXAMPLES, name));
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/^(.*: )?warning /m);
  });
});

describe('repo-health end to end', () => {
  it('runs with command cards only and reports the TODO and the secret', () => {
    const root = tempDir();
    const fakeKey = ['AKIA', 'IOSFODNN7EXAMPLE'].join(''); // AWS's documented example key, split so this file does not match
    write(root, 'src/app.js', 'export function load(path) {\n  // TODO: handle a missing file\n  return path;\n}\n');
    write(root, 'src/util.js', 'export const add = (a, b) => a + b;\n');
    write(root, 'config/deploy.env', `AWS_ACCESS_KEY_ID=${fakeKey}\nREGION=eu-west-1\n`);
    write(root, 'README.md', '# Sample\n\nA small project.\n');
    write(root, 'package.json', JSON.stringify({ name: 'sample', version: '1.0.0', dependencies: { 'left-pad': '^1.3.0' } }, null, 2));
    expect(spawnSync('git', ['init', '-q'], { cwd: root }).status).toBe(0);
    fs.cpSync(path.join(EXAMPLES, 'repo-health', '.orchestrator'), path.join(root, '.orchestrator'), { recursive: true });

    const started = Date.now();
    const { code, output } = orch(['run'], root);
    expect(code, output).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);

    const report = fs.readFileSync(path.join(root, '.orchestrator', 'report.md'), 'utf8');
    expect(report).toContain('TODO: handle a missing file');
    expect(report).toContain('src/app.js:2');
    expect(report).toMatch(/AWS access key id/);
    expect(report).toContain('config/deploy.env:1');
    expect(report).not.toContain(fakeKey); // values are masked
    expect(report).toContain('left-pad');
    expect(report).toContain('no tsconfig.json');

    const summary = fs.readFileSync(path.join(root, '.orchestrator', 'results', 'summary.md'), 'utf8');
    expect(summary).toMatch(/critical/);
    expect(summary).toMatch(/5 files/);
  });
});

describe('the orch init template', () => {
  it('runs out of the box with no API key', () => {
    const root = tempDir();
    expect(orch(['init'], root).code).toBe(0);
    const { code, output } = orch(['run'], root);
    expect(code, output).toBe(0);
    expect(fs.existsSync(path.join(root, '.orchestrator', 'results', 'T-01.md'))).toBe(true);
    expect(fs.existsSync(path.join(root, '.orchestrator', 'report.md'))).toBe(true);
  });
});
