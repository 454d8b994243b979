import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tempProject, type TempProject } from './helpers.js';

/** git in the test repo; its trimmed output (throws on failure unless `ok` is asked for). */
export function gitIn(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

export function gitOk(cwd: string, ...args: string[]): boolean {
  return spawnSync('git', args, { cwd, stdio: 'ignore' }).status === 0;
}

/** A temp project that is a git repository with one commit; worktrees go to `<root>-wt`. */
export function gitProject(extra = '', files: Record<string, string> = {}): TempProject & { wt: string } {
  const p = tempProject(`concurrency: 4\ndefaults: { agent: fake, retries: 0, timeout: 20s }\nbackoff: { initial: 10ms, factor: 2, max: 50ms }\n${extra}`);
  const wt = `${p.root}-wt`;
  fs.appendFileSync(p.file('.orchestrator/orchestrator.yaml'), `worktrees: { dir: "${wt}" }\n`);
  p.write('.gitignore', '.orchestrator/\n.fake-state/\n');
  p.write('README.md', 'base\n');
  for (const [name, text] of Object.entries(files)) p.write(name, text);
  gitIn(p.root, 'init', '-q', '-b', 'main');
  gitIn(p.root, 'config', 'user.name', 'Test');
  gitIn(p.root, 'config', 'user.email', 'test@example.com');
  gitIn(p.root, 'add', '-A');
  gitIn(p.root, 'commit', '-q', '-m', 'base');
  return Object.assign(p, { wt });
}

/** The Orch-Card trailers of the integration branch's commits, oldest first. */
export function mergedCards(p: TempProject, branch = 'orch/integration'): string[] {
  return gitIn(p.root, 'log', '--reverse', '--no-merges', '--format=%(trailers:key=Orch-Card,valueonly)', branch).split('\n').map((s) => s.trim()).filter(Boolean);
}
