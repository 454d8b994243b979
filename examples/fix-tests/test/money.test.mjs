import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCents } from '../src/money.mjs';

test('formats whole and fractional amounts with two decimals', () => {
  assert.equal(formatCents(1230, 'EUR'), '€12.30');
  assert.equal(formatCents(5, 'USD'), '$0.05');
  assert.equal(formatCents(100, 'GBP'), '£1.00');
});

test('puts the minus sign before the symbol', () => {
  assert.equal(formatCents(-5, 'USD'), '-$0.05');
  assert.equal(formatCents(-1230, 'EUR'), '-€12.30');
});

test('writes unknown currencies as a code', () => {
  assert.equal(formatCents(250, 'CHF'), 'CHF 2.50');
});
