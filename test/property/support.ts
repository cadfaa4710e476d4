/**
 * Shared pieces of the property tests: run counts, the invariants every lint result must keep,
 * and generators of hostile Markdown, of mutations of real documents, and of raw bytes.
 *
 * Each property states its thorough run count (`params(300)`); the unit run (and CI) uses a quarter
 * of it, never fewer than 8 (or the count itself when smaller), so `npm run test:unit` stays fast.
 * `AI_POSTMORTEM_PROPERTY_RUNS=full` runs the thorough counts (a nightly-style run);
 * `AI_POSTMORTEM_PROPERTY_RUNS=N` (or `FC_RUNS=N`) sets the run count of every property.
 * `FC_SEED=S` (and `FC_PATH=P`) replays a failure fast-check printed. Locally every run draws a new
 * seed, to keep exploring; under `CI=true` the seed is fixed (`CI_SEED`), so a landing is decided
 * by the code, not by the draw.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Finding, TextRange } from '../../src/core/index.js';
import { needsShared, sharedPath } from '../../scripts/shared-folder.js';

/** The seed of CI runs; change it deliberately, never per run. */
export const CI_SEED = 20261128;

/** The run count of a property whose thorough count is `thorough` (see the file comment). */
export function runCount(
  thorough: number,
  setting = process.env['AI_POSTMORTEM_PROPERTY_RUNS'] || process.env['FC_RUNS'],
): number {
  if (setting === 'full') return thorough;
  const runs = Number(setting);
  if (Number.isInteger(runs) && runs > 0) return runs;
  return Math.max(Math.min(thorough, 8), Math.ceil(thorough / 4));
}

/** Parameters for `fc.assert`: the run count `runCount` gives, the CI seed or a replayed one. */
export function params<T>(thorough: number): fc.Parameters<T> {
  const seed = process.env['FC_SEED'] || (process.env['CI'] === 'true' ? String(CI_SEED) : undefined);
  const replay = process.env['FC_PATH'];
  return {
    numRuns: runCount(thorough),
    ...(seed !== undefined && seed !== '' ? { seed: Number(seed) } : {}),
    ...(replay ? { path: replay } : {}),
    // fast-check puts the seed and the path into the failure message, which the runner prints.
    verbose: 1,
  };
}

export function assertRange(range: TextRange, length: number, what: string): void {
  assert.ok(
    Number.isInteger(range.start) && Number.isInteger(range.end),
    `${what}: integer offsets, got ${JSON.stringify(range)}`,
  );
  assert.ok(
    range.start >= 0 && range.start <= range.end && range.end <= length,
    `${what}: ${JSON.stringify(range)} inside [0, ${length}] with start ≤ end`,
  );
}

/** Every range a finding carries lies in the document, and the edits of one fix do not overlap. */
export function assertFindingsWellFormed(text: string, findings: readonly Finding[]): void {
  for (const f of findings) {
    assert.notEqual(f.ruleId, 'internal-error', `a rule threw: ${f.message}`);
    assertRange(f.range, text.length, `${f.ruleId} range`);
    assert.ok(f.message.length > 0, `${f.ruleId} has a message`);
    for (const r of f.related ?? []) assertRange(r.range, text.length, `${f.ruleId} related range`);
    const edits = [...(f.fix?.edits ?? [])].sort((a, b) => a.range.start - b.range.start);
    edits.forEach((e, i) => {
      assertRange(e.range, text.length, `${f.ruleId} fix range`);
      const next = edits[i + 1];
      if (next) assert.ok(e.range.end <= next.range.start, `${f.ruleId}: the edits of one fix overlap`);
    });
  }
  for (let i = 1; i < findings.length; i++) {
    const a = findings[i - 1]!;
    const b = findings[i]!;
    assert.ok(
      a.range.start < b.range.start || (a.range.start === b.range.start && a.range.end <= b.range.end),
      'findings sorted by position',
    );
  }
}

// ---- the documents we mutate ----------------------------------------------------------------

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return markdownUnder(full);
    return e.name.endsWith('.md') ? [full] : [];
  });
}

/** The project's own Markdown under `dir` (sorted), or nothing when the folder is absent. */
function ownDocuments(dir: string): { name: string; text: string }[] {
  let files: string[];
  try {
    files = markdownUnder(dir);
  } catch {
    return [];
  }
  return files.sort().map((file) => ({ name: file, text: readFileSync(file, 'utf8') }));
}

/** The real postmortems of the shared folder (third-party, never copied here), named by their shared path; none without it. */
function realPostmortems(): { name: string; text: string }[] {
  const relative = 'corpus/postmortems/markdown';
  if (needsShared(relative)) return [];
  const dir = sharedPath(relative);
  return markdownUnder(dir)
    .sort()
    .map((file) => ({
      name: `shared:${relative}/${path.relative(dir, file)}`,
      text: readFileSync(file, 'utf8'),
    }));
}

