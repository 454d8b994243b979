import { describe, expect, it } from 'vitest';
import { hostAllowed, newToken, requestToken, tokenMatches } from './guard.js';

describe('hostAllowed', () => {
  it.each([
    ['127.0.0.1:8080', true],
    ['localhost:8080', true],
    ['[::1]:8080', true],
    ['127.0.0.1:8081', false],
    ['127.0.0.1', false],
    ['evil.example:8080', false],
    ['127.0.0.1.nip.io:8080', false],
    ['', false],
    [undefined, false],
  ])('Host %s on a server bound to 127.0.0.1:8080 → %s', (host, allowed) => {
    expect(hostAllowed(host, '127.0.0.1', 8080)).toBe(allowed);
  });

  it('accepts the name the server was bound to with --host', () => {
    expect(hostAllowed('devbox.lan:9000', 'devbox.lan', 9000)).toBe(true);
    expect(hostAllowed('other.lan:9000', 'devbox.lan', 9000)).toBe(false);
  });
});

describe('tokens', () => {
  it('matches only the exact token, whatever the length of a wrong one', () => {
    const token = newToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token}x`, token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
    expect(newToken()).not.toBe(token);
  });

  it('reads the token from the header first, then the query', () => {
    expect(requestToken({ 'x-orch-token': 'h' }, new URL('http://x/?token=q'))).toBe('h');
    expect(requestToken({}, new URL('http://x/?token=q'))).toBe('q');
    expect(requestToken({}, new URL('http://x/'))).toBeUndefined();
  });
});
