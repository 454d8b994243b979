import { describe, expect, it } from 'vitest';
import { redisOptions, shownUrl } from './connection.js';

describe('redisOptions', () => {
  it.each([
    ['a plain URL gives host and port', 'redis://127.0.0.1:6380', { host: '127.0.0.1', port: 6380 }],
    ['the port defaults to 6379', 'redis://queue.example', { host: 'queue.example', port: 6379 }],
    ['a password and user are decoded', 'redis://build:p%40ss@q:1', { username: 'build', password: 'p@ss' }],
    ['a password alone is kept', 'redis://:secret@q', { password: 'secret' }],
    ['the path is the database', 'redis://q/3', { db: 3 }],
    ['rediss turns TLS on', 'rediss://q:6380', { tls: { servername: 'q' } }],
  ])('%s', (_name, url, expected) => {
    expect(redisOptions(url)).toMatchObject(expected);
  });

  it.each([['not a URL', 'queue:6379:x y'], ['another scheme', 'http://q'], ['a database that is no number', 'redis://q/x']])(
    'rejects %s with one line', (_name, url) => {
      const r = redisOptions(url);
      expect(typeof r).toBe('string');
      expect(r as string).toMatch(/^--redis: /);
    });

  it('hides the password when shown', () => {
    expect(shownUrl('redis://u:secret@q:1')).toBe('redis://u:***@q:1');
  });
});
