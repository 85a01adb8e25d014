import assert from 'node:assert/strict';
import test from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { decimalMoney, decimalPlaces } from './decimal.mjs';

test('decimal places of numbers as a JSON parser reads them', () => {
  assert.equal(decimalPlaces(136653.17), 2);
  assert.equal(decimalPlaces(0.01), 2);
  assert.equal(decimalPlaces(100), 0);
  assert.equal(decimalPlaces(12.5), 1);
  assert.equal(decimalPlaces(1e-7), 7);
  assert.equal(decimalPlaces(1e21), 0);
  assert.equal(decimalPlaces(0.1 + 0.2), 17);
});

test('money schemas accept large two-decimal amounts and refuse a third decimal', () => {
  const ajv = new Ajv2020({ strict: false });
  ajv.addKeyword({
    keyword: 'x-decimal-places', type: 'number', schemaType: 'number', errors: false,
    validate: (places, data) => decimalPlaces(data) <= places,
  });
  const money = decimalMoney({ type: 'number', minimum: 0, multipleOf: 0.01 });
  assert.deepEqual(money, { type: 'number', minimum: 0, 'x-decimal-places': 2 });
  const check = ajv.compile(money);
  for (const ok of [0, 0.01, 136653.17, 9999999999.99, 24.7]) assert.ok(check(ok), String(ok));
  for (const bad of [0.001, 136653.171, 0.1 + 0.2, -1]) assert.ok(!check(bad), String(bad));
  // Float division, the check this replaces, fails on an exact amount.
  assert.notEqual(Math.round(136653.17 / 0.01), 136653.17 / 0.01);
});
