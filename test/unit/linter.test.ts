/** The linter instance: what a shell gets from `createLinter` besides config and schema resolution (resolve.test.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLinter, lint, type Host, type Workspace } from '../../src/core/index.js';

function host(files: Record<string, string>): Host {
  return { readFile: async (p) => files[p] };
}

/** A workspace over an in-memory folder tree: every `.md` file under a folder, sorted. */
function workspace(files: Record<string, string>, root?: string): Workspace {
  return {
    markdownFiles: async (folder) =>
      Object.keys(files)
        .filter((p) => p.startsWith(`${folder}/`) && p.endsWith('.md'))
        .sort(),
    readText: async (p) => (files[p] === undefined ? { error: 'no such file' } : { text: files[p]! }),
    recognitionRoot: () => root,
  };
}

const PM = (id: string, date: string, extra = '') =>
  `---\nid: ${id}\ntitle: Refund agent ${id}\ndate: ${date}\nseverity: SEV2\nstatus: draft\nfailure_classes: [excessive-agency]\n${extra}---\n\n# Refunds\n`;

describe('createLinter', () => {
  it('runs the cross-file rule in a second phase against the index it built, and the first phase alone gives none', async () => {
    const files = {
      '/r/pm/2025-01-01-a.postmortem.md': PM('PM-1', '2025-01-01'),
      '/r/pm/2026-01-01-b.postmortem.md': PM('PM-2', '2026-01-01'),
    };
    const linter = createLinter({ host: host(files), workspace: workspace(files, '/r') });
    const { index } = await linter.index('/r');
    assert.deepEqual(
      index.records.map((r) => r.path),
      ['/r/pm/2025-01-01-a.postmortem.md', '/r/pm/2026-01-01-b.postmortem.md'],
    );
    const path = '/r/pm/2026-01-01-b.postmortem.md';
    const first = await linter.lintFirstPass(path, files[path], { record: true });
    assert.equal(first.record?.id, 'PM-2');
    assert.deepEqual(
      first.first.findings.filter((f) => f.ruleId === 'recurrence'),
      [],
    );
    const complete = linter.completeLint(structuredClone(first), index);
    assert.deepEqual(
      complete.filter((f) => f.ruleId === 'recurrence').map((f) => f.message),
      ['Failure class `excessive-agency` recurs: also in 1 earlier postmortem, PM-1 (2025-01-01)'],
    );
    // The same as one lintFile with the index, and as the engine's lint() with it.
    assert.deepEqual((await linter.lintFile(path, files[path], { repository: index })).findings, complete);
    assert.deepEqual(lint(files[path], { path, repository: index }).findings, complete);
  });

  it('indexes only postmortems that could recur with the known records when fast paths are on, all of them when off', async () => {
    const files = {
      '/r/pm/2025-01-01-a.postmortem.md': PM('PM-1', '2025-01-01'),
      '/r/pm/2025-02-01-c.postmortem.md': PM('PM-3', '2025-02-01').replace(
        'excessive-agency',
        'hallucination',
      ),
      '/r/pm/2026-01-01-b.postmortem.md': PM('PM-2', '2026-01-01'),
    };
    const target = '/r/pm/2026-01-01-b.postmortem.md';
    for (const fastPaths of [true, false]) {
      const linter = createLinter({ host: host(files), workspace: workspace(files, '/r'), fastPaths });
      const first = await linter.lintFirstPass(target, files[target], { record: true });
      const { index } = await linter.index('/r', { known: new Map([[target, first.record!]]) });
      assert.deepEqual(
        index.records.map((r) => r.id),
        fastPaths ? ['PM-1', 'PM-2'] : ['PM-1', 'PM-3', 'PM-2'],
      );
      assert.deepEqual(linter.completeLint(first, index).filter((f) => f.ruleId === 'recurrence').length, 1);
    }
  });

  it('reports indexing progress once per file and a last call with everything done', async () => {
    const files = {
      '/r/a.postmortem.md': PM('PM-1', '2025-01-01'),
      '/r/b.postmortem.md': PM('PM-2', '2026-01-01'),
    };
    const linter = createLinter({ host: host(files), workspace: workspace(files) });
    const seen: string[] = [];
    await linter.index('/r', {
      records: 'full',
      onProgress: (p) => seen.push(`${p.phase} ${p.done}/${p.total}`),
    });
    assert.deepEqual(seen, ['indexing 0/2', 'indexing 1/2', 'indexing 2/2']);
  });

  it('explains, as data, the config, the schema and each rule setting, and that a name takes the file', async () => {
    const reads: string[] = [];
    const files = {
      '/r/.postmortem.json': '{"rules":{"blameless":"off","recurrence":{"severity":"warning"}}}',
    };
    const linter = createLinter({
      host: { readFile: async (p) => (reads.push(p), files[p as keyof typeof files]) },
      workspace: workspace({}),
    });
    const explained = await linter.explain('/r/2026-01-01-x.postmortem.md', PM('PM-1', '2026-01-01'));
    assert.equal(explained.config.path, '/r/.postmortem.json');
    assert.ok(reads.includes('/r/.postmortem.json'));
    assert.equal(explained.configFailure, undefined);
    assert.equal(explained.trusted, true);
    assert.equal(explained.association.source, 'default');
    assert.equal(explained.recognition.postmortem, true);
    assert.deepEqual(
      explained.rules.find((r) => r.id === 'blameless'),
      { id: 'blameless', severity: 'off', source: 'config' },
    );
    assert.deepEqual(
      explained.rules.find((r) => r.id === 'recurrence'),
      { id: 'recurrence', severity: 'warning', source: 'config' },
    );
    assert.equal(explained.rules.find((r) => r.id === 'timeline-order')?.source, 'default');
  });

  it('reads no config or schema file when untrusted (Restricted Mode), and says so', async () => {
    const reads: string[] = [];
    const files: Record<string, string> = { '/r/.postmortem.json': '{"rules":{"frontmatter-schema":"off"}}' };
    let trusted = false;
    const linter = createLinter({
      host: { readFile: async (p) => (reads.push(p), files[p]) },
      trusted: () => trusted,
    });
    const text = '---\ntitle: Outage\ndate: 2026-03-14\nseverity: sev2\nstatus: draft\n---\n';
    const restricted = await linter.lintFile('/r/a.md', text);
    assert.equal(reads.length, 0);
    assert.match(restricted.association.reason, /Restricted Mode/);
    assert.ok(restricted.findings.some((f) => f.ruleId === 'frontmatter-schema'));
    trusted = true;
    const full = await linter.lintFile('/r/a.md', text);
    assert.ok(reads.includes('/r/.postmortem.json'));
    assert.ok(!full.findings.some((f) => f.ruleId === 'frontmatter-schema'));
  });

  it('gives the time-limit finding as a fatal document-size error, and none when the config turns document-size off', async () => {
    const linter = createLinter({
      host: host({ '/off/.postmortem.json': '{"rules":{"document-size":"off"}}' }),
    });
    const on = await linter.timeoutFinding('/on/a.md', 3);
    assert.deepEqual(
      [on?.ruleId, on?.severity, on?.fatal, on?.message],
      [
        'document-size',
        'error',
        true,
        'Document took longer than 3 s to lint; the document is too complex to check (split it, or raise `--file-timeout`)',
      ],
    );
    assert.equal(await linter.timeoutFinding('/off/a.md', 3), undefined);
  });

  it("fixes with the file's config and schema until no safe fix is left", async () => {
    const linter = createLinter({ host: host({}) });
    const text = '---\ntitle: Outage\ndate: 2026-03-14\nseverity: sev2\nstatus: draft\n---\n\n# Outage\n';
    const { text: fixed, fixed: counts } = await linter.fix('/r/a.md', text);
    assert.match(fixed, /severity: SEV2/);
    assert.equal(counts.get('frontmatter-schema'), 1);
    assert.deepEqual((await linter.fix('/r/a.md', fixed)).fixed.size, 0);
  });
});
