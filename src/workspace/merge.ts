import { git, gitOut, lines } from './git.js';
import { runShell } from './shell.js';

export interface MergeRequest {
  card: string;
  title: string;
  run: string;
  /** The card's commit. */
  commit: string;
  branch: string;
  verify?: string;
  /** Where `verify` runs: the project root inside the integration worktree. */
  verifyCwd: string;
  timeoutMs: number;
  env: Record<string, string>;
  write: (s: string) => void;
  /** A run died after committing this: look for it on the integration branch first. */
  recovering?: boolean;
  /** Crash tests: called with the merge staged and not yet committed. */
  midMerge?: () => void;
}

export type MergeResult =
  | { kind: 'merged'; commit: string; files: number; added: number; removed: number; paths: string[] }
  /** The card's commit is on the integration branch already (a run died after merging it). */
  | { kind: 'already'; commit: string; files: number; added: number; removed: number }
  | { kind: 'conflict'; files: string[]; cards: string[]; description: string }
  | { kind: 'verify'; message: string; output: string };

/**
 * Merge one card's commit into the integration branch, in the integration worktree: conflicts are
 * found before anything is committed (and aborted), `merge.verify` runs on the merged tree before
 * the merge commit is made (and a failure aborts it). The branch only ever gains whole, verified merges.
 */
export async function mergeCard(tree: string, request: MergeRequest): Promise<MergeResult> {
  if (request.recovering) {
    const found = await findMerged(tree, request.card, request.commit);
    if (found) return { kind: 'already', commit: found, ...(await diffstat(tree, `${found}^1`, found)) };
  }
  const merge = await git(tree, ['merge', '--no-ff', '--no-commit', '-q', request.commit], { env: request.env });
  if (!merge.ok) {
    const files = lines((await git(tree, ['diff', '--name-only', '--diff-filter=U'])).stdout);
    const base = await gitOut(tree, ['merge-base', 'HEAD', request.commit]);
    const cards = files.length ? await cardsTouching(tree, base, files) : [];
    const description = files.length ? await describeConflict(tree, base, files, cards) : '';
    await git(tree, ['merge', '--abort']);
    await git(tree, ['reset', '-q', '--hard', 'HEAD']);
    if (!files.length) throw new Error(`git merge failed: ${(merge.stderr || merge.stdout).trim().split('\n').slice(-2).join(' ')}`);
    return { kind: 'conflict', files, cards, description };
  }
  request.midMerge?.();
  if (request.verify) {
    request.write(`\n[orch] merge.verify: ${request.verify}\n`);
    const verified = await runShell(request.verify, request.verifyCwd, { timeoutMs: request.timeoutMs, write: request.write });
    if (!verified.ok) {
      await git(tree, ['merge', '--abort']);
      await git(tree, ['reset', '-q', '--hard', 'HEAD']);
      return { kind: 'verify', message: `merge.verify ${verified.message}`, output: verified.output };
    }
  }
  await gitOut(tree, ['commit', '-q', '--no-verify', '-F', '-'], { input: mergeMessage(request), env: request.env });
  const commit = await gitOut(tree, ['rev-parse', 'HEAD']);
  const stat = await diffstat(tree, `${commit}^1`, commit);
  return { kind: 'merged', commit, ...stat };
}

export function mergeMessage(request: Pick<MergeRequest, 'branch' | 'title' | 'run'>): string {
  return `Merge ${request.branch}: ${request.title}`.replace(/\s+/g, ' ') + `\n\nOrch-Run: ${request.run}\n`;
}

/**
 * The integration commit that holds this card's commit: the commit itself when it is an ancestor
 * of HEAD, else a commit whose `Orch-Card` trailer names the card and whose tree is the same.
 */
export async function findMerged(tree: string, card: string, commit: string, tip = 'HEAD'): Promise<string | undefined> {
  if ((await git(tree, ['merge-base', '--is-ancestor', commit, tip])).ok) {
    // the merge commit that brought it in: the first first-parent commit having it as an ancestor
    const path = lines((await git(tree, ['rev-list', '--ancestry-path', '--first-parent', '--reverse', `${commit}..${tip}`])).stdout);
    return path[0] ?? commit;
  }
  const treeOf = (await git(tree, ['rev-parse', `${commit}^{tree}`])).stdout.trim();
  const log = await git(tree, ['log', '--no-merges', '--format=%H%x09%T%x09%(trailers:key=Orch-Card,valueonly,separator=%x2C)', tip]);
  for (const line of lines(log.stdout)) {
    const [hash, t, cards] = line.split('\t');
    if (t === treeOf && (cards ?? '').split(',').map((c) => c.trim()).includes(card)) return hash;
  }
  return undefined;
}

/** The cards whose merged commits since `base` touched these files (from their `Orch-Card` trailers). */
export async function cardsTouching(tree: string, base: string, files: string[], tip = 'HEAD'): Promise<string[]> {
  const log = await git(tree, ['log', '--format=%(trailers:key=Orch-Card,valueonly)', `${base}..${tip}`, '--', ...files]);
  return [...new Set(lines(log.stdout).map((l) => l.trim()))];
}

/** What the agent is told when its change conflicted: who changed those files meanwhile, and how. */
export async function describeConflict(tree: string, base: string, files: string[], cards: string[], tip = 'HEAD'): Promise<string> {
  const diff = (await git(tree, ['diff', `${base}..${tip}`, '--', ...files])).stdout;
  const by = cards.length ? `the merged work of ${cards.map((c) => `"${c}"`).join(', ')}` : 'work merged meanwhile';
  const cut = diff.length > 6000 ? `${diff.slice(0, 6000)}\n… (cut)` : diff;
  return `Your change conflicted with ${by} in ${files.join(', ')}. This attempt starts from the integration branch that now holds that work: do the task again on top of it, keeping their changes.\n\nWhat they changed:\n\n${cut}`;
}

export async function diffstat(tree: string, from: string, to: string): Promise<{ files: number; added: number; removed: number; paths: string[] }> {
  const out = await git(tree, ['diff', '--numstat', '-z', from, to]);
  let added = 0, removed = 0;
  const paths: string[] = [];
  for (const entry of out.stdout.split('\0').filter(Boolean)) {
    const [a, r, ...name] = entry.split('\t');
    added += Number(a) || 0;
    removed += Number(r) || 0;
    if (name.length) paths.push(name.join('\t'));
  }
  return { files: paths.length, added, removed, paths };
}
