import { describe, expect, it } from 'vitest';
import { kindForText } from './classify.js';
import { parseResetTime } from './reset-time.js';

const now = Date.UTC(2026, 10, 22, 12, 0); // Sun 22 Nov 2026 12:00 UTC

describe('parseResetTime', () => {
  it.each([
    ['Claude AI usage limit reached|1762952400', 1762952400_000],
    ["You've hit your session limit · resets 3pm (UTC)", Date.UTC(2026, 10, 22, 15, 0)],
    ["You've hit your session limit · resets 9:30am (UTC)", Date.UTC(2026, 10, 23, 9, 30)],
    ["You've hit your weekly limit · resets Nov 28, 10am (Europe/Berlin)", Date.UTC(2026, 10, 28, 9, 0)],
    ['Claude usage limit reached. Your limit will reset at 1pm (America/New_York).', Date.UTC(2026, 10, 22, 18, 0)],
    ['You’ve hit your usage limit. Visit https://chatgpt.com/settings/usage or try again at Dec 29th, 2026 10:15 PM (UTC).', Date.UTC(2026, 11, 29, 22, 15)],
  ])('reads %s', (text, expected) => {
    expect(parseResetTime(text, now)).toBe(expected);
  });

  it('rolls a date with no year that has passed over to next year', () => {
    expect(parseResetTime('resets Jan 2, 10am (UTC)', now)).toBe(Date.UTC(2027, 0, 2, 10, 0));
  });

  it.each(['rate limit exceeded', 'resets 5 files', 'resets tomorrow at 3pm'])('finds no time in %s', (text) => {
    expect(parseResetTime(text, now)).toBeUndefined();
  });
});

describe('kindForText', () => {
  it.each([
    ['API Error: Request rejected (429) · rate limit', 'rate_limit'],
    ['API Error: 529 Overloaded', 'rate_limit'],
    ['We’re currently experiencing high demand, which may cause temporary errors.', 'rate_limit'],
    ['Invalid API key · Fix external API key', 'auth'],
    ['Not logged in · Please run /login', 'auth'],
    ['Missing environment variable: `OPENAI_API_KEY`.', 'auth'],
    ["error: unknown option '--bogus'", 'bad_args'],
    ["There's an issue with the selected model (x). It may not exist or you may not have access to it.", 'bad_args'],
    ['The model `bogus` does not exist', 'bad_args'],
    ["You've hit your usage limit.", 'rate_limit'],
    ['something else', undefined],
  ])('reads %s', (text, kind) => {
    expect(kindForText(text, now)?.kind).toBe(kind);
  });

  it('keeps the reset time of a usage limit', () => {
    expect(kindForText("You've hit your session limit · resets 3pm (UTC)", now)).toEqual({ kind: 'usage_limit', retryAt: Date.UTC(2026, 10, 22, 15, 0) });
  });
});
