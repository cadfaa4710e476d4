/**
 * Real postmortems from public repositories lint without a crash, and with exactly the findings
 * written down in test/fixtures/corpus/expected.txt (`UPDATE=1 npm test` rewrites it; review the diff).
 * The postmortems are third-party: they are read from the shared folder (`corpus/postmortems/markdown/`),
 * never copied here; the golden file is the project's own output (see test/fixtures/corpus/PROVENANCE.md).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { needsShared, sharedPath } from '../scripts/shared-folder.js';
import { formatStylish, lint, type FileReport } from '../src/core/index.js';

const SHARED_DIR = 'corpus/postmortems/markdown';
const EXPECTED = 'test/fixtures/corpus/expected.txt';

describe('real postmortems (shared corpus)', { skip: needsShared(SHARED_DIR) }, () => {
  const dir = sharedPath(SHARED_DIR);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'PROVENANCE.md')
    .sort();
  const reports: FileReport[] = files.map((name) => {
    const text = readFileSync(`${dir}/${name}`, 'utf8').replace(/^\uFEFF/, '');
    return { path: name, text, findings: lint(text).findings };
  });

  it('has the 24 corpus documents', () => assert.equal(files.length, 24));

  it('lints every document without an internal error or a fatal finding', () => {
    for (const r of reports) {
      const bad = r.findings.filter((f) => f.fatal || f.ruleId === 'internal-error');
      assert.deepEqual(bad, [], r.path);
    }
  });

  it('reports TOML frontmatter once per Rust blog post and never reads it as Markdown', () => {
    const rust = reports.filter((r) => r.path.startsWith('rust-blog__'));
    assert.equal(rust.length, 7);
    for (const r of rust)
      assert.deepEqual(
        r.findings.filter((f) => f.ruleId.startsWith('frontmatter')).map((f) => f.ruleId),
        ['frontmatter-format'],
        r.path,
      );
  });

  it('reports exactly the findings written down', () => {
    const actual = formatStylish(reports);
    if (process.env['UPDATE'] === '1') writeFileSync(EXPECTED, actual);
    assert.equal(actual, readFileSync(EXPECTED, 'utf8'));
  });
});
