// What a worktree costs a card: create + commit + merge on a repository of ~5,000 files, and the
// makespan of 20 writing cards of 2 s at concurrency 4, in worktrees vs the project tree.
// Usage: npm run build && node bench/worktree-speed.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist', 'cli', 'main.js');
const FAKE = path.join(REPO, 'test', 'fakes', 'fake-agent');
const { Workspaces } = await import(path.join(REPO, 'dist', 'workspace', 'workspaces.js'));
const { findRepo } = await import(path.join(REPO, 'dist', 'workspace', 'repo.js'));
const { workspaceSettings } = await import(path.join(REPO, 'dist', 'workspace', 'settings.js'));

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

function bigRepo(files = 5000) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-wtbench-'));
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, 'src', `m${Math.floor(i / 100)}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${i}.ts`), `export const v${i} = ${i};\n`.repeat(20));
  }
  fs.writeFileSync(path.join(root, '.gitignore'), '.orchestrator/\n');
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.name', 'Bench');
  git(root, 'config', 'user.email', 'bench@example.com');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  fs.mkdirSync(path.join(root, '.orchestrator', 'tasks'), { recursive: true });
  fs.mkdirSync(path.join(root, '.orchestrator', 'logs'), { recursive: true });
  return root;
}

async function perCard(root, reuse, n = 10) {
  const config = { file: '', defaults: {}, merge: {}, worktree: {}, worktrees: { dir: `${root}-wt`, keep: false } };
  const ws = new Workspaces(await findRepo(root), root, workspaceSettings(config, root));
  await ws.open();
  const times = { create: 0, commit: 0, merge: 0 };
  for (let i = 0; i < n; i++) {
    const card = { id: `p${i}`, title: `p${i}`, deps: [], write: true, outputs: [], writes: [], hash: '', file: '' };
    let t = performance.now();
    const tree = await ws.create(card, 1, 'worktree');
    times.create += performance.now() - t;
    fs.writeFileSync(path.join(tree.path, 'src', 'm0', 'f0.ts'), `changed ${i}\n`);
    t = performance.now();
    const commit = await ws.commit(tree, card, 'bench');
    times.commit += performance.now() - t;
    t = performance.now();
    await ws.merge({ card: card.id, title: card.title, run: 'bench', commit, branch: tree.branch, timeoutMs: 60_000, write: () => {} }, () => {});
    await ws.remove(tree.path, tree.branch, reuse);
    times.merge += performance.now() - t;
  }
  await ws.close();
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v / n)]));
}

function makespan(root, workspace) {
  const tasks = path.join(root, '.orchestrator', 'tasks');
  fs.rmSync(tasks, { recursive: true, force: true });
  fs.mkdirSync(tasks, { recursive: true });
  fs.rmSync(path.join(root, '.orchestrator', 'events.jsonl'), { force: true });
  fs.writeFileSync(path.join(root, '.orchestrator', 'orchestrator.yaml'),
    `concurrency: 4\ndefaults: { agent: fake, retries: 0, timeout: 60s }\nworktrees: { dir: "${root}-wt" }\nagents:\n  fake: { use: command, command: ["${FAKE}"] }\n`);
  for (let i = 0; i < 20; i++) {
    fs.writeFileSync(path.join(tasks, `w${i}.md`), `---\nid: w${i}\nwrite: true\nworkspace: ${workspace}\n---\n@fake write out/${workspace}-${i}.txt card ${i}\n@fake sleep 2000\n`);
  }
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'run', '--json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Math.round(performance.now() - t);
}

const root = bigRepo();
console.log(`repository: ${git(root, 'ls-files').split('\n').length} files; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('per card, fresh worktree, ms (mean of 10):', await perCard(root, false));
console.log('per card, reused worktree, ms (mean of 10):', await perCard(root, true));
const project = makespan(root, 'project');
const worktree = makespan(root, 'worktree');
console.log('20 cards × 2 s at concurrency 4 (ideal 10 s), ms: project', project, '· worktree', worktree, `· ${(worktree / project).toFixed(2)}×`);
