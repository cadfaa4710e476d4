/**
 * `explain` is rendered once: `postmortem explain` and the editor's Explain Schema print the core's `renderExplanation`
 * of the linter instance's `Explanation`, so the two say the same about the same file.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { LintService } from '../../src/extension/lint-service.js';
import { renderExplanation, type ExplanationData } from '../../src/core/index.js';

const CONFIG = JSON.stringify({
  files: ['incidents/**/*.md'],
  rules: { 'frontmatter-missing': 'error', 'ai-context': { severity: 'warning', options: { minimum: 2 } } },
  schema: 'strict.schema.json',
});
const STRICT = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['owner'],
});
const DOC = '---\ntitle: Refunds\ndate: 2026-03-14\n---\n\n# Refunds\n\n## Summary\n\nText.\n';

const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function workspace(config = CONFIG): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-explain-'));
  made.push(dir);
  mkdirSync(path.join(dir, 'incidents'));
  writeFileSync(path.join(dir, '.postmortem.json'), config);
  writeFileSync(path.join(dir, 'strict.schema.json'), STRICT);
  writeFileSync(path.join(dir, 'incidents', 'a.md'), DOC);
  writeFileSync(path.join(dir, 'notes.md'), '# Notes\n\nNothing here.\n');
  return dir;
}

/** `postmortem explain <file>` in this process: its exit code and stdout. */
async function cliExplain(dir: string, file: string): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(['explain', file], {
    cwd: dir,
    stdout: (t) => (stdout += t),
    stderr: () => {},
    env: {},
    today: () => '2026-03-15',
  });
  return { code, stdout };
}

/** What the editor's Explain Schema prints for the file: the worker's explanation, rendered as commands.ts does. */
async function editorExplain(dir: string, file: string, postmortemMode = false): Promise<string> {
  const service = new LintService(async (uri) => {
    try {
      return readFileSync(new URL(uri), 'utf8');
    } catch {
      return undefined;
    }
  });
  const folder = dir.split(path.sep).join('/');
  const full = `${folder}/${file}`;
  const explained = await service.handle({
    op: 'explain',
    uri: pathToFileURL(full).href,
    fsRoot: 'file://',
    path: full,
    folder,
    trusted: true,
    text: readFileSync(full, 'utf8'),
  });
  const workspaceRelative = (p: string) => path.posix.relative(folder, p);
  return `${renderExplanation(explained, { relative: workspaceRelative, postmortemMode })}\n`;
}

describe('explain, rendered once', () => {
  it('prints the same explanation in the CLI and in the editor for a postmortem, a file not taken and an invalid config', async () => {
    const dir = workspace();
    const broken = workspace('{ "rules": { "blameless": "loud" } }');
    for (const [root, file] of [
      [dir, 'incidents/a.md'],
      [dir, 'notes.md'],
      [broken, 'incidents/a.md'],
    ] as const) {
      const cli = await cliExplain(root, file);
      assert.equal(cli.stdout, await editorExplain(root, file), `${file}: the CLI and the editor differ`);
      assert.ok(cli.stdout.startsWith(`File:        ${file}\n`), cli.stdout);
    }
    const taken = await cliExplain(dir, 'incidents/a.md');
    assert.equal(taken.code, 0);
    assert.match(
      taken.stdout,
      /^Schema: {6}strict\.schema\.json, because `schema` in the config file names it$/m,
    );
    assert.match(taken.stdout, /^ {2}ai-context {19}warning {2}from the config \{"minimum":2\}$/m);
    const invalid = await cliExplain(broken, 'incidents/a.md');
    assert.equal(invalid.code, 2, 'an invalid config fails explain');
    assert.match(
      invalid.stdout,
      /^Config: {6}\.postmortem\.json is invalid, so the defaults apply:\n\.postmortem\.json:1:\d+ error .*  config$/m,
    );
  });

  it('says a file not taken is skipped by a folder walk, unless the editor has it in Postmortem mode', async () => {
    const dir = workspace();
    const plain = await editorExplain(dir, 'notes.md');
    assert.match(
      plain,
      /^Postmortem: {2}no: .*\n {13}a folder walk skips it \(linted anyway when named on the command line or open in Postmortem mode\)$/m,
    );
    const mode = await editorExplain(dir, 'notes.md', true);
    assert.match(mode, /^Postmortem: {2}yes: the document is in Postmortem mode$/m);
    assert.doesNotMatch(mode, /folder walk/);
  });

  it('says when no config was read (Restricted Mode) and keeps a URL schema name as it is', () => {
    const data: ExplanationData = {
      path: '/ws/a.postmortem.md',
      recognition: { postmortem: true, reasons: [{ signal: 'name', values: [] }] },
      config: { path: undefined } as unknown as ExplanationData['config'],
      configFailure: undefined,
      trusted: false,
      association: {
        source: 'frontmatter',
        name: 'https://example.com/pm.schema.json',
        reason: '`$schema` in the frontmatter names it',
        schema: { ok: false, error: 'remote schemas are not fetched' },
      },
      rules: [{ id: 'blameless', severity: 'off', source: 'default' }],
    };
    assert.deepEqual(renderExplanation(data, { relative: (p) => `rel(${p})` }).split('\n'), [
      'File:        rel(/ws/a.postmortem.md)',
      'Postmortem:  yes: its name ends in `.postmortem.md`',
      'Config:      not read: the workspace is in Restricted Mode (built-in defaults and the bundled schema apply)',
      'Schema:      https://example.com/pm.schema.json, because `$schema` in the frontmatter names it',
      '             cannot be used: remote schemas are not fetched',
      'Order:       `$schema` in the frontmatter, then `schema` in the config, then the bundled schema',
      'Rules:',
      '  blameless                    off      default',
    ]);
  });

  it("leaves the shells no explain text of their own: both print the core's renderExplanation", () => {
    const shells = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = path.join(dir, n);
        return statSync(p).isDirectory() ? shells(p) : p.endsWith('.ts') ? [p] : [];
      });
    const own = [...shells('src/cli'), ...shells('src/extension')].filter((f) =>
      /Schema: {6}|Order: {7}|Postmortem: {2}/.test(readFileSync(f, 'utf8')),
    );
    assert.deepEqual(own, [], 'explain lines written in a shell');
    for (const file of ['src/cli/main.ts', 'src/extension/commands.ts'])
      assert.match(readFileSync(file, 'utf8'), /renderExplanation\(/, `${file} prints renderExplanation`);
  });
});
