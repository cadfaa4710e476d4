/** `--format sarif`: valid against the SARIF 2.1.0 schema, every rule listed, UTF-16 exclusive regions, stable fingerprints, fixes. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allRuleInfo, ruleProse } from '../src/core/index.js';
import { FINGERPRINT_KEY, formatSarif, pathToUri } from '../src/core/format/sarif.js';
import { sha256Hex } from '../src/core/trace/hash.js';
import { CONTEXT, SCHEMAS_SKIP, doc, reportOf, sarifValidator } from './format-support.js';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface Result {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Region } }>;
  partialFingerprints: Record<string, string>;
  fixes?: Array<{
    description: { text: string };
    artifactChanges: Array<{
      artifactLocation: { uri: string };
      replacements: Array<{ deletedRegion: Region; insertedContent: { text: string } }>;
    }>;
  }>;
}
interface Log {
  $schema: string;
  version: string;
  runs: Array<{
    columnKind: string;
    tool: {
      driver: {
        name: string;
        version: string;
        semanticVersion: string;
        informationUri: string;
        rules: Array<{
          id: string;
          name: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          help: { text: string; markdown: string };
          helpUri: string;
          defaultConfiguration: { level: string };
        }>;
      };
    };
    results: Result[];
  }>;
}

/** Every log is validated against the SARIF schema whenever the shared folder holds it (the validity tests skip otherwise). */
const validate = SCHEMAS_SKIP ? undefined : sarifValidator();

function sarif(...reports: Parameters<typeof formatSarif>[0]): Log {
  const log = JSON.parse(formatSarif(reports, CONTEXT).stdout) as Log;
  if (validate) assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  return log;
}

// Multibyte text before a finding on the same line: UTF-16 columns differ from bytes and code points.
const DOC = doc('severty: SEV2', 'tags: [é𐐀中, 42]').replace('severity: SEV2', 'severity: sev2');

