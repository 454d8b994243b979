#!/usr/bin/env node
// `npm run demo`: run the repo-health example on this repository with the built CLI, then show
// where the report is and how it begins. It never touches an .orchestrator/ that is not its own:
// if the repository already has another one, the demo runs on a temporary copy instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'main.js');
const example = path.join(root, 'examples', 'repo-health', '.orchestrator');
const MARKER = '# orch example: repo-health';
/** What the demo copies from the example: the settings, the cards and their scripts, never run state. */
const EXAMPLE_PARTS = ['orchestrator.yaml', 'tasks', 'scripts'];
/** Left out of the temporary copy of the repository. */
const NOT_COPIED = new Set(['.git', 'node_modules', '.orchestrator', 'dist', 'coverage']);

if (!fs.existsSync(cli)) {
  console.error('orch is not built yet: run `npm install` (or `npm run build`), then `npm run demo` again.');
  process.exit(2);
}

const project = chooseProject();
const orch = (...args) => spawnSync(process.execPath, [cli, ...args], { cwd: project.dir, stdio: 'inherit' });

console.log(`orch demo: the repo-health example (command cards only: no model, no API key) on ${project.describe}\n`);
if (project.fresh) {
  console.log(`copied examples/repo-health/.orchestrator to ${path.join(project.shown, '.orchestrator')}/\n`);
} else {
  // The demo's own folder from an earlier run: scan again rather than show old results.
  spawnSync(process.execPath, [cli, 'reset', '--all'], { cwd: project.dir, stdio: 'ignore' });
}

const run = orch('run');
const code = run.status ?? (run.signal === 'SIGINT' ? 130 : 1);

const report = path.join(project.dir, '.orchestrator', 'report.md');
if (fs.existsSync(report)) {
  const shown = path.join(project.shown, '.orchestrator', 'report.md');
  console.log(`\nThe report is ${shown}. It begins:\n`);
  console.log(firstLines(fs.readFileSync(report, 'utf8'), 20).replace(/^/gm, '  '));
  const summary = path.join(project.dir, '.orchestrator', 'results', 'summary.md');
  if (fs.existsSync(summary)) {
    console.log('\nand its summary card says:\n');
    console.log(firstLines(fs.readFileSync(summary, 'utf8'), 25).replace(/^/gm, '  '));
  }
  console.log(`\nRead it all: cat ${shown}`);
}
process.exit(code);

/** The repository itself, unless it holds an .orchestrator/ that is not the demo's: then a temporary copy. */
function chooseProject() {
  const own = path.join(root, '.orchestrator');
  if (!fs.existsSync(own)) {
    copyExample(own);
    return { dir: root, shown: '.', describe: 'this repository', fresh: true };
  }
  if (isDemoFolder(own)) return { dir: root, shown: '.', describe: 'this repository', fresh: false };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-demo-'));
  fs.cpSync(root, dir, { recursive: true, filter: (src) => !NOT_COPIED.has(path.basename(src)) || src === root });
  // The type check card uses the project's own TypeScript: lend it the installed packages.
  if (fs.existsSync(path.join(root, 'node_modules'))) fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  copyExample(path.join(dir, '.orchestrator'));
  console.log(`${path.relative(process.cwd(), own) || own}/ already exists and is not the demo's, so it is left alone.`);
  return { dir, shown: dir, describe: `a copy of this repository in ${dir}`, fresh: true };
}

function isDemoFolder(dir) {
  try {
    return fs.readFileSync(path.join(dir, 'orchestrator.yaml'), 'utf8').startsWith(MARKER);
  } catch {
    return false;
  }
}

function copyExample(target) {
  fs.mkdirSync(target, { recursive: true });
  for (const part of EXAMPLE_PARTS) fs.cpSync(path.join(example, part), path.join(target, part), { recursive: true });
}

function firstLines(text, count) {
  const lines = text.split('\n');
  return lines.slice(0, count).join('\n') + (lines.length > count ? '\n…' : '');
}
