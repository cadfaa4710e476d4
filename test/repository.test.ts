/**
 * The repository index, the `recurrence` rule and `postmortem report`, over the 36-postmortem
 * fixture repository (test/fixtures/repository, written by its generate.mjs) and the real corpus.
 * `UPDATE=1` rewrites the report goldens in test/fixtures/repository-report/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { needsShared, sharedPath } from '../scripts/shared-folder.js';
import {
  DEFAULT_CONFIG,
  buildRepositoryIndex,
  completeLint,
  lintFirstPass,
  lint,
  parsePostmortem,
  recordPostmortem,
  recordText,
  renderReportHtml,
  renderReportJson,
  renderReportMarkdown,
  resolveConfig,
  summarizeRepository,
  type Finding,
  type PostmortemRecord,
} from '../src/core/index.js';

const DIR = 'test/fixtures/repository';
const GOLDEN = 'test/fixtures/repository-report';
const AS_OF = '2026-04-01';
/** Real postmortems (third-party), read from the shared folder. */
const REAL_CORPUS = 'corpus/postmortems/markdown';
const BIN = path.resolve('bin/postmortem.js');

const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.postmortem.md'))
  .sort();
const texts = new Map(names.map((n) => [n, readFileSync(path.join(DIR, n), 'utf8')]));
const records = names.map((n) => recordText({ path: n, text: texts.get(n)! }));
const index = buildRepositoryIndex(records);

function record(name: string): PostmortemRecord {
  const r = index.byPath(name);
  assert.ok(r, `${name} is indexed`);
  return r;
}

function recurrence(name: string, repository = index, config = {}): Finding[] {
  return lint(texts.get(name)!, {
    repository,
    path: name,
    config: resolveConfig(config, undefined),
  }).findings.filter((f) => f.ruleId === 'recurrence');
}

/** Minimal valid frontmatter around `extra` YAML lines. */
function doc(extra: string, body = '# Incident\n'): string {
  return `---\ntitle: Incident\ndate: 2026-03-14\nseverity: SEV3\nstatus: draft\n${extra}---\n\n${body}`;
}

function golden(file: string, actual: string): void {
  const full = path.join(GOLDEN, file);
  if (process.env['UPDATE'] === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(full, actual);
  }
  assert.equal(actual, readFileSync(full, 'utf8'), `${full} differs (UPDATE=1 rewrites it; review the diff)`);
}

describe('fixture repository', () => {
  it('has at least 30 postmortems over 18 months, AI and non-AI, with open and done action items', () => {
    assert.equal(records.length, 36);
    assert.equal(records[0]!.date, '2024-10-27');
    assert.equal(records[records.length - 1]!.date, '2026-03-24');
    assert.equal(records.filter((r) => r.aiInvolved).length, 32);
    const states = records.flatMap((r) => r.actionItems.map((i) => i.state));
    assert.ok(states.includes('open') && states.includes('done'));
  });

  it('is what generate.mjs writes (run `node test/fixtures/repository/generate.mjs` after changing it)', async () => {
    const { generateRepository } = (await import(pathToFileURL(path.resolve(DIR, 'generate.mjs')).href)) as {
      generateRepository: () => Array<{ name: string; text: string }>;
    };
    const generated = generateRepository();
    assert.deepEqual(
      generated.map((d) => d.name),
      names,
    );
    for (const d of generated) assert.equal(d.text, texts.get(d.name), `${d.name} is stale`);
  });
});

