import { fingerprintOf, type FingerprintParts, type InputsDigest } from './fingerprint.js';
import type { CardStatus } from './status.js';
import type { DoneRecord } from './types.js';

/** Whether a card will run on the next `orch run`, and why. `maybe`: a dep reruns and its result cannot be known yet. */
export type Verdict = { run: 'yes'; why: string } | { run: 'maybe'; why: string } | { run: 'no' };

export interface WhyInput {
  /** Its last done record (absent after a failure, a reset, or if it never finished). */
  previous?: DoneRecord;
  /** Its last recorded state: a status, `reset`, or `never` when the log has nothing of it. */
  last: CardStatus | 'reset' | 'never';
  resultExists: boolean;
  forced: boolean;
  /** The fingerprint parts now; deps in `unknownDeps` are not known yet (they rerun first). */
  current: FingerprintParts;
  unknownDeps: readonly string[];
}

const NOT_DONE: Partial<Record<WhyInput['last'], string>> = {
  never: 'never ran', reset: 'reset', failed: 'failed last time', blocked: 'blocked last time', cancelled: 'cancelled last time',
  'awaiting-approval': 'awaited approval last time',
};

/** Why a card would run, from its previous done record and its fingerprint parts now. Pure. */
export function whyRun(input: WhyInput): Verdict {
  const { previous, current } = input;
  if (input.forced) return { run: 'yes', why: 'forced' };
  if (!previous) return { run: 'yes', why: NOT_DONE[input.last] ?? 'did not finish last time' };
  if (!input.resultExists) return { run: 'yes', why: 'its result file is missing' };
  const was = previous.parts;
  if (was) {
    if (was.card !== current.card) return { run: 'yes', why: 'card edited' };
    if (was.agent !== current.agent) return { run: 'yes', why: 'agent settings changed' };
    const inputs = inputsChange(was.inputs, current.inputs);
    if (inputs) return { run: 'yes', why: inputs };
    const changed = Object.keys(current.deps).find((id) => !input.unknownDeps.includes(id) && was.deps[id] !== current.deps[id]);
    if (changed) return { run: 'yes', why: `dep ${changed}'s result changed` };
  }
  if (input.unknownDeps.length) {
    const [first, ...rest] = input.unknownDeps;
    return { run: 'maybe', why: rest.length ? `may run: deps ${[first, ...rest].join(', ')} rerun` : `may run: dep ${first} reruns` };
  }
  if (fingerprintOf(current) !== previous.fingerprint) return { run: 'yes', why: was ? 'its fingerprint changed' : 'changed since it ran (recorded by an older orch: no details)' };
  return { run: 'no' };
}

/** "input src/math.js changed (+2 more)", or undefined when the inputs are the same. */
export function inputsChange(was: InputsDigest | undefined, now: InputsDigest | undefined): string | undefined {
  if (!now || was?.hash === now.hash) return undefined;
  if (!was) return 'inputs are tracked now';
  if (!was.files || !now.files) return `inputs changed (${now.count} files)`;
  const paths = [...new Set([...Object.keys(was.files), ...Object.keys(now.files)])].sort();
  const changed = paths.filter((p) => was.files![p] !== now.files![p]);
  if (!changed.length) return 'inputs changed';
  const first = changed[0]!;
  const what = !(first in was.files) ? 'added' : !(first in now.files) ? 'removed' : 'changed';
  return `input ${first} ${what}${changed.length > 1 ? ` (+${changed.length - 1} more)` : ''}`;
}
