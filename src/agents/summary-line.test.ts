import { describe, expect, it } from 'vitest';
import { summaryLine } from './summary-line.js';

describe('summaryLine', () => {
  it.each([
    ['a failed TAP test over the timing lines after it', 'TAP version 13\nok 1 - add\nnot ok 2 - mul\n  ---\n# tests 2\n# pass 1\n# fail 1\n# duration_ms 204.369785\n', 'not ok 2 - mul'],
    ['an Error: line over the stack below it', 'starting\nError: ENOENT: no such file, open "x"\n    at Object.openSync (node:fs:1)\n', 'Error: ENOENT: no such file, open "x"'],
    ['a Python traceback', 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad\n', 'Traceback (most recent call last):'],
    ['a vitest FAIL line', ' RUN  v1\n FAIL  src/a.test.ts > adds\nAssertionError: expected 1 to be 2\n Tests  1 failed | 3 passed\n Duration  1.2s\n', 'FAIL  src/a.test.ts > adds'],
    ['a cross mark', '  ✓ one\n  ✗ two is wrong\n', '✗ two is wrong'],
    ['the last line when nothing looks like an error', 'building\nwrote dist/x.js\n', 'wrote dist/x.js'],
    ['never a duration line', 'did things\n# duration_ms 204.3\n', 'did things'],
    ['never a progress percentage', 'copying files\n 45%\n100%\n', 'copying files'],
    ['never an ok line', 'checked the input\nok 1 - x\n', 'checked the input'],
    ['colour codes stripped', '\u001b[31merror\u001b[0m: cannot find module\n', 'error: cannot find module'],
    ['an empty output', '\n\n', ''],
  ])('picks %s', (_what, text, expected) => {
    expect(summaryLine(text)).toBe(expected);
  });
});
