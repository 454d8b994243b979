import { git, gitOut, lines } from './git.js';
import { cardsTouching, describeConflict, diffstat, findMerged, mergeMessage, type MergeRequest, type MergeResult } from './merge.js';

/**
 * Merge one card's commit into the integration branch without checking a file out, for runs with
 * no `merge.verify` (git 2.38+): `merge-tree --write-tree` finds the conflicts (the same merge
 * machinery as `git merge`), `commit-tree` makes the merge commit and `update-ref` moves the branch
 * only if it is still where the merge started. A crash before that last step leaves nothing to undo.
 */
export async function mergeWithoutCheckout(top: string, branch: string, request: Omit<MergeRequest, 'verify' | 'verifyCwd'>): Promise<MergeResult> {
  const ref = `refs/heads/${branch}`;
  const tip = await gitOut(top, ['rev-parse', '--verify', '-q', `${ref}^{commit}`]);
  if (request.recovering) {
    const found = await findMerged(top, request.card, request.commit, tip);
    if (found) return { kind: 'already', commit: found, ...(await diffstat(top, `${found}^1`, found)) };
  }
  const merged = await git(top, ['merge-tree', '--write-tree', '--name-only', '--no-messages', tip, request.commit]);
  const [tree, ...conflicted] = lines(merged.stdout);
  // exit 1 is a conflict only with a tree written: git's own errors exit 1 too, with nothing on stdout
  if (!tree || !/^[0-9a-f]{40,64}$/.test(tree) || (merged.exitCode !== 0 && merged.exitCode !== 1)) {
    throw new Error(`git merge-tree failed: ${(merged.stderr || merged.stdout).trim().split('\n').slice(-2).join(' ') || `exit ${merged.exitCode}`}`);
  }
  if (merged.exitCode === 1) {
    const files = conflicted;
    if (!files.length) throw new Error(`git merge-tree found a conflict in no file: ${merged.stderr.trim().split('\n').slice(-2).join(' ')}`);
    const base = await gitOut(top, ['merge-base', tip, request.commit]);
    const cards = await cardsTouching(top, base, files, tip);
    const description = await describeConflict(top, base, files, cards, tip);
    return { kind: 'conflict', files, cards, description };
  }
  request.midMerge?.();
  const commit = await gitOut(top, ['commit-tree', tree, '-p', tip, '-p', request.commit, '-F', '-'], { input: mergeMessage(request), env: request.env });
  await gitOut(top, ['update-ref', '-m', `merge ${request.branch}`, ref, commit, tip]);
  return { kind: 'merged', commit, ...(await diffstat(top, tip, commit)) };
}

let mergeTree: Promise<boolean> | undefined;

/** Has this git `merge-tree --write-tree` (2.38+)? Asked once per process. */
export function canMergeWithoutCheckout(): Promise<boolean> {
  mergeTree ??= git(process.cwd(), ['version']).then((r) => {
    const [major = 0, minor = 0] = (/(\d+)\.(\d+)/.exec(r.stdout) ?? []).slice(1).map(Number);
    return r.ok && (major > 2 || (major === 2 && minor >= 38));
  });
  return mergeTree;
}
