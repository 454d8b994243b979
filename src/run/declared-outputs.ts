import fs from 'node:fs';
import path from 'node:path';
import { expandGlobs } from '../inputs/expand.js';
import { ORCH_DIR } from '../state/layout.js';

/**
 * The declared outputs that the attempt did not create or change. An entry is satisfied only by a
 * file outside `.orchestrator/` (orch's own prompts, logs and results are never the agent's work)
 * whose mtime or ctime is at or after the attempt's start (`since`, epoch ms). Timestamps rather
 * than a content snapshot: a snapshot would hash every file `**` can match before each attempt,
 * and ctime cannot be set back by tools that preserve mtime (`cp -p`, `tar x`), so a file put in
 * place during the attempt is always seen. Globs are expanded by tinyglobby from the working
 * directory; absolute patterns and patterns leaving it match nothing, without a walk.
 */
export function missingOutputs(root: string, outputs: readonly string[], since: number): string[] {
  const slack = 5; // file-system timestamps can trail the wall clock by a few ms
  return outputs.filter((pattern) => {
    const { files } = expandGlobs(root, [pattern]);
    return !files.some((file) => !ownedByOrch(file) && writtenSince(path.join(root, file), since - slack));
  });
}

function ownedByOrch(file: string): boolean {
  return file === ORCH_DIR || file.startsWith(`${ORCH_DIR}/`);
}

function writtenSince(file: string, since: number): boolean {
  try {
    const stat = fs.lstatSync(file);
    return stat.mtimeMs >= since || stat.ctimeMs >= since;
  } catch {
    return false;
  }
}
