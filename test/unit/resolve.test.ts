/** Config discovery and schema association of the linter instance through the Host port, as every shell uses them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES, createLinter, parseConfig, type Host } from '../../src/core/index.js';
import { render } from '../helpers.js';

function host(files: Record<string, string>): Host & { reads: string[] } {
  const reads: string[] = [];
  return { reads, readFile: async (p) => (reads.push(p), files[p]) };
}

const DOC = (extra = '') =>
  `---\n${extra}title: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n`;

describe('config and schema resolution of the linter instance', () => {
  it('finds the nearest config in the folder or an ancestor and caches the lookup', async () => {
    const h = host({ '/repo/.postmortem.json': '{"rules":{"frontmatter-missing":"error"}}' });
    const r = createLinter({ host: h });
    const a = await r.configFor('/repo/incidents/2026/a.md');
    const b = await r.configFor('/repo/incidents/2026/b.md');
    assert.equal(a.config.path, '/repo/.postmortem.json');
    assert.equal(a.config.rules.get('frontmatter-missing')?.severity, 'error');
    assert.equal(b, a);
    assert.equal(h.reads.filter((p) => p === '/repo/.postmortem.json').length, 1);
  });

  it('uses the defaults with the failure reported when the nearest config is invalid', async () => {
    const r = createLinter({
      host: host({ '/repo/.postmortem.json': '{"rules": {"no-such-rule": "error"}}' }),
    });
    const { config, failure } = await r.configFor('/repo/a.md');
    assert.equal(config.path, undefined);
    assert.deepEqual(
      failure?.problems.map((p) => [p.message, failure.text.slice(p.range.start, p.range.end)]),
      [['Unknown rule `no-such-rule`', '"no-such-rule"']],
    );
  });

  it('prefers $schema in the frontmatter over the config, relative to the document', async () => {
    const schema = '{"type":"object","properties":{"team":{"enum":["a"]}}}';
    const r = createLinter({
      host: host({
        '/repo/.postmortem.json': '{"schema":"other.json"}',
        '/repo/incidents/team.json': schema,
        '/repo/other.json': '{}',
      }),
    });
    const text = DOC('$schema: ./team.json\nteam: b\n');
    const result = await r.lintFile('/repo/incidents/x.md', text);
    assert.equal(result.association.source, 'frontmatter');
    assert.equal(result.association.name, '/repo/incidents/team.json');
    assert.deepEqual(render(text, result.findings), [
      '3:7-3:8 error `team` must be `a`; got `b`  frontmatter-schema',
    ]);
  });

  it('uses the config schema, then the bundled one', async () => {
    const r = createLinter({
      host: host({
        '/repo/.postmortem.json': '{"schema":"s.json"}',
        '/repo/s.json': '{"required":["team"]}',
      }),
    });
    const viaConfig = await r.lintFile('/repo/x.md', DOC());
    assert.equal(viaConfig.association.source, 'config');
    assert.deepEqual(render(DOC(), viaConfig.findings), [
      '1:1-1:4 error Missing required key `team`  frontmatter-schema',
    ]);
    const bare = await createLinter({ host: host({}) }).lintFile('/x/y.md', DOC());
    assert.equal(bare.association.source, 'default');
    assert.deepEqual(bare.findings, []);
  });

  it('never fetches a URL schema and says so at the fence', async () => {
    const text = DOC('$schema: https://example.com/s.json\n');
    const result = await createLinter({ host: host({}) }).lintFile('/x/y.md', text);
    assert.deepEqual(render(text, result.findings), [
      '1:1-1:4 error Schema `https://example.com/s.json` is a URL, which is never fetched during lint: use a path in the repository  frontmatter-schema',
    ]);
    assert.equal(result.findings[0]?.fatal, true);
  });

  it('reports a schema with a remote $ref instead of fetching it', async () => {
    const r = createLinter({
      host: host({
        '/r/.postmortem.json': '{"schema":"s.json"}',
        '/r/s.json': '{"$ref":"https://example.com/remote.json"}',
      }),
    });
    const result = await r.lintFile('/r/a.md', DOC());
    assert.match(
      result.findings[0]?.message ?? '',
      /references `https:\/\/example\.com\/remote\.json`, which is not fetched/,
    );
  });

  it('reports a schema file that is missing or not JSON', async () => {
    const r = createLinter({ host: host({ '/r/.postmortem.json': '{"schema":"s.json"}' }) });
    assert.match(
      (await r.lintFile('/r/a.md', DOC())).findings[0]?.message ?? '',
      /^Schema `s\.json` not found \(looked for \/r\/s\.json\)$/,
    );
    const bad = createLinter({
      host: host({ '/r/.postmortem.json': '{"schema":"s.json"}', '/r/s.json': '{nope' }),
    });
    assert.match(
      (await bad.lintFile('/r/a.md', DOC())).findings[0]?.message ?? '',
      /^Schema `s\.json` is not valid JSON/,
    );
  });
});

describe('parseConfig', () => {
  it('locates a JSON syntax error', () => {
    const { problems } = parseConfig('{\n  "rules": {,}\n}', '/c.json');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^Invalid JSON/);
    assert.equal(problems[0]!.range.start, 14);
  });

  it("validates rule options against the rule's options schema", () => {
    const { problems } = parseConfig(
      '{"rules":{"frontmatter-schema":{"severity":"error","options":{"x":1}}}}',
      '/c.json',
      RULES,
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      ['Rule `frontmatter-schema` takes no options'],
    );
  });

  it('reads a config with a BOM', () => {
    const { config, problems } = parseConfig('\uFEFF{"files":["a/*.md"]}', '/c.json', RULES);
    assert.deepEqual(problems, []);
    assert.deepEqual(config?.files, ['a/*.md']);
  });
});
