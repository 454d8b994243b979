import { describe, expect, it } from 'vitest';
import { plainWords } from './shell-words.js';

describe('plainWords', () => {
  it.each([
    ['true', ['true']],
    ['sleep 0.35', ['sleep', '0.35']],
    ['  npm run lint  ', ['npm', 'run', 'lint']],
    ['node scripts/x.mjs --flag=1', ['node', 'scripts/x.mjs', '--flag=1']],
  ])('runs %j without a shell', (line, words) => {
    expect(plainWords(line)).toEqual(words);
  });

  it.each(['echo $HOME', 'a && b', 'ls *.md', 'echo "hi"', 'cd src', 'FOO=1 node x', 'exit 3', 'cat < x', 'a | b', 'x; y', 'echo ~'])(
    'leaves %j to the shell',
    (line) => {
      expect(plainWords(line)).toBeUndefined();
    },
  );
});
