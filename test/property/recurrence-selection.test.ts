/**
 * `recurrence` selects each postmortem's earlier ones from the index's sorted lists (binary search, prefix sums, the
 * newest few read): that must give exactly the reports of filtering every group, the way the rule was first written
 * (`recurrenceReports(…, plain = true)`). Random repositories of small postmortems: shared and repeated dates, missing
 * dates, duplicate ids, several services and classes, declared and inferred moved variables, open and done items.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  buildRepositoryIndex,
  parsePostmortem,
  recordRecurrence,
  type RecurrenceRecord,
} from '../../src/core/index.js';
import { recurrencePlaces, recurrenceReports } from '../../src/core/rules/recurrence.js';
import { params } from './support.js';

const SERVICES = ['checkout', 'support-agent', 'kb-retriever', 'router'];
const CLASSES = [
  'tool-misuse',
  'tool-misuse/wrong-arguments',
  'hallucination',
  'excessive-agency/missing-approval-gate',
  'other',
];
const VARIABLES = [
  'prompt_revision',
  'model_slice',
  'judge',
  'retrieval_index_state',
  'tool_schemas',
  'traffic_mix',
];
const DATES = ['2026-01-05', '2026-01-05', '2026-02-10', '2026-03-01', '2026-03-02', '2026-04-20'];

const postmortem = fc.record({
  // Mostly unique ids (the indexed selection), now and then one shared with another postmortem (the plain one).
  id: fc.oneof(
    { arbitrary: fc.constant('own'), weight: 6 },
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom('PM-dup-1', 'PM-dup-2'), weight: 1 },
  ),
  date: fc.option(fc.constantFrom(...DATES), { nil: undefined, freq: 6 }),
  services: fc.subarray(SERVICES),
  classes: fc.subarray(CLASSES),
  moved: fc.option(fc.subarray(VARIABLES), { nil: undefined }),
  items: fc.array(fc.boolean(), { maxLength: 4 }),
  status: fc.constantFrom('draft', 'closed'),
});
type Postmortem = typeof postmortem extends fc.Arbitrary<infer T> ? T : never;

function text(p: Postmortem, n: number): string {
  const lines = [
    '---',
    `title: Incident ${n}`,
    ...(p.id ? [`id: ${p.id === 'own' ? `PM-${n}` : p.id}`] : []),
    ...(p.date ? [`date: ${p.date}`] : []),
    `status: ${p.status}`,
    'severity: SEV2',
  ];
  if (p.services.length > 0) lines.push('services:', ...p.services.map((s) => `  - ${s}`));
  if (p.classes.length > 0) lines.push('failure_classes:', ...p.classes.map((c) => `  - ${c}`));
  if (p.moved) lines.push(`moved_variables: [${p.moved.join(', ')}]`);
  lines.push(
    '---',
    '',
    `# Incident ${n}`,
    '',
    '## Action items',
    '',
    ...p.items.map((open, i) => `- [${open ? ' ' : 'x'}] Item ${i} of incident ${n}`),
    '',
  );
  return lines.join('\n');
}

function compare(pms: readonly Postmortem[]): { compared: number; reported: number; long: number } {
  const files = pms.map((p, n) => ({
    path: `/repo/pm-${String(n).padStart(3, '0')}.postmortem.md`,
    text: text(p, n),
  }));
  // Each text parsed once, recorded for `recurrence` only (the AI signals of a full record play no part in it).
  const documents = files.map((f) => parsePostmortem(f.text));
  const records = files.map((f, n) => recordRecurrence(f.path, documents[n]!));
  const index = buildRepositoryIndex<RecurrenceRecord>(records);
  let reported = 0;
  let long = 0;
  for (const [n, f] of files.entries()) {
    const places = recurrencePlaces(documents[n]!, records[n]!);
    const fast = recurrenceReports(records[n]!, index, f.path, places);
    assert.deepStrictEqual(fast, recurrenceReports(records[n]!, index, f.path, places, true), f.text);
    reported += fast.length;
    long += fast.filter((r) => (r.related?.length ?? 0) >= 50).length;
  }
  return { compared: files.length, reported, long };
}

test('the indexed selection of earlier postmortems gives exactly the reports of filtering every group', () => {
  let compared = 0;
  let reported = 0;
  fc.assert(
    fc.property(fc.array(postmortem, { minLength: 1, maxLength: 90 }), (pms) => {
      const r = compare(pms);
      compared += r.compared;
      reported += r.reported;
    }),
    params(150),
  );
  // The repositories recur, so the comparison covers reports, not only empty lists.
  assert.ok(reported > compared / 4, `${reported} reports over ${compared} postmortems`);
});

test('in repositories where a class recurs more often than the related locations hold, the same reports too', () => {
  let long = 0;
  fc.assert(
    fc.property(fc.array(postmortem, { minLength: 150, maxLength: 220 }), (pms) => {
      long += compare(pms).long;
    }),
    params(8),
  );
  // Findings whose earlier postmortems fill the related locations: the newest ones are cut at the limit.
  assert.ok(long > 0, 'no finding reached the related-location limit');
});

test('a postmortem listing more services than the union memo takes gets the same reports, filtered plainly', () => {
  const many = Array.from({ length: 40 }, (_, i) => `svc-${i}`);
  const doc = (n: number, date: string, services: readonly string[]) =>
    [
      '---',
      `title: Incident ${n}`,
      `id: PM-${n}`,
      `date: ${date}`,
      'status: draft',
      'severity: SEV2',
      'services:',
      ...services.map((s) => `  - ${s}`),
      'moved_variables: [model_slice, judge]',
      '---',
      '',
      `# Incident ${n}`,
      '',
      '## Action items',
      '',
      '- [ ] Open item',
      '',
    ].join('\n');
  const files = [
    { path: '/repo/a.postmortem.md', text: doc(1, '2026-01-01', ['svc-39', 'svc-3']) },
    { path: '/repo/b.postmortem.md', text: doc(2, '2026-01-02', ['svc-7', 'svc-39', 'svc-0']) },
    { path: '/repo/c.postmortem.md', text: doc(3, '2026-02-01', many) },
  ];
  const documents = files.map((f) => parsePostmortem(f.text));
  const records = files.map((f, n) => recordRecurrence(f.path, documents[n]!));
  const index = buildRepositoryIndex<RecurrenceRecord>(records);
  const places = recurrencePlaces(documents[2]!, records[2]!);
  const fast = recurrenceReports(records[2]!, index, files[2]!.path, places);
  assert.deepStrictEqual(fast, recurrenceReports(records[2]!, index, files[2]!.path, places, true));
  // The message names the services in the order the plain selection meets them.
  assert.match(
    fast[0]!.message,
    /^`model_slice` moved again on `svc-0`, `svc-7`, `svc-39`, `svc-3`: it also moved in 2 earlier postmortems/,
  );
});
