/**
 * The bundled schema is validated by code generated at build time (scripts/precompile-schemas.mjs), not compiled at
 * start-up. These tests keep that code fresh and prove it reports exactly what a run-time compile reports.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { compileSchema } from '../../src/core/index.js';
import { schemaFingerprint } from '../../src/core/schema/validator.js';
import {
  SCHEMA_FINGERPRINT,
  validate as generated,
} from '../../src/core/schema/bundled-validator.generated.js';

const root = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const schemaText = readFileSync(path.join(root, 'schemas/postmortem.schema.json'), 'utf8');
const schema = JSON.parse(schemaText) as {
  properties: Record<string, { type?: unknown; items?: { properties?: Record<string, unknown> } }>;
};

type Generator = { precompiledSource(text?: string): string; fnv1a(text: string): string; OUTPUT: string };
const generator = (await import(path.join(root, 'scripts/precompile-schemas.mjs'))) as Generator;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? markdownFiles(full) : name.endsWith('.md') ? [full] : [];
  });
}

/** Frontmatter data of every fixture and example, plus each top-level key set to every wrong shape. */
function inputs(): unknown[] {
  const out: unknown[] = [];
  for (const file of [
    ...markdownFiles(path.join(root, 'test/fixtures')),
    ...markdownFiles(path.join(root, 'examples')),
  ]) {
    const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(readFileSync(file, 'utf8'));
    if (!m) continue;
    try {
      out.push(parse(m[1]!, { uniqueKeys: false }));
    } catch {
      // Broken YAML never reaches the validator.
    }
  }
  const base = { title: 'T', date: '2026-03-14', severity: 'SEV2', status: 'draft' };
  const wrong: unknown[] = [
    12345,
    -1,
    1.5,
    'not-a-valid-value',
    '',
    'x'.repeat(5000),
    [],
    [1, 'a', null],
    {},
    { unknown: 1 },
    null,
    true,
  ];
  for (const key of Object.keys(schema.properties)) {
    for (const value of wrong) out.push({ ...base, [key]: value });
    const itemKeys = Object.keys(schema.properties[key]?.items?.properties ?? {});
    for (const itemKey of itemKeys)
      for (const value of wrong.slice(0, 6)) out.push({ ...base, [key]: [{ [itemKey]: value }] });
  }
  out.push({}, [], 'text', 42, null, { ...base, severty: 'SEV2' });
  return out;
}

test('the committed precompiled validator is the one the generator makes from the current schema', () => {
  const committed = readFileSync(path.join(root, generator.OUTPUT), 'utf8');
  assert.ok(
    committed === generator.precompiledSource(schemaText),
    `stale ${generator.OUTPUT}: run \`npm run build\` and commit it`,
  );
  assert.equal(SCHEMA_FINGERPRINT, schemaFingerprint(JSON.stringify(JSON.parse(schemaText))));
  assert.equal(generator.fnv1a('postmortem'), schemaFingerprint('postmortem'));
  assert.notEqual(schemaFingerprint('postmortem'), schemaFingerprint('postmortems'));
});

const PRECOMPILED = { fingerprint: SCHEMA_FINGERPRINT, validate: generated };

test("a precompiled validator given with a fingerprint other than the bundled schema's is never used", () => {
  const compiled = compileSchema(JSON.stringify(schema), 'copy-while-stale', {
    precompiled: { fingerprint: '00000000', validate: generated },
  });
  assert.ok(compiled.ok);
  assert.notEqual(compiled.validate, generated);
  const fresh = compileSchema(JSON.stringify(schema), 'copy-while-fresh', { precompiled: PRECOMPILED });
  assert.ok(fresh.ok);
  assert.equal(fresh.validate, generated);
});

test('the precompiled validator gives exactly the errors of a run-time compile on every fixture and on wrong shapes', () => {
  const pre = compileSchema(schema, 'bundled', { precompiled: PRECOMPILED });
  assert.ok(pre.ok);
  assert.equal(pre.validate, generated);
  const run = compileSchema(schema, 'bundled', { precompiled: false });
  assert.ok(pre.ok && run.ok);
  assert.notEqual(
    pre.validate,
    run.validate,
    'the two validators must be different functions for this test to mean anything',
  );
  const all = inputs();
  let invalid = 0;
  for (const data of all) {
    const a: boolean = pre.validate(data) as boolean;
    const aErrors: unknown = structuredClone(pre.validate.errors ?? null);
    const b: boolean = run.validate(data) as boolean;
    assert.equal(a, b, JSON.stringify(data).slice(0, 200));
    assert.deepEqual(aErrors, run.validate.errors ?? null, JSON.stringify(data).slice(0, 200));
    if (!a) invalid++;
  }
  assert.ok(
    all.length > 500 && invalid > 400 && invalid < all.length,
    `${all.length} inputs, ${invalid} invalid`,
  );
});

test('a repository copy of the bundled schema uses the precompiled validator; an edited copy is compiled', () => {
  const pre = compileSchema(schema, 'bundled', { precompiled: PRECOMPILED });
  const copy = compileSchema(JSON.stringify(schema, null, 4), 'schemas/postmortem.schema.json', {
    precompiled: PRECOMPILED,
  });
  assert.ok(pre.ok && copy.ok);
  assert.equal(copy.validate, pre.validate);
  const edited = structuredClone(schema) as unknown as { required: string[] };
  edited.required = ['title'];
  const other = compileSchema(JSON.stringify(edited), 'edited.schema.json');
  assert.ok(other.ok);
  assert.notEqual(other.validate, pre.validate);
  assert.equal(other.validate({ title: 'T' }), true);
  assert.equal(pre.validate({ title: 'T' }), false);
});