describe('repository index', () => {
  it('records one postmortem: id, date, status, services, class chain and roots, variables, root cause, action items', () => {
    const r = record('2024-10-27-refund-without-approval.postmortem.md');
    assert.equal(r.id, 'PM-2024-001');
    assert.equal(r.title, 'Refund agent issued refunds without approval');
    assert.equal(r.status, 'closed');
    assert.deepEqual(r.services, ['support-agent', 'refund-api']);
    assert.deepEqual(r.failureClasses, ['excessive-agency/missing-approval-gate', 'tool-misuse']);
    assert.deepEqual(r.classRoots, ['excessive-agency', 'tool-misuse']);
    assert.deepEqual(r.movedVariables, ['prompt_revision', 'judge', 'tool_schemas']);
    assert.equal(r.movedSource, 'inferred');
    assert.deepEqual(r.variables.model_slice, { recorded: false, moved: false });
    assert.equal(r.aiInvolved, true);
    assert.ok(r.agentDecisions >= 1);
    assert.equal(r.rootCause, 'inference-aware');
    assert.deepEqual(
      r.actionItems.map((i) => [i.text, i.owner, i.state]),
      [
        ['Add a human-approval gate to issue_refund above 50 EUR', '@aiko', 'done'],
        ['Replay the conversation 200 times against the new prompt and record the rate', '@sam', 'done'],
        ['Alert on refunds per hour per agent', '@mlee', 'done'],
      ],
    );
  });

  it('anchors each failure class entry at its text in the file, with 1-based positions', () => {
    const r = record('2024-10-27-refund-without-approval.postmortem.md');
    const text = texts.get(r.path)!;
    assert.equal(text.slice(r.classAnchors[1]!.range.start, r.classAnchors[1]!.range.end), 'tool-misuse');
    const line = text.split('\n').findIndex((l) => l === '  - tool-misuse') + 1;
    assert.deepEqual(r.classAnchors[1]!.start, { line, column: 5 });
    assert.equal(
      text.slice(r.anchors['failure_classes']!.range.start, r.anchors['failure_classes']!.range.end),
      'failure_classes',
    );
  });

  it('looks up by class root, service, service and moved variable, id, and orders by date', () => {
    assert.equal(index.withClass('excessive-agency').length, 9);
    assert.ok(index.withClass('excessive-agency').every((r) => r.classRoots.includes('excessive-agency')));
    assert.equal(
      index.withClass('excessive-agency/missing-approval-gate').length,
      0,
      'lookups are by class root',
    );
    assert.equal(index.withService('support-agent').length, 19);
    assert.deepEqual(
      index.withServiceAndMoved('model-router', 'model_slice').map((r) => r.id),
      ['PM-2025-012', 'PM-2025-025', 'PM-2026-035'],
    );
    assert.equal(index.byId('PM-2025-012')[0]?.path, '2025-03-06-router-small-model.postmortem.md');
    const dates = index.records.map((r) => r.date!);
    assert.deepEqual(dates, [...dates].sort());
    const earlier = index.earlier(index.withClass('excessive-agency'), '2025-04-18');
    assert.deepEqual(
      earlier.map((r) => r.date),
      ['2024-10-27', '2025-01-12', '2025-01-20'],
    );
  });

  it('infers moved variables by the documented rules, and `moved_variables` overrides them', () => {
    const moved = (yaml: string) => recordText({ path: 'x.md', text: doc(yaml) }).movedVariables;
    assert.deepEqual(
      moved('prompt_revision:\n  - name: p\n    changed_at: 2026-03-10T09:00:00Z\n'),
      ['prompt_revision'],
      'changed 4 days before',
    );
    assert.deepEqual(
      moved('prompt_revision:\n  - name: p\n    changed_at: 2026-01-10T09:00:00Z\n'),
      [],
      'changed two months before',
    );
    assert.deepEqual(
      moved('prompt_revision:\n  - name: p\n    changed_at: 2026-03-15T09:00:00Z\n'),
      [],
      'changed after the incident day',
    );
    assert.deepEqual(
      moved('prompt_revision:\n  - {name: p, version: v1}\n  - {name: p, version: v2}\n'),
      ['prompt_revision'],
      'before and after',
    );
    assert.deepEqual(
      moved('prompt_revision:\n  - {name: p, version: v1}\n  - {name: q, version: v2}\n'),
      [],
      'two different prompts',
    );
    assert.deepEqual(moved('model_slice:\n  - {requested_model: a, served_model: b}\n'), ['model_slice']);
    assert.deepEqual(moved('model_slice:\n  - {requested_model: a, served_model: a}\n'), []);
    assert.deepEqual(moved('judge:\n  - {name: j, fired: false}\n'), ['judge']);
    assert.deepEqual(moved('judge:\n  - {name: j, fired: true}\n'), []);
    assert.deepEqual(
      moved('retrieval_index_state:\n  - {data_source: kb, last_refresh: 2026-03-13T02:00:00Z}\n'),
      ['retrieval_index_state'],
    );
    assert.deepEqual(
      moved('retrieval_index_state:\n  - {data_source: kb, last_refresh: 2025-12-01T02:00:00Z}\n'),
      [],
    );
    assert.deepEqual(moved('tool_schemas:\n  - {name: t, version: 1.2.0}\n'), ['tool_schemas']);
    assert.deepEqual(moved('tool_schemas:\n  - {name: t}\n'), []);
    assert.deepEqual(moved('traffic_mix:\n  by_model: {a: 0.5, b: 0.5}\n'), ['traffic_mix']);
    assert.deepEqual(moved('traffic_mix:\n  notes: sampled\n'), []);
    assert.deepEqual(
      moved('model_slice:\n  - {requested_model: a, served_model: b}\nmoved_variables: [judge]\n'),
      ['judge'],
      'declared wins',
    );
    assert.deepEqual(
      moved('model_slice:\n  - {requested_model: a, served_model: b}\nmoved_variables: []\n'),
      [],
      'declared empty: nothing moved',
    );
  });

  it('never throws on odd frontmatter and falls back to the heading and the file name', () => {
    const odd = recordText({
      path: 'docs/odd.md',
      text: '---\ndate: 14/03/2026\nfailure_classes: tool-misuse\nservices: [1, null, x]\n---\n\n# Odd one\n',
    });
    assert.equal(odd.date, undefined);
    assert.deepEqual(odd.failureClasses, []);
    assert.deepEqual(odd.services, ['1', 'x']);
    assert.equal(odd.title, 'Odd one');
    assert.equal(recordText({ path: 'docs/empty.md', text: '' }).title, 'empty.md');
  });
});

