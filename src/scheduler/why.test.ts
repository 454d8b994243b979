import { describe, expect, it } from 'vitest';
import { card } from '../graph/build.test.js';
import { buildGraph } from '../graph/build.js';
import { fingerprintOf, fingerprintParts, type FingerprintParts, type InputsDigest } from './fingerprint.js';
import { predictRun } from './predict.js';
import { inputsChange, whyRun, type WhyInput } from './why.js';

const digest = (files: Record<string, string>): InputsDigest => ({ hash: Object.entries(files).flat().join('|'), count: Object.keys(files).length, files });
const parts = (extra: Partial<FingerprintParts> = {}): FingerprintParts => ({ card: 'c1', agent: 'a1', deps: { lint: 'r1' }, inputs: digest({ 'src/math.js': 'h1', 'test/a.js': 'h2' }), ...extra });
const record = (p = parts()) => ({ fingerprint: fingerprintOf(p), resultHash: 'res', parts: p });
const base: WhyInput = { previous: record(), last: 'done', resultExists: true, forced: false, current: parts(), unknownDeps: [] };

describe('whyRun', () => {
  it.each<[string, Partial<WhyInput>, string | undefined]>([
    ['up to date when nothing changed', {}, undefined],
    ['forced beats everything', { forced: true }, 'forced'],
    ['never ran', { previous: undefined, last: 'never' }, 'never ran'],
    ['reset', { previous: undefined, last: 'reset' }, 'reset'],
    ['failed last time', { previous: undefined, last: 'failed' }, 'failed last time'],
    ['an attempt cut short', { previous: undefined, last: 'running' }, 'did not finish last time'],
    ['a removed result', { resultExists: false }, 'its result file is missing'],
    ['card edited', { current: parts({ card: 'c2' }) }, 'card edited'],
    ['agent settings changed', { current: parts({ agent: 'a2' }) }, 'agent settings changed'],
    ['an input edited', { current: parts({ inputs: digest({ 'src/math.js': 'h9', 'test/a.js': 'h2' }) }) }, 'input src/math.js changed'],
    ['an input added, and more', { current: parts({ inputs: digest({ 'src/a.js': 'n', 'src/math.js': 'h9', 'test/a.js': 'h2' }) }) }, 'input src/a.js added (+1 more)'],
    ['an input no longer matching', { current: parts({ inputs: digest({ 'src/math.js': 'h1' }) }) }, 'input test/a.js removed'],
    ["a dep's result", { current: parts({ deps: { lint: 'r2' } }) }, "dep lint's result changed"],
    ['a dep that reruns: may run', { current: parts({ deps: { lint: '-' } }), unknownDeps: ['lint'] }, 'may run: dep lint reruns'],
    ['a record of an older orch without parts', { previous: { fingerprint: 'old', resultHash: 'res' } }, 'changed since it ran (recorded by an older orch: no details)'],
  ])('%s', (_name, change, why) => {
    const verdict = whyRun({ ...base, ...change });
    expect(verdict.run === 'no' ? undefined : verdict.why).toBe(why);
  });

  it('says how many inputs when too many were recorded to name one', () => {
    expect(inputsChange({ hash: 'a', count: 3000 }, { hash: 'b', count: 3001 })).toBe('inputs changed (3001 files)');
  });
});

describe('fingerprint parts', () => {
  it('is unchanged for a card without inputs, so upgrading reruns nothing', () => {
    const c = card('a', ['b']);
    const p = fingerprintParts(c, 'agent', () => 'rb', () => { throw new Error('no inputs to hash'); });
    expect(p).toEqual({ card: c.hash, agent: 'agent', deps: { b: 'rb' } });
    expect(fingerprintOf(p)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes when the content of a matched file changes, not otherwise', () => {
    const c = card('a', [], 'inputs: [src/**]\n');
    const of = (files: Record<string, string>) => fingerprintOf(fingerprintParts(c, 'x', () => undefined, () => digest(files)));
    expect(of({ 'src/m.js': '1' })).toBe(of({ 'src/m.js': '1' }));
    expect(of({ 'src/m.js': '1' })).not.toBe(of({ 'src/m.js': '2' }));
    expect(of({ 'src/m.js': '1' })).not.toBe(of({ 'src/m.js': '1', 'src/n.js': '1' }));
  });
});

describe('predictRun', () => {
  it('skips up-to-date cards, and says a dependent of a rerunning card may run', () => {
    const cards = [card('a'), card('b', ['a']), card('c')];
    const graph = buildGraph(cards).graph;
    const partsOf = (c: typeof cards[number], dep: (id: string) => string | undefined) => fingerprintParts(c, 'x', dep);
    const recorded = new Map(cards.map((c) => {
      const p = fingerprintParts(c, 'x', (id) => `r-${id}`);
      return [c.id, { fingerprint: fingerprintOf(p), resultHash: `r-${c.id}`, parts: p }];
    }));
    const verdicts = predictRun(graph, (id) => ({ previous: recorded.get(id)!, last: 'done', resultExists: true, forced: id === 'a' }), partsOf);
    expect(Object.fromEntries([...verdicts].map(([id, v]) => [id, v.run === 'no' ? 'no' : v.why]))).toEqual({ a: 'forced', b: 'may run: dep a reruns', c: 'no' });
  });
});