describe('sarif format', () => {
  it(
    'validates against the SARIF 2.1.0 schema, with one run and the tool named and versioned',
    { skip: SCHEMAS_SKIP },
    () => {
      const log = sarif(
        reportOf('incidents/a.postmortem.md', DOC),
        reportOf('b.md', '# No frontmatter\n', { rules: { 'frontmatter-missing': 'info' } }),
      );
      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const run = log.runs[0]!;
      assert.equal(run.columnKind, 'utf16CodeUnits');
      assert.deepEqual(
        [run.tool.driver.name, run.tool.driver.version, run.tool.driver.semanticVersion],
        ['ai-postmortem', '0.1.0', '0.1.0'],
      );
      assert.deepEqual(
        run.results.map((r) => [r.ruleId, r.level]),
        [
          ['frontmatter-schema', 'error'],
          ['frontmatter-schema', 'error'],
          ['frontmatter-schema', 'error'],
          ['frontmatter-missing', 'note'],
        ],
      );
    },
  );

  it('lists every rule, with descriptions, help, a help URI and its default level, so ruleIndex is stable', () => {
    const log = sarif();
    const rules = log.runs[0]!.tool.driver.rules;
    assert.deepEqual(
      rules.map((r) => r.id),
      allRuleInfo().map((r) => r.id),
    );
    for (const [i, rule] of rules.entries()) {
      const info = allRuleInfo()[i]!;
      assert.equal(rule.shortDescription.text, info.meta.summary);
      assert.ok(rule.fullDescription.text.length > 0 && rule.fullDescription.text.length <= 1024);
      const prose = ruleProse(info.id)!;
      assert.ok(rule.fullDescription.text.startsWith(prose.rationale.slice(0, 40)));
      assert.ok(rule.help.text.includes(`${prose.rationale}\n\nHow to fix: ${prose.howToFix}`));
      assert.ok(
        rule.help.markdown.includes(
          `[Documentation](https://github.com/ai-postmortem/ai-postmortem/blob/main/docs/rules/${info.id}.md)`,
        ),
      );
      assert.equal(
        rule.helpUri,
        `https://github.com/ai-postmortem/ai-postmortem/blob/main/docs/rules/${info.id}.md`,
      );
      assert.equal(
        rule.defaultConfiguration.level,
        { error: 'error', warning: 'warning', info: 'note' }[info.meta.defaultSeverity],
      );
      assert.match(rule.name, /^[A-Z][A-Za-z0-9]*$/);
    }
    assert.equal(rules.find((r) => r.id === 'frontmatter-schema')!.name, 'FrontmatterSchema');
  });

  it('points ruleIndex at the result rule and gives 1-based regions with exclusive UTF-16 end columns', () => {
    const log = sarif(reportOf('incidents/a.postmortem.md', DOC));
    const run = log.runs[0]!;
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex!]!.id, r.ruleId);
    const regions = run.results.map((r) => r.locations[0]!.physicalLocation.region);
    assert.deepEqual(regions, [
      { startLine: 4, startColumn: 11, endLine: 4, endColumn: 15 },
      { startLine: 6, startColumn: 1, endLine: 6, endColumn: 8 },
      // `tags: [é𐐀中, ` is 13 UTF-16 code units (𐐀 counts 2), so `42` spans columns 14 to 16.
      { startLine: 7, startColumn: 14, endLine: 7, endColumn: 16 },
    ]);
    assert.ok(
      run.results.every(
        (r) =>
          r.locations.length === 1 &&
          r.locations[0]!.physicalLocation.artifactLocation.uri === 'incidents/a.postmortem.md',
      ),
    );
  });

  it('carries a fix as a replacement of the flagged region', () => {
    const [first] = sarif(reportOf('a.md', DOC)).runs[0]!.results;
    assert.deepEqual(first!.fixes, [
      {
        description: { text: 'Change to `SEV2`' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'a.md' },
            replacements: [
              {
                deletedRegion: { startLine: 4, startColumn: 11, endLine: 4, endColumn: 15 },
                insertedContent: { text: 'SEV2' },
              },
            ],
          },
        ],
      },
    ]);
  });

  it('writes repo-relative URIs with each path segment percent-encoded', () => {
    assert.equal(pathToUri('my docs/a#1?.md'), 'my%20docs/a%231%3F.md');
    assert.equal(pathToUri('incidents/é.md'), 'incidents/%C3%A9.md');
    const log = sarif(reportOf('my docs/a#1.md', '# No frontmatter\n'));
    assert.equal(
      log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri,
      'my%20docs/a%231.md',
    );
  });

  it('keeps partial fingerprints when lines are inserted above, and keeps them distinct per finding', () => {
    const before = sarif(reportOf('a.md', DOC)).runs[0]!.results;
    const after = sarif(
      reportOf('a.md', DOC.replace('title: Outage\n', 'title: Outage\n# a comment\nteams: [search]\n')),
    ).runs[0]!.results;
    assert.deepEqual(
      after.map((r) => r.locations[0]!.physicalLocation.region.startLine),
      before.map((r) => r.locations[0]!.physicalLocation.region.startLine + 2),
    );
    assert.deepEqual(
      after.map((r) => r.partialFingerprints),
      before.map((r) => r.partialFingerprints),
    );
    const prints = before.map((r) => r.partialFingerprints[FINGERPRINT_KEY]!);
    assert.equal(new Set(prints).size, prints.length);
    for (const p of prints) assert.match(p, /^[0-9a-f]{64}$/);
    const moved = sarif(reportOf('b.md', DOC)).runs[0]!.results.map(
      (r) => r.partialFingerprints[FINGERPRINT_KEY],
    );
    assert.notDeepEqual(moved, prints);
  });

  it('hashes with a SHA-256 equal to node:crypto on any text (fast-check)', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // Padding boundaries: 55, 56 and 64 bytes change the number of blocks.
    for (const n of [55, 56, 63, 64, 119, 120])
      assert.equal(sha256Hex('a'.repeat(n)), createHash('sha256').update('a'.repeat(n)).digest('hex'));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('writes a valid log with no results for clean files', { skip: SCHEMAS_SKIP }, () => {
    const log = sarif(reportOf('a.md', doc()));
    assert.deepEqual(log.runs[0]!.results, []);
  });
});