describe('rule recurrence over the fixture repository', () => {
  it('lists the earlier postmortems of the class, with related locations at their failure_classes entries', () => {
    const name = '2025-04-18-refund-without-approval.postmortem.md';
    const findings = recurrence(name);
    const agency = findings.find((f) => f.message.startsWith('Failure class `excessive-agency`'));
    assert.ok(agency);
    assert.equal(
      agency.message,
      'Failure class `excessive-agency` recurs: also in 3 earlier postmortems, PM-2025-009 (2025-01-20), PM-2025-006 (2025-01-12), PM-2024-001 (2024-10-27)',
    );
    assert.equal(agency.severity, 'info', 'the earlier postmortems have their action items done');
    const text = texts.get(name)!;
    assert.equal(text.slice(agency.range.start, agency.range.end), 'excessive-agency/missing-approval-gate');
    const related = agency.related ?? [];
    assert.deepEqual(
      related.map((r) => r.path),
      [
        '2025-01-20-wrong-runbook-scenario.postmortem.md',
        '2025-01-12-agent-wrong-customer.postmortem.md',
        '2024-10-27-refund-without-approval.postmortem.md',
      ],
    );
    for (const r of related) {
      const other = texts.get(r.path!)!;
      assert.match(other.slice(r.range.start, r.range.end), /^excessive-agency/);
      assert.equal(
        other
          .split('\n')
          [r.position!.start.line - 1]!.slice(r.position!.start.column - 1)
          .trimEnd(),
        other.slice(r.range.start, r.range.end),
      );
    }
  });

  it('escalates to a warning, listing the open items, when an earlier postmortem of the class has open action items', () => {
    const name = '2026-02-01-agent-wrong-customer.postmortem.md';
    const agency = recurrence(name).find((f) => f.message.startsWith('Failure class `excessive-agency`'));
    assert.ok(agency);
    assert.equal(agency.severity, 'warning');
    assert.match(
      agency.message,
      /^Failure class `excessive-agency` recurs: also in 8 earlier postmortems, PM-2026-032 \(2026-01-19\), .* and 4 more; 4 action items from them are still open$/,
    );
    const open = (agency.related ?? []).filter((r) => r.message.startsWith('Still open in '));
    assert.deepEqual(
      open.map((r) => r.message),
      [
        'Still open in PM-2026-030: Rewrite the failover runbook with a lag check',
        'Still open in PM-2026-030: Require approval before promote_replica',
        'Still open in PM-2025-022: Rewrite the failover runbook with a lag check',
        'Still open in PM-2025-022: Require approval before promote_replica',
      ],
    );
    const other = texts.get(open[0]!.path!)!;
    assert.match(
      other.slice(open[0]!.range.start, open[0]!.range.end),
      /^- \[ \] Rewrite the failover runbook/,
    );
  });

  it('goes one level up from the configured severity: warning becomes error', () => {
    const name = '2026-02-01-agent-wrong-customer.postmortem.md';
    const severities = recurrence(name, index, { rules: { recurrence: 'warning' } }).map((f) => f.severity);
    assert.ok(severities.includes('error') && severities.includes('warning'));
    assert.deepEqual(recurrence(name, index, { rules: { recurrence: 'off' } }), []);
  });

  it('reports the same service with the same moved variable at that variable`s key', () => {
    const name = '2026-02-13-router-small-model.postmortem.md';
    const slice = recurrence(name).find((f) => f.message.startsWith('`model_slice`'));
    assert.ok(slice);
    assert.equal(
      slice.message,
      '`model_slice` moved again on `model-router`, `gateway`: it also moved in 2 earlier postmortems of those services, PM-2025-025 (2025-10-18), PM-2025-012 (2025-03-06); 1 action item from them is still open',
    );
    assert.equal(texts.get(name)!.slice(slice.range.start, slice.range.end), 'model_slice');
    assert.equal(slice.severity, 'info', 'a moved variable does not escalate');
    assert.deepEqual(
      (slice.related ?? []).filter((r) => !r.message.startsWith('Still open')).map((r) => r.path),
      ['2025-10-18-router-small-model.postmortem.md', '2025-03-06-router-small-model.postmortem.md'],
    );
  });

  it('is silent for the first postmortem of every class, without a repository, and never counts `other`', () => {
    assert.deepEqual(recurrence('2024-10-27-refund-without-approval.postmortem.md'), []);
    const text = texts.get(names[names.length - 1]!)!;
    assert.deepEqual(
      lint(text, {}).findings.filter((f) => f.ruleId === 'recurrence'),
      [],
    );
    for (const name of names.filter((n) => /cert-expiry|db-migration/.test(n))) {
      assert.ok(
        recurrence(name).every((f) => !f.message.includes('`other`')),
        name,
      );
    }
  });

  it('lists the 50 newest earlier postmortems and counts every open item when a class recurs in 60', () => {
    const earlier = Array.from({ length: 60 }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
      const text = `---\nid: E${i}\ntitle: Earlier ${i}\ndate: 2025-${month}-${day}\nseverity: SEV3\nstatus: draft\nfailure_classes: [runaway-loop]\n---\n\n# Earlier\n\n## Action items\n\n- [ ] Fix ${i} (owner: @a)\n- [x] Done ${i} (owner: @a)\n`;
      return recordText({ path: `e${i}.md`, text });
    });
    const self = doc('id: SELF\nfailure_classes: [runaway-loop]\n');
    const repository = buildRepositoryIndex([...earlier, recordText({ path: 'self.md', text: self })]);
    const [finding, ...rest] = lint(self, { repository, path: 'self.md' }).findings.filter(
      (f) => f.ruleId === 'recurrence',
    );
    assert.equal(rest.length, 0);
    assert.match(
      finding!.message,
      /also in 60 earlier postmortems, E59 \(2025-03-04\), E58 \(2025-03-03\), E57 \(2025-03-02\), E56 \(2025-03-01\) and 56 more; 60 action items from them are still open/,
    );
    assert.equal(finding!.related?.length, 50);
    assert.equal(finding!.related?.[0]?.path, 'e59.md');
    assert.equal(finding!.related?.[49]?.path, 'e10.md');
    assert.ok(finding!.related?.every((r) => !r.message.startsWith('Still open')));
    // With few earlier postmortems, their open items follow them, newest postmortem first.
    const few = buildRepositoryIndex([...earlier.slice(0, 2), recordText({ path: 'self.md', text: self })]);
    const small = lint(self, { repository: few, path: 'self.md' }).findings.find(
      (f) => f.ruleId === 'recurrence',
    );
    assert.deepEqual(
      small?.related?.map((r) => `${r.path} ${r.message.split(':')[0]}`),
      ['e1.md E1 (2025-01-02)', 'e0.md E0 (2025-01-01)', 'e1.md Still open in E1', 'e0.md Still open in E0'],
    );
  });

  it('does not count the document itself, nor a postmortem of the same day, as earlier', () => {
    const a = doc('id: A\nfailure_classes: [runaway-loop]\n');
    const b = doc('id: B\nfailure_classes: [runaway-loop]\n');
    const repository = buildRepositoryIndex([
      recordText({ path: 'a.md', text: a }),
      recordText({ path: 'b.md', text: b }),
    ]);
    assert.deepEqual(
      lint(a, { repository, path: 'a.md' }).findings.filter((f) => f.ruleId === 'recurrence'),
      [],
    );
  });
});

