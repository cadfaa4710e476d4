/** Each ajv keyword maps to the key or value a person would point at. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lines } from '../helpers.js';

const HEAD = 'title: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n';
const doc = (extra: string) => `---\n${HEAD}${extra}---\n`;

describe('schema errors located by keyword', () => {
  const cases: Array<[string, string, string]> = [
    [
      'type: at the value',
      'behavior_rate:\n  replays: ten\n  failures: 1\n',
      '7:12-7:15 error `behavior_rate.replays` must be an integer; got string `ten`  frontmatter-schema',
    ],
    [
      'required inside an object: at its key',
      'behavior_rate:\n  replays: 10\n',
      '6:1-6:14 error `behavior_rate` is missing the required key `failures`  frontmatter-schema',
    ],
    [
      'required inside a list item: at the item',
      'links:\n  - title: Dashboard\n',
      '7:5-7:21 error `links[0]` is missing the required key `url`  frontmatter-schema',
    ],
    [
      'additionalProperties nested: at the unknown key',
      'impact:\n  users: 10\n',
      '7:3-7:8 error Unexpected key `impact.users`  frontmatter-schema',
    ],
    [
      'enum nested in a list: at the value',
      'dependency_chain:\n  - party: Azure\n    visibility: some\n',
      '8:17-8:21 error `dependency_chain[0].visibility` must be one of `full`, `partial`, `status-page-only`, `none`, `unknown`; got `some`  frontmatter-schema',
    ],
    [
      'pattern in a flow sequence: at the item',
      'failure_classes: [tool-misuse, hallucinations]\n',
      '6:32-6:46 error `failure_classes[1]` must match `^(prompt-injection|jailbreak|tool-misuse|unsafe-action|data-exfiltration|excessive-agency|runaway-loop|cost-blowup|double-side-effect|hallucination|reward-hacking|goal-misalignment|memory-context-poisoning|supply-chain-compromise|insecure-output|multi-agent-failure|task-failure|autonomous-misuse|other)(/[a-z0-9][a-z0-9-]*)?$`, like `excessive-agency/missing-approval-gate`; got `hallucinations`  frontmatter-schema',
    ],
    [
      'maximum: at the value',
      'behavior_rate: { replays: 10, failures: 1, rate: 1.5 }\n',
      '6:50-6:53 error `behavior_rate.rate` must be <= 1; got `1.5`  frontmatter-schema',
    ],
    [
      'a key with a slash is decoded from ~1 in the pointer',
      'traffic_mix:\n  by_model:\n    "gpt/4": lots\n',
      '8:14-8:18 error `traffic_mix.by_model.gpt/4` must be a number; got string `lots`  frontmatter-schema',
    ],
    [
      'a key with a tilde is decoded from ~0 in the pointer',
      'traffic_mix:\n  by_model:\n    "m~1": lots\n',
      '8:12-8:16 error `traffic_mix.by_model.m~1` must be a number; got string `lots`  frontmatter-schema',
    ],
  ];
  for (const [name, extra, expected] of cases) {
    it(name, () => assert.deepEqual(lines(doc(extra), {}, 'frontmatter-schema'), [expected]));
  }

  it('reports two errors in one document at their own places, in order', () => {
    const out = lines(
      doc('services: api\nbehavior_rate: { replays: 0, failures: 1 }\n'),
      {},
      'frontmatter-schema',
    );
    assert.deepEqual(out, [
      '6:11-6:14 error `services` must be a list; got string `api`  frontmatter-schema',
      '7:27-7:28 error `behavior_rate.replays` must be >= 1; got `0`  frontmatter-schema',
    ]);
  });
});
