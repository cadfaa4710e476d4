/**
 * docs/rules/measured.json (the per-rule figures the rule pages render) is fresh: measured with the current labels and
 * the current rules. Cheap: it compares hashes, and runs no evaluation; `npm run eval:rules -- --write` then
 * `npm run docs` refresh it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  labelsHash,
  MEASURED_FILE,
  rulesHash,
  SETS,
  SHARED_DOCUMENTS,
  type Measurement,
  type SetName,
} from '../scripts/eval-lib.js';
import { needsShared } from '../scripts/shared-folder.js';

const REFRESH = 'stale: run `npm run eval:rules -- --write && npm run docs`';

describe('the measured figures of the rule pages', () => {
  const measurement = JSON.parse(readFileSync(MEASURED_FILE, 'utf8')) as Measurement;

  it('were measured with the rules as they are now', () =>
    assert.equal(measurement.rulesHash, rulesHash(), REFRESH));

  for (const set of Object.keys(SETS) as SetName[]) {
    const documents = SHARED_DOCUMENTS[set];
    it(
      `were measured with the current labels of the ${set} set`,
      { skip: documents !== undefined ? needsShared(documents) : false },
      () => {
        const m = measurement.sets[set];
        assert.ok(m, `${set} is missing from ${MEASURED_FILE}; ${REFRESH}`);
        assert.equal(m.labelsHash, labelsHash(set), REFRESH);
      },
    );
  }

  it('record a date, a commit and a precision and recall between 0 and 1 for every rule', () => {
    assert.match(measurement.date, /^\d{4}-\d\d-\d\d$/);
    assert.match(measurement.commit, /^[0-9a-f]{40}$/);
    for (const m of Object.values(measurement.sets))
      for (const s of Object.values(m.rules))
        assert.ok(
          s.precision >= 0 && s.precision <= 1 && s.recall >= 0 && s.recall <= 1 && s.tp + s.fn <= m.files,
        );
  });
});