describe('report', () => {
  const summary = summarizeRepository(index, { asOf: AS_OF });

  it('counts the fixture repository exactly (JSON golden)', () => {
    golden('report.json', renderReportJson(summary));
    const json = JSON.parse(renderReportJson(summary)) as typeof summary;
    assert.equal(json.postmortems, 36);
    assert.equal(
      json.byClass.reduce((n, c) => n + c.count, 0),
      records.reduce((n, r) => n + r.classRoots.length, 0),
    );
    assert.equal(
      json.byMonth.reduce((n, m) => n + m.count, 0),
      36,
    );
    assert.equal(json.byMonth.length, 18, 'October 2024 to March 2026, empty months included');
    assert.equal(
      json.openItems.total,
      records.reduce((n, r) => n + r.actionItems.filter((i) => i.state === 'open').length, 0),
    );
    assert.equal(
      json.openItems.byAge.reduce((n, b) => n + b.count, 0),
      json.openItems.total,
    );
    assert.ok(json.recurring.every((r) => r.postmortems.length >= 2 && r.class !== 'other'));
    assert.deepEqual(json.rootCause.all, { 'inference-aware': 16, 'deterministic-only': 20, missing: 0 });
  });

  it('renders Markdown (golden)', () => {
    golden('report.md', renderReportMarkdown(summary));
  });

  it('renders one well-formed, self-contained HTML page with the counts and every text escaped', () => {
    const html = renderReportHtml(summary);
    assertWellFormed(html);
    assert.doesNotMatch(
      html,
      /<script|<link|<img|@import|url\(|https?:\/\//i,
      'nothing loaded from anywhere',
    );
    assert.match(html, /<div class="big">36<\/div><div class="name">Postmortems<\/div>/);
    assert.match(
      html,
      new RegExp(
        `<div class="big">${summary.openItems.total}</div><div class="name">Open action items</div>`,
      ),
    );
    for (const c of summary.recurring.slice(0, 5)) assert.ok(html.includes(`>${c.class}</text>`), c.class);
    const hostile = buildRepositoryIndex([
      recordText({
        path: 'x.md',
        text: doc(
          'services: ["<img src=x onerror=alert(1)>"]\nfailure_classes: [other]\n',
          '# T\n\n## Action items\n\n- [ ] <script>alert(1)</script> (owner: @a)\n',
        ),
      }),
    ]);
    const escaped = renderReportHtml(summarizeRepository(hostile, { asOf: AS_OF }), 'A & <b>');
    assertWellFormed(escaped);
    assert.doesNotMatch(escaped, /<img|<script|<b>/);
    assert.ok(escaped.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
    assert.ok(escaped.includes('<title>A &#38; &#60;b&#62;</title>'));
  });

  it(
    'renders the real corpus (no frontmatter: undated, unclassified) in every format',
    { skip: needsShared(REAL_CORPUS) },
    () => {
      const corpus = sharedPath(REAL_CORPUS);
      const files = readdirSync(corpus).filter((f) => f.endsWith('.md') && f !== 'PROVENANCE.md');
      const s = summarizeRepository(
        buildRepositoryIndex(
          files.map((f) => recordText({ path: f, text: readFileSync(path.join(corpus, f), 'utf8') })),
        ),
        { asOf: AS_OF },
      );
      assert.equal(s.postmortems, 24);
      assert.equal(s.undated, 19, 'five PyPI write-ups carry a date in their frontmatter');
      assert.equal(s.unclassified, 24);
      assert.equal(
        s.rootCause.all['inference-aware'] + s.rootCause.all['deterministic-only'] + s.rootCause.all.missing,
        24,
      );
      assert.ok(s.rootCause.all['deterministic-only'] > 0);
      assertWellFormed(renderReportHtml(s));
      assert.match(
        renderReportMarkdown(s),
        /^# Postmortem report\n\n24 postmortems from 2024-07-08 to 2026-04-02 \(19 undated\)/,
      );
      assert.equal((JSON.parse(renderReportJson(s)) as { postmortems: number }).postmortems, 24);
    },
  );
});

describe('CLI', () => {
  function cli(args: string[], cwd = '.') {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTIONS: '' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('`report --format json` prints the same report as the core', () => {
    const r = cli(['report', DIR, '--format', 'json', '--as-of', AS_OF]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(path.join(GOLDEN, 'report.json'), 'utf8'));
  });

  it('`report --format html --output` writes one file and says so', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'pm-report-')), 'r', 'report.html');
    const r = cli(['report', DIR, '--format', 'html', '--output', out, '--as-of', AS_OF]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^Wrote .*report\.html \(36 postmortems\)\n$/);
    assert.match(readFileSync(out, 'utf8'), /^<!doctype html>/);
  });

  it('`report` refuses a bad format, a bad date and a missing folder with exit 2', () => {
    assert.equal(cli(['report', DIR, '--format', 'pdf']).code, 2);
    assert.match(cli(['report', DIR, '--as-of', '2026-13-45']).stderr, /--as-of takes a date/);
    assert.match(cli(['report', 'no/such/folder']).stderr, /not a folder/);
  });

  it('`lint` indexes the postmortems under the lint root, so naming one file still finds its history', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-recur-'));
    writeFileSync(path.join(dir, '.postmortem.json'), '{}\n');
    mkdirSync(path.join(dir, 'old'));
    writeFileSync(
      path.join(dir, 'old', 'a.postmortem.md'),
      doc(
        'id: PM-1\nfailure_classes: [runaway-loop]\n',
        '# A\n\n## Action items\n\n- [ ] Cap tool calls (owner: @dana)\n',
      ).replace('2026-03-14', '2025-01-02'),
    );
    mkdirSync(path.join(dir, 'new'));
    writeFileSync(
      path.join(dir, 'new', 'b.postmortem.md'),
      doc('id: PM-2\nfailure_classes: [runaway-loop]\n'),
    );
    const r = cli(['lint', 'new/b.postmortem.md', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const findings = (
      JSON.parse(r.stdout) as { files: Array<{ findings: Finding[] }> }
    ).files[0]!.findings.filter((f) => f.ruleId === 'recurrence');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'warning');
    assert.deepEqual(
      findings[0]!.related?.map((x) => [x.path, x.position?.start.line]),
      [
        ['old/a.postmortem.md', 7],
        ['old/a.postmortem.md', 14],
      ],
    );
  });
});

