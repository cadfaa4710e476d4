/** How many runs a property gets: a quarter of its thorough count by default, all of it or a set number on request. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCount } from './support.js';

describe('property run counts', () => {
  it('default to a quarter of the thorough count, never fewer than 8 unless the thorough count is smaller', () => {
    assert.equal(runCount(300, undefined), 75);
    assert.equal(runCount(150, undefined), 38);
    assert.equal(runCount(20, undefined), 8);
    assert.equal(runCount(5, undefined), 5);
  });

  it('run the thorough count with "full" and a set count with a positive whole number', () => {
    assert.equal(runCount(300, 'full'), 300);
    assert.equal(runCount(300, '1000'), 1000);
    assert.equal(runCount(8, '2'), 2);
  });

  it('fall back to the default on a setting that is not a positive whole number', () => {
    for (const setting of ['', '0', '-5', '2.5', 'many']) assert.equal(runCount(300, setting), 75, setting);
  });
});