/** The examples, the adversarial fixtures, the real corpus (from the shared folder, when there) and the labelled fixtures. */
export const SEED_DOCUMENTS: readonly { readonly name: string; readonly text: string }[] = [
  ...['examples', 'test/fixtures/adversarial'].flatMap(ownDocuments),
  ...realPostmortems(),
  ...ownDocuments('test/fixtures/labelled'),
];

// ---- generators -----------------------------------------------------------------------------

/** Any UTF-16 string, lone surrogates included. */
export const anyUtf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 200,
});

const EOL = fc.constantFrom('\n', '\r\n', '\r');

/** Pieces that steer the parsers into their interesting states. */
const TOKENS = [
  '---',
  '+++',
  '...',
  '# ',
  '## ',
  '### ',
  '#',
  '## Timeline',
  '## Action items',
  '## Root cause',
  '## Impact',
  '## Summary',
  '## Agent decisions',
  '## Behavior rate',
  '## Dependencies',
  '- ',
  '* ',
  '1. ',
  '- [ ] ',
  '- [x] ',
  '> ',
  '>',
  '|',
  '| --- |',
  '|:-:|',
  '```',
  '~~~',
  '    ',
  '\t',
  '<!-- ',
  ' -->',
  '<!-- postmortem-disable -->',
  '<!-- postmortem-enable -->',
  '<!-- postmortem-disable-next-line frontmatter-schema -->',
  '<!-- postmortem-disable-line -->',
  '<!-- postmortem-disable-file nope -->',
  'title: ',
  'date: ',
  'severity: ',
  'status: ',
  'SEV1',
  'sev2',
  'draft',
  'kind: postmortem',
  '$schema: ',
  'https://x.test/s.json',
  '&a ',
  '*a',
  '<<: ',
  '[',
  ']',
  '{',
  '}',
  ': ',
  '"',
  "'",
  '\\',
  '!!binary',
  '__proto__: ',
  'constructor: ',
  '\0',
  '\uFEFF',
  '\u2028',
  '😀',
  '\uD800',
  '\uDC00',
  'é',
  'e\u0301',
  '2026-03-14T09:12:00Z',
  '09:12 UTC',
  '10:00',
  'PST',
  '@alice',
  'owner: @bob',
  'due 2026-04-01',
  '[agent]',
  'the model decided',
  'could not reproduce',
  'n=20, k=3',
  'temperature',
  'vendor',
  '**',
  '_',
  '`',
  '[link](',
  ')',
  '![',
  '<div>',
  '</div>',
  '*a',
  '[^1]',
  '[^1]: note',
  'http://',
  'www.example.com',
  '~~',
  ':---',
  '\\|',
];

/** A line made of a few tokens and bits of text. */
const line = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 1, arbitrary: anyUtf16.map((s) => s.slice(0, 6)) },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** Markdown-ish documents: often with a frontmatter block, mixed line endings, sometimes a BOM. */
export const markdownish = fc
  .record({
    bom: fc.boolean(),
    frontmatter: fc.option(fc.array(fc.tuple(line, EOL), { maxLength: 8 }), { nil: undefined }),
    closing: fc.constantFrom('---', '--- ', '...', ''),
    body: fc.array(fc.tuple(line, EOL), { maxLength: 25 }),
    finalNewline: fc.boolean(),
  })
  .map(({ bom, frontmatter, closing, body, finalNewline }) => {
    let text = bom ? '\uFEFF' : '';
    if (frontmatter) text += `---\n${frontmatter.map(([l, e]) => l + e).join('')}${closing}\n`;
    text += body.map(([l, e]) => l + e).join('');
    return finalNewline ? text : text.replace(/(\r\n|\r|\n)$/, '');
  });

export type Mutation =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'eol'; readonly to: string }
  | { readonly kind: 'truncate'; readonly at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...TOKENS),
      line,
      anyUtf16.map((s) => s.slice(0, 8)),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({ kind: fc.constant('eol' as const), to: fc.constantFrom('\n', '\r\n', '\r') }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Apply mutations; positions are taken modulo the current length, so every mutation applies. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = m.kind === 'eol' ? 0 : m.at % (t.length + 1);
    switch (m.kind) {
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at);
        break;
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.length);
        break;
      case 'duplicate':
        t = t.slice(0, at + m.length) + t.slice(at, at + m.length) + t.slice(at + m.length);
        break;
      case 'eol':
        t = t.replace(/\r\n|\r|\n/g, m.to);
        break;
      case 'truncate':
        t = t.slice(0, at);
        break;
    }
  }
  return t;
}

/** A seed document (by index) and a few mutations of it. */
export const mutatedDocument = fc
  .record({
    index: fc.nat({ max: Math.max(0, SEED_DOCUMENTS.length - 1) }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
  })
  .map(({ index, mutations }) => mutate(SEED_DOCUMENTS[index]?.text ?? '', mutations));

/** Any document the tests feed the linter. */
export const anyDocument = fc.oneof(anyUtf16, markdownish, mutatedDocument);
