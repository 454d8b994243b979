import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { card } from '../graph/build.test.js';
import { expandGlobs } from './expand.js';
import { createInputHasher, statCachePath } from './hasher.js';
import { StatCache } from './stat-cache.js';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orch-inputs-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}


describe('expandGlobs', () => {
  it("skips .orchestrator/, node_modules/ and .git/ unless the pattern names them", () => {
    const root = project({ 'src/a.js': '', '.orchestrator/logs/x.md': '', 'node_modules/m/i.js': '', '.git/HEAD': '', 'src/.hidden': '' });
    expect(expandGlobs(root, ['**']).files).toEqual(['src/.hidden', 'src/a.js']);
    expect(expandGlobs(root, ['node_modules/m/*.js']).files).toEqual(['node_modules/m/i.js']);
    expect(expandGlobs(root, ['.orchestrator/logs/*.md']).files).toEqual(['.orchestrator/logs/x.md']);
  });

  it('does not walk the file system for absolute or climbing patterns', () => {
    const root = project({ 'a.x': '' });
    const started = process.hrtime.bigint();
    expect(expandGlobs(root, ['/**/*.x', '../**/*.x'])).toEqual({ files: [], outside: ['/**/*.x', '../**/*.x'] });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });

  it('does not follow a symlinked folder out of the project', () => {
    const outside = project({ 'secret.js': 's' });
    const root = project({ 'src/a.js': '' });
    fs.symlinkSync(outside, path.join(root, 'src', 'linked'));
    expect(expandGlobs(root, ['src/**']).files).toEqual(['src/a.js']);
  });
});

describe('createInputHasher', () => {
  it('names every matched file with its content hash, and sees an edit', () => {
    const root = project({ 'src/math.js': 'a', 'src/b.js': 'b' });
    const c = card('t', [], 'inputs: [src/**]\n');
    const before = createInputHasher(root).digest(c);
    expect(Object.keys(before.files!)).toEqual(['src/b.js', 'src/math.js']);
    fs.writeFileSync(path.join(root, 'src/math.js'), 'A');
    const after = createInputHasher(root).digest(c);
    expect(after.hash).not.toBe(before.hash);
    expect(after.files!['src/b.js']).toBe(before.files!['src/b.js']);
  });

  it.each(['src/link.txt', 'src/dir/secret.txt'])('does not read a file outside the project through a link (%s)', (input) => {
    const outside = project({ 'secret.txt': 'one' });
    const root = project({});
    fs.mkdirSync(path.join(root, 'src'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'src', 'link.txt'));
    fs.symlinkSync(outside, path.join(root, 'src', 'dir'));
    const c = card('t', [], `inputs: [${input}]\n`);
    const before = createInputHasher(root).digest(c);
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'two');
    expect(createInputHasher(root).digest(c).hash).toBe(before.hash);
  });

  it('persists an owner-only stat cache, and ignores a corrupt one', () => {
    const root = project({ 'src/a.js': 'a', '.orchestrator/x': '' });
    const c = card('t', [], 'inputs: [src/**]\n');
    const hasher = createInputHasher(root, { now: () => Date.now() + 60_000 });
    const first = hasher.digest(c);
    hasher.save();
    const file = statCachePath(root);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).files['src/a.js'].hash).toBe(first.files!['src/a.js']);
    // a cache that does not parse is ignored: everything is hashed again, with the same result
    fs.writeFileSync(file, '{"version":1,"files":{"src/a.js":{"hash":"zz"');
    expect(createInputHasher(root).digest(c).hash).toBe(first.hash);
  });

  it('does not cache a file changed within the last moments, so a same-timestamp edit is still seen', () => {
    const root = project({ 'src/a.js': 'a' });
    const cache = new StatCache(statCachePath(root));
    const stat = fs.statSync(path.join(root, 'src/a.js'));
    cache.set('src/a.js', stat, '0123456789abcdef', stat.mtimeMs + 10);
    expect(cache.get('src/a.js', stat)).toBeUndefined();
    cache.set('src/a.js', stat, '0123456789abcdef', stat.ctimeMs + 60_000);
    expect(cache.get('src/a.js', stat)).toBe('0123456789abcdef');
  });
});
