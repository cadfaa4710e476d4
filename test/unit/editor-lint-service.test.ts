/**
 * The editor's lint worker without VS Code: `LintService` answers the extension's requests with the
 * core, reading files only through the extension, and `serve` answers them one at a time, with the
 * background index's records waiting while a lint is asked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileRef, FromWorker, Request, ToWorker } from '../../src/extension/lint-protocol.js';
import { LintService, serve } from '../../src/extension/lint-service.js';

const ROOT = 'file://';
const CONFIG = JSON.stringify({
  files: ['incidents/**/*.md'],
  rules: { 'frontmatter-missing': 'error' },
  schema: 'strict.schema.json',
});
const STRICT = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['owner'],
});
const DOC =
  '---\nkind: postmortem\nid: PM-2026-001\ntitle: Refund agent approved refunds\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n\n# Refund agent approved refunds\n\n## Summary\n\nText.\n';

function files(): { reads: string[]; read: (uri: string) => Promise<string | undefined> } {
  const contents: Record<string, string> = {
    'file:///ws/.postmortem.json': CONFIG,
    'file:///ws/strict.schema.json': STRICT,
  };
  const reads: string[] = [];
  return { reads, read: async (uri) => (reads.push(uri), contents[uri]) };
}

function ref(path: string, trusted = true): FileRef {
  return { uri: `${ROOT}${path}`, fsRoot: ROOT, path, folder: '/ws', trusted };
}

describe('the editor lint service', () => {
  it('in Restricted Mode reads no workspace file: the built-in config and the bundled schema apply, and the reason says so', async () => {
    const fs = files();
    const result = await new LintService(fs.read).handle({
      op: 'lint',
      ...ref('/ws/incidents/a.md', false),
      text: DOC,
      languageId: 'postmortem',
      save: false,
    });
    assert.deepEqual(fs.reads, []);
    assert.ok(result);
    assert.equal(result.association.name, 'bundled postmortem.schema.json');
    assert.match(result.association.reason, /Restricted Mode/);
    assert.equal(result.config.path, undefined);
    assert.equal(result.findings.filter((f) => f.ruleId === 'frontmatter-schema').length, 0);
  });

  it('trusted, lints with the nearest config and its schema, read through the extension', async () => {
    const fs = files();
    const result = await new LintService(fs.read).handle({
      op: 'lint',
      ...ref('/ws/incidents/a.md'),
      text: DOC,
      languageId: 'postmortem',
      save: false,
    });
    assert.ok(result);
    assert.equal(result.config.path, '/ws/.postmortem.json');
    assert.equal(result.association.source, 'config');
    assert.ok(fs.reads.includes('file:///ws/strict.schema.json'), fs.reads.join(', '));
    assert.deepEqual(
      result.findings.filter((f) => f.ruleId === 'frontmatter-schema').map((f) => f.message),
      ['Missing required key `owner`'],
    );
  });

  it('gives `null` for Markdown the core does not take for a postmortem, and lints the Markdown the config names', async () => {
    const service = new LintService(files().read);
    assert.equal(
      await service.handle({
        op: 'lint',
        ...ref('/ws/README.md'),
        text: '# Project\n\nHow to build.\n',
        languageId: 'markdown',
        save: false,
      }),
      null,
    );
    assert.ok(
      await service.handle({
        op: 'lint',
        ...ref('/ws/incidents/2026-03-router.md'),
        text: DOC,
        languageId: 'markdown',
        save: false,
      }),
    );
  });

  it('explains with the instance: the config`s rule severities and its schema, as data', async () => {
    const explained = await new LintService(files().read).handle({
      op: 'explain',
      ...ref('/ws/incidents/a.md'),
      text: DOC,
    });
    assert.equal(explained.config.path, '/ws/.postmortem.json');
    assert.equal(explained.recognition.postmortem, true);
    assert.equal(explained.association.name, '/ws/strict.schema.json');
    assert.deepEqual(
      explained.rules.find((r) => r.id === 'frontmatter-missing'),
      { id: 'frontmatter-missing', severity: 'error', source: 'config' },
    );
    assert.equal(explained.rules.find((r) => r.id === 'frontmatter-yaml-syntax')?.source, 'default');
  });

  it('keeps an index record of a saved postmortem and of a workspace file, and takes it out again', async () => {
    const service = new LintService(files().read);
    const saved = await service.handle({
      op: 'lint',
      ...ref('/ws/incidents/a.md'),
      text: DOC,
      languageId: 'postmortem',
      save: true,
    });
    assert.equal(saved?.record?.path, '/ws/incidents/a.md');
    const record = await service.handle({
      op: 'record',
      ...ref('/ws/incidents/b.md'),
      text: DOC.replace('PM-2026-001', 'PM-2026-002'),
      keep: true,
    });
    assert.equal(record?.id, 'PM-2026-002');
    assert.equal(
      await service.handle({ op: 'record', ...ref('/ws/notes.md'), text: '# Notes\n', keep: true }),
      null,
    );
  });

  it('answers one request at a time, announcing each: an urgent one first, then lints, then queued index records', async () => {
    const posted: FromWorker[] = [];
    let deliver: (message: ToWorker) => void = () => undefined;
    serve(
      (message) => posted.push(message),
      (listener) => (deliver = listener),
    );
    const send = (id: number, request: Request, urgent = false) =>
      deliver({ kind: 'request', id, request, ...(urgent ? { urgent } : {}) });
    send(1, { op: 'record', ...ref('/ws/incidents/a.md', false), text: DOC, keep: true });
    send(2, { op: 'record', ...ref('/ws/incidents/b.md', false), text: DOC, keep: true });
    send(3, {
      op: 'lint',
      ...ref('/ws/incidents/c.md', false),
      text: DOC,
      languageId: 'postmortem',
      save: false,
    });
    send(
      4,
      { op: 'lint', ...ref('/ws/incidents/d.md', false), text: DOC, languageId: 'postmortem', save: false },
      true,
    );
    await new Promise<void>((resolve) => {
      const poll = () =>
        posted.filter((m) => m.kind === 'done').length === 4 ? resolve() : setTimeout(poll, 5);
      poll();
    });
    assert.deepEqual(
      posted.map((m) => `${m.kind} ${'id' in m ? m.id : ''}`),
      ['start 1', 'done 1', 'start 4', 'done 4', 'start 3', 'done 3', 'start 2', 'done 2'],
    );
  });
});
