import { describe, expect, it } from 'vitest';
import { cutText } from './card-diff.js';

describe('cutText', () => {
  it('keeps a short text whole', () => {
    expect(cutText('a\nb\n', 10)).toEqual({ text: 'a\nb\n', truncated: false });
  });

  it('cuts at the last line end within the bytes, never inside a character', () => {
    expect(cutText('one\ntwo\nthree\n', 10)).toEqual({ text: 'one\ntwo\n', truncated: true });
    const cut = cutText('ééééé', 5);
    expect(cut).toEqual({ text: 'éé', truncated: true });
  });
});
