import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slugify } from '../src/slugify.mjs';

test('lower-cases words and joins them with dashes', () => {
  assert.equal(slugify('Hello World'), 'hello-world');
});

test('collapses runs of punctuation and spaces into one dash', () => {
  assert.equal(slugify('Hello,   World!'), 'hello-world');
});

test('drops accents instead of the letters', () => {
  assert.equal(slugify('Héllo Café'), 'hello-cafe');
});

test('trims dashes at both ends', () => {
  assert.equal(slugify('  --Ready? Go!--  '), 'ready-go');
});
