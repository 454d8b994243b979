import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from '../src/duration.mjs';

test('parses seconds and minutes', () => {
  assert.equal(parseDuration('45s'), 45_000);
  assert.equal(parseDuration('2m'), 120_000);
});

test('parses hours', () => {
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
});

test('accepts spaces between parts', () => {
  assert.equal(parseDuration('1h 5m 10s'), 3_910_000);
});

test('rejects text that is not a duration', () => {
  assert.throws(() => parseDuration('soon'), /bad duration/);
  assert.throws(() => parseDuration('5 minutes'), /bad duration/);
});
