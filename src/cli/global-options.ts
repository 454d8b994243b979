import fs from 'node:fs';
import path from 'node:path';
import { CommanderError, type Command } from 'commander';
import { ORCH_DIR } from '../state/layout.js';
import type { Io } from './io.js';
import { findProjectRoot, samePath } from './project-root.js';

export const HELP_AFTER = `
Examples:
  orch init                      create .orchestrator/ here
  orch add --id lint --agent command --body "npm run lint"
  orch validate                  every problem at once, then the plan
  orch run -j 6                  run with 6 agents at once
  orch run -n                    what would run, in order; runs nothing
  orch run --detach && orch wait --timeout 9m
  orch -C ../other status        as if started in ../other
  orch logs lint                 the latest attempt's output, rendered
  source <(orch completion bash) shell completion (also zsh, fish)

orch finds .orchestrator/ in this folder or the nearest parent that has one, like git.

Exit codes:
  0    every card done (status: none failed or blocked; validate: valid)
  1    some card failed, was blocked or cancelled (validate --strict: warnings)
  2    invalid cards, config or usage, or another run holds the folder
  3    orch wait timed out with the run still going
  130  interrupted
`;

/** Commands that act where they are started instead of on the nearest project. */
const HERE = new Set(['init', 'completion', 'install']);

/** Apply -C, --no-emoji and the walk up to the project to `io` before a command runs; refuse what must not run. */
export function settle(io: Io, given: Io, opts: { C?: string; emoji?: boolean }, action: Command): void {
  if (opts.emoji === false) io.plain = true;
  const start = opts.C === undefined ? given.cwd : path.resolve(given.cwd, opts.C);
  if (opts.C !== undefined && !isDir(start)) refuse(io, `error -C ${opts.C}: no such folder — name an existing folder`);
  const name = action.name();
  const found = HERE.has(name) ? undefined : findProjectRoot(start);
  io.cwd = found ?? start;
  if (name === 'init') {
    const parent = findProjectRoot(path.dirname(start));
    const own = isDir(path.join(start, ORCH_DIR));
    if (!own && parent && opts.C === undefined && !action.opts().here) {
      refuse(io, `error ${path.join(parent, ORCH_DIR)} already exists in a parent folder — run orch there, or pass --here to make a second one in this folder`);
    }
  }
  if ((name === 'run' || name === 'init') && insideOwnCard(io)) {
    refuse(io, `error orch ${name} inside card ${io.env.ORCH_TASK_ID} of this project: orch is for the person or model that started the run, not for its agents — do the card's work directly`);
  }
}

/** An agent orch started (ORCH_TASK_ID set) whose ORCH_DIR is this project's `.orchestrator/`. */
function insideOwnCard(io: Io): boolean {
  const { ORCH_TASK_ID, ORCH_DIR: dir } = io.env;
  return Boolean(ORCH_TASK_ID && dir && samePath(dir, path.join(io.cwd, ORCH_DIR)));
}

function refuse(io: Io, line: string): never {
  io.err.write(`${line}\n`);
  throw new CommanderError(2, 'orch.refused', line);
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
