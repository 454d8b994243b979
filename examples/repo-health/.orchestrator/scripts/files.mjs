#!/usr/bin/env node
// The project's files, relative to the project root: tracked and untracked files git does not
// ignore (or, outside git, every file but dependency and build folders). One per line; `-0`
// separates them with NUL for `xargs -0`. Library use: `import { listFiles } from './files.mjs'`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders never scanned: dependencies, build output, version control, orch's own state. */
const SKIP = new Set(['.git', 'node_modules', '.orchestrator', 'dist', 'build', 'coverage', '.next', 'target', 'vendor', '__pycache__', '.venv']);
const MAX_FILES = 50_000;

export function listFiles(root = process.cwd()) {
  const listed = fromGit(root) ?? walk(root);
  return listed
    .filter((rel) => !rel.split('/').some((part) => SKIP.has(part)))
    .filter((rel) => {
      try {
        return fs.lstatSync(path.join(root, rel)).isFile();
      } catch {
        return false; // deleted in the working tree
      }
    })
    .sort()
    .slice(0, MAX_FILES);
}

function fromGit(root) {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024,
    });
    return [...new Set(out.split('\0').filter(Boolean))];
  } catch {
    return undefined;
  }
}

function walk(root, rel = '', out = []) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (out.length >= MAX_FILES) break;
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIP.has(entry.name)) walk(root, child, out);
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

/** True when the file looks binary (a NUL byte in its first 8 KB). */
export function isBinary(buffer) {
  return buffer.subarray(0, 8192).includes(0);
}

/** `1 file`, `2 files`. */
export function plural(count, word, many = `${word}s`) {
  return `${count.toLocaleString('en-US')} ${count === 1 ? word : many}`;
}

/** A line other scripts read back: `<!-- repo-health {"todos":3} -->` (invisible in rendered markdown). */
export function metrics(values) {
  return `<!-- repo-health ${JSON.stringify(values)} -->`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sep = process.argv.includes('-0') ? '\0' : '\n';
  const files = listFiles();
  process.stdout.write(files.length ? files.join(sep) + sep : '');
}
