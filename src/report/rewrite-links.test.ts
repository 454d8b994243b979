import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, stringifyMarkdown } from './markdown.js';
import { rebaseUrl, rewriteLinks, scopeReferences } from './rewrite-links.js';

const FROM = '.orchestrator/results/T-01.md';
const TO = '.orchestrator';

describe('rebaseUrl', () => {
  it.each([
    ['a sibling file', 'notes.md', 'results/notes.md'],
    ['a file in a subfolder', 'img/chart.png', 'results/img/chart.png'],
    ['a dot-slash path', './a.md', 'results/a.md'],
    ['another .orchestrator file', '../orchestrator.yaml', 'orchestrator.yaml'],
    ['a project file', '../../src/auth.ts', '../src/auth.ts'],
    ['a path above the project', '../../../other/x.md', '../../other/x.md'],
    ['a path with a fragment', '../../src/a.ts#L10', '../src/a.ts#L10'],
    ['a path with a query', 'a.md?plain=1#top', 'results/a.md?plain=1#top'],
    ['a folder', 'sub/', 'results/sub/'],
    ['the results folder itself', '.', 'results'],
    ['an https URL', 'https://example.com/a.md', 'https://example.com/a.md'],
    ['a mailto URL', 'mailto:a@b.c', 'mailto:a@b.c'],
    ['a data URL', 'data:image/png;base64,AAAA', 'data:image/png;base64,AAAA'],
    ['a protocol-relative URL', '//cdn.example.com/x.png', '//cdn.example.com/x.png'],
    ['a rooted path', '/docs/a.md', '/docs/a.md'],
    ['a fragment', '#findings', '#findings'],
    ['an empty URL', '', ''],
  ])('rebases %s', (_name, url, expected) => {
    expect(rebaseUrl(url, FROM, TO)).toBe(expected);
  });

  it.each(['notes.md', 'img/a b.png', '../../src/x.ts', '../../../up.md', 'a/../b.md'])(
    'gives a link to %s that resolves from report.md to the same file',
    (url) => {
      const fromResult = path.posix.join(path.posix.dirname(FROM), url);
      const fromReport = path.posix.join(TO, rebaseUrl(url, FROM, TO));
      expect(fromReport).toBe(fromResult);
    },
  );
});

describe('rewriteLinks', () => {
  it('rebases links, images and definitions', () => {
    const tree = parseMarkdown('[a](x.md) ![b](i.png) [c][d] [e](https://e.com)\n\n[d]: ../y.md\n');
    rewriteLinks(tree, FROM, TO);
    expect(stringifyMarkdown(tree)).toBe('[a](results/x.md) ![b](results/i.png) [c][d] [e](https://e.com)\n\n[d]: y.md\n');
  });
});

describe('scopeReferences', () => {
  it('prefixes reference and footnote labels so merged results keep their own definitions', () => {
    const tree = parseMarkdown('[x] and [y][Y] and ![z][] and note[^1]\n\n[x]: a\n[y]: b\n[z]: c\n\n[^1]: n\n');
    scopeReferences(tree, 'T-01');
    expect(stringifyMarkdown(tree)).toBe(
      '[x][T-01-x] and [y][T-01-Y] and ![z][T-01-z] and note[^T-01-1]\n\n[T-01-x]: a\n\n[T-01-y]: b\n\n[T-01-z]: c\n\n[^T-01-1]: n\n',
    );
  });
});