/** Every non-void element closes, in order; attributes are quoted; no stray `<` or `&`. */
function assertWellFormed(html: string): void {
  const VOID = new Set(['meta', 'br', 'link', 'img', 'hr', 'input']);
  const stack: string[] = [];
  const body = html.replace(/^<!doctype html>\n/, '');
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"<]*")?)*)\s*(\/?)>|<|&(?!#\d+;|[a-z]+;)/g;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    if (m[2] === undefined)
      assert.fail(`stray \`${m[0]}\` at ${m.index}: ${body.slice(Math.max(0, m.index - 40), m.index + 40)}`);
    const name = m[2].toLowerCase();
    if (m[1]) assert.equal(stack.pop(), name, `closing </${name}> at ${m.index}`);
    else if (!VOID.has(name) && !m[4]) stack.push(name);
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.ok(!/<style>[\s\S]*<\/style>[\s\S]*<style>/.test(html), 'one stylesheet');
}

describe('recurrence added in the second phase (a worker ran the first, its result cloned) respects suppression directives', () => {
  const name = '2025-04-18-refund-without-approval.postmortem.md';
  const text = texts.get(name)!;
  /** The first phase with the file's whole record, cloned as it crosses from a worker, then the second with the index. */
  function merged(source: string): readonly Finding[] | undefined {
    const document = parsePostmortem(source);
    const { first } = lintFirstPass(source, {
      path: name,
      document,
      prepare: true,
      record: recordPostmortem(name, document, DEFAULT_CONFIG.phrases),
    });
    return completeLint(structuredClone(first), { repository: index, path: name }).findings;
  }
  // Its recurrence findings point into the frontmatter, where only a file-wide directive reaches.
  assert.ok(recurrence(name).length >= 2);
  const variants: Array<[string, string]> = [
    ['a disable-file for recurrence', `${text}\n<!-- postmortem-disable-file recurrence -->\n`],
    ['a disable-file for every rule', `${text}\n<!-- postmortem-disable-file -->\n`],
    [
      'a disable for recurrence that covers nothing it reports',
      `${text}\n<!-- postmortem-disable recurrence -->\n`,
    ],
    [
      'a block for recurrence and blameless, enabled again',
      `${text}\n<!-- postmortem-disable recurrence blameless -->\ntext\n<!-- postmortem-enable -->\n`,
    ],
    [
      'a directive for another rule only',
      `${text}\n<!-- postmortem-disable-next-line blameless -->\nA line.\n`,
    ],
    ['a directive naming an unknown rule', `${text}\n<!-- postmortem-disable-line no-such-rule -->\n`],
  ];
  for (const [what, source] of variants) {
    it(`gives exactly lint() with the repository for ${what}`, () => {
      const expected = lint(source, { repository: index, path: name }).findings;
      assert.deepEqual(merged(source), expected);
    });
  }

  it('drops the suppressed recurrence findings and does not call the directive unused', () => {
    const findings = merged(variants[0]![1])!;
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'recurrence' || f.ruleId === 'unused-disable'),
      [],
    );
    // The same text with the directive for another rule keeps them, and that directive is unused.
    const other = merged(variants[4]![1])!;
    assert.equal(other.filter((f) => f.ruleId === 'recurrence').length, recurrence(name).length);
    assert.equal(other.filter((f) => f.ruleId === 'unused-disable').length, 1);
  });

  it('reports a recurrence directive that suppressed nothing as unused', () => {
    const findings = merged(variants[2]![1])!;
    assert.equal(findings.filter((f) => f.ruleId === 'recurrence').length, recurrence(name).length);
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'unused-disable').map((f) => f.message),
      ['Unused `postmortem-disable` directive: no `recurrence` finding to suppress here'],
    );
  });

  it('a first phase that did not prepare the cross-file rules gets no recurrence finding, and its directive is unused', () => {
    const source = variants[2]![1];
    const { first } = lintFirstPass(source, { path: name });
    const findings = completeLint(first, { repository: index, path: name }).findings;
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'recurrence'),
      [],
    );
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'unused-disable').map((f) => f.message),
      ['Unused `postmortem-disable` directive: no `recurrence` finding to suppress here'],
    );
  });
});
