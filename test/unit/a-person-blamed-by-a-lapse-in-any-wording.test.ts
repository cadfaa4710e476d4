/**
 * blameless reads a person named as the cause by structure (_blame.ts): a name that opens a clause of the cause with a
 * finite verb and a lapse later in it ("without checking", "did not double-check", "instead of"), a name the next
 * sentence calls he or she while it lapses, or an act attributed to a name in apposition with a role. The cause is
 * wherever it is written: "What went wrong", "Why it happened", a "Contributing factor:" label. Our own paraphrases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../src/core/index.js';

const blamed = (md: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === 'blameless')
    .map((f) => md.slice(f.range.start, f.range.end));
const underRootCause = (cause: string) => `# Checkout down\n\n## Root cause\n\n${cause}\n`;

describe('a person who opens a clause of the cause and lapses in it', () => {
  const must: Array<[string, string]> = [
    ['Renata Okoye ran the schema change on the primary without checking the table size.', 'Renata Okoye'],
    ['Farid merged the branch ten minutes after opening it, without waiting for a reviewer.', 'Farid'],
    ['Because Ilse shipped the flag change and did not look at the error graphs, nobody noticed.', 'Ilse'],
    ['Joaquim Reis, the on-call engineer, silenced the disk alert without reading it.', 'Joaquim Reis'],
    ['Oksana copied last year\u2019s template and never removed the old discount block.', 'Oksana'],
    [
      'Bram edited the routing table directly instead of using the deploy pipeline. He skipped the review.',
      'Bram',
    ],
    [
      'The outage was caused by Tove Lind, a database administrator, restoring the wrong snapshot.',
      'Tove Lind',
    ],
    [
      'When we cloned the spring campaign, Oksana reused its template and did not remove the old claims.',
      'Oksana',
    ],
    // A role before the name, and a modal lapse.
    ['Our billing lead, Amara Osei, should have paused the job before the cutover.', 'Amara Osei'],
    ['Technician Rui Matos flashed the wrong image: he should have used the signed one.', 'Rui Matos'],
    // A cause that opens with a person doing the act, with a pronoun that makes the name a person.
    [
      'Lena Morales ran the import job twice. The first run was still going when she started the second.',
      'Lena Morales',
    ],
  ];
  for (const [cause, name] of must)
    it(`blames ${name} in: ${cause}`, () => assert.deepEqual(blamed(underRootCause(cause)), [name]));

  const mustNot = [
    // A name that acts but does not lapse.
    'Renata Okoye noticed the table size and paused the schema change.',
    // Noun phrases that open a bullet are no person: "Alert severity", "Config error".
    '- Alert severity for the canary checks was set long ago and never reviewed.',
    'Config error: the retry limit was raised without testing it under load.',
    // A role, not a name.
    'The on-call engineer approved the change without reading the diff.',
    // A product or system as the subject of a lapse nobody can have.
    'Postgres held the lock instead of timing out, so the queue backed up.',
    // A cause that opens with a person who found or fixed the problem.
    'Lena Morales noticed the duplicate rows. She paused the import within minutes.',
    // A cause that opens with a name and no evidence it is a person.
    'Harbor replayed every queued message after the restart.',
    // Attributed to a name with no role in apposition (a product, not a person).
    'The lag was caused by Kafka, which rebalanced every partition at once.',
  ];
  for (const cause of mustNot)
    it(`blames nobody in: ${cause}`, () => assert.deepEqual(blamed(underRootCause(cause)), []));
});

describe('the cause under any of its titles and labels', () => {
  it('reads "What went wrong", "Why it happened" and a "Contributing factor:" label', () => {
    const lapse = 'Halvard pushed the cache config to production without getting it reviewed.';
    for (const md of [
      `# Cache flushed\n\n## What went wrong\n\n${lapse}\n`,
      `# Cache flushed\n\nThe cache emptied at noon.\n\n**Why it happened:** ${lapse}\n`,
      `# Cache flushed\n\n## Summary\n\nThe cache emptied.\n\n**Contributing factor:** ${lapse}\n`,
    ])
      assert.deepEqual(blamed(md), ['Halvard'], md);
  });

  it('reads a known name inside a noun phrase as no blame ("the change Amara deployed")', () => {
    const md =
      '# Pages delayed\n\n## Root cause\n\nThe change Amara deployed had been tested, but the stub always answers at once.\n\n## Action items\n\n- Add a slow stub (owner: Amara Osei)\n';
    assert.deepEqual(blamed(md), []);
  });

  it('leaves a lapse in the timeline alone', () => {
    const md =
      '# Cache flushed\n\n## Timeline\n\n- 10:02 UTC Halvard pushed the cache config without getting it reviewed.\n\n## Root cause\n\nThe config pipeline accepts unreviewed changes.\n';
    assert.deepEqual(blamed(md), []);
  });
});
