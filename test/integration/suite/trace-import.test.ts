/**
 * Trace import in the editor: a trace file in the test workspace (the runner copies the shared
 * folder's corpus/traces/langfuse-trace-export__microsoft-agent-2025-12-17.json, MIT, into the
 * temporary workspace; the repository holds no copy, see test/fixtures/traces/PROVENANCE.md) and the
 * Langfuse API the runner serves on 127.0.0.1 (test/integration/trace-backend.mjs). Without the
 * shared folder the runner copies nothing and this suite is skipped (the runner prints why).
 * Questions are answered through the command's options, never by driving pickers with sleeps.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ImportOutcome, SetTokenOutcome } from '../../../src/extension/trace-import.js';
import { api, at, codeOf, diagnosticsWhere, open, ours, scratch } from './helpers.js';

const TRACE_ID = '8e419d3288419b5d944270505640e183';
const TRACE_FILE = 'traces/langfuse-trace-export__microsoft-agent-2025-12-17.json';
const IMPORTED_AT = '2026-03-15T11:02:00Z';
/** The pair test/integration/trace-backend.mjs accepts (LANGFUSE_KEYS there). */
const KEYS = {
  LANGFUSE_PUBLIC_KEY: 'pk-lf-integration-7f3a',
  LANGFUSE_SECRET_KEY: 'sk-lf-integration-5b1e9c0d2f',
};
const WRONG_SECRET = 'sk-lf-wrong-key-8d8d8d8d';
/** What the Phoenix server of test/integration/trace-backend.mjs serves and accepts (PHOENIX there). */
const PHOENIX = {
  apiKey: 'phx-integration-key-4c2e9a71',
  project: 'refund agent',
  projectId: 'UHJvamVjdDo3',
  traceId: '5d0c3b7a9e8f41b2a6c4d1e0f9a8b7c6',
};
const PHOENIX_WRONG_KEY = 'phx-wrong-key-3b3b3b3b';

const DOC = `---
kind: postmortem
id: PM-2026-03-14-refunds
title: Refunds issued for delivered orders
date: 2026-03-14
severity: SEV2
status: draft
---

# Refunds issued for delivered orders

## Summary

Refunds went out for 41 delivered orders.

## Timeline

- 2026-03-14 09:12 UTC Monitoring: refund rate alert fired.

## Root cause

The runbook was outdated.
`;

function importTrace(options: object): Thenable<ImportOutcome> {
  return vscode.commands.executeCommand<ImportOutcome>('ai-postmortem.importTrace', options);
}

function fromFile(document: vscode.Uri, extra: object = {}): Thenable<ImportOutcome> {
  return importTrace({
    document,
    source: 'file',
    file: at(TRACE_FILE),
    includeContent: false,
    review: 'apply',
    importedAt: IMPORTED_AT,
    ...extra,
  });
}

/** The rows of the marked run that the import writes (its first row ends with the opening mark, its last with the closing one). */
function importedRows(text: string, traceId = TRACE_ID): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(`<!-- ai-postmortem:trace-import id=${traceId} -->`));
  const end = lines.findIndex((l) => l.includes('<!-- /ai-postmortem:trace-import -->'));
  assert.ok(start >= 0 && end >= start, 'the marked run is there');
  return lines
    .slice(start, end + 1)
    .map((l) => l.replace(/ <!-- \/?ai-postmortem:trace-import[^>]*-->/g, ''))
    .filter((l) => l.startsWith('- '));
}

suite('Trace import', () => {
  suiteSetup(async function () {
    try {
      await vscode.workspace.fs.stat(at(TRACE_FILE));
    } catch {
      this.skip();
    }
  });

  test('Importing a trace file writes the traces entry and the [agent] rows, and one undo restores the original', async () => {
    const editor = await open(await scratch(DOC));
    const outcome = await fromFile(editor.document.uri);
    assert.strictEqual(outcome.status, 'applied', outcome.message);
    const text = editor.document.getText();
    assert.ok(
      text.includes(
        `traces:\n  - backend: langfuse\n    trace_id: ${TRACE_ID}\n    window:\n      start: 2025-12-17T09:37:37.258Z\n`,
      ),
      text.slice(0, 400),
    );
    assert.ok(text.includes(`    imported_at: ${IMPORTED_AT}\n    spans: 4\n`));
    const rows = importedRows(text);
    assert.strictEqual(rows.length, 7, 'four spans and three judge verdicts');
    assert.deepStrictEqual(
      rows.filter((r) => r.includes('[agent]')).map((r) => r.slice(0, 22)),
      ['- 2025-12-17 09:37 UTC', '- 2025-12-17 09:37 UTC'],
    );
    assert.ok(rows[2]!.endsWith('[agent] called tool `get_weather` (span `a2de97aac476c036`)'), rows[2]);
    // Metadata only: the user's message in the trace stays out, and the preview is counts.
    assert.ok(!text.includes('weather in Tokyo'));
    assert.deepStrictEqual(outcome.preview?.lines.slice(0, 2), [
      '4 spans, 0 with errors, 7 timeline rows, 1 agent decision',
      '1 model slice, 1 prompt revision, 1 tool schema, 3 judge results, 0 retrieval sources',
    ]);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), DOC);
  });

  test('Importing the same trace twice equals importing it once, also after looking at the diff', async () => {
    const editor = await open(await scratch(DOC));
    const first = await fromFile(editor.document.uri, { review: ['diff', 'apply'] });
    assert.strictEqual(first.status, 'applied', first.message);
    const once = editor.document.getText();
    const diffOpen = vscode.window.tabGroups.all.some((g) =>
      g.tabs.some(
        (t) =>
          t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'ai-postmortem-import',
      ),
    );
    assert.strictEqual(diffOpen, false, 'the preview diff is closed after the answer');
    const second = await fromFile(editor.document.uri);
    assert.strictEqual(second.status, 'unchanged', second.message);
    assert.strictEqual(editor.document.getText(), once);
  });

  test('An edit made while the preview is open aborts the import instead of applying it to another version', async () => {
    const editor = await open(await scratch(DOC));
    const outcome = await importTrace({
      document: editor.document.uri,
      source: 'file',
      file: at(TRACE_FILE),
      includeContent: false,
      importedAt: IMPORTED_AT,
      // The injected preview answers "apply" only after the user typed into the document.
      prompts: {
        review: async () => {
          await editor.edit((b) =>
            b.insert(new vscode.Position(editor.document.lineCount - 1, 0), 'Typed meanwhile.\n'),
          );
          return 'apply';
        },
      },
    });
    assert.strictEqual(outcome.status, 'stale', outcome.message);
    assert.strictEqual(editor.document.getText(), DOC.replace(/\n$/, '\nTyped meanwhile.\n'));
  });

  test('After an import, lint reports deterministic-root-cause on the deterministic root cause (import, then lint)', async () => {
    const editor = await open(await scratch(DOC));
    const state = await (await api()).linter.lint(editor.document);
    assert.ok(state);
    assert.deepStrictEqual(
      state.result.findings.filter((f) => f.ruleId === 'deterministic-root-cause').map((f) => f.message),
      [],
    );
    const outcome = await fromFile(editor.document.uri);
    assert.strictEqual(outcome.status, 'applied', outcome.message);
    const diagnostics = await diagnosticsWhere(editor.document.uri, (d) =>
      d.some((x) => codeOf(x) === 'deterministic-root-cause'),
    );
    const finding = diagnostics.find((d) => codeOf(d) === 'deterministic-root-cause')!;
    assert.ok(
      /runbook was outdated/.test(editor.document.getText(finding.range)),
      editor.document.getText(finding.range),
    );
    assert.ok(ours(editor.document.uri).length > 0);
  });

  test('A Langfuse import sends the stored key pair, refuses a wrong one with a clear message, and never logs a key', async () => {
    const endpoint = vscode.workspace
      .getConfiguration('ai-postmortem')
      .get<string>('traceBackends.langfuse.endpoint');
    assert.ok(
      endpoint && /^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint),
      `the runner sets the endpoint: ${endpoint}`,
    );
    const services = await api();
    const editor = await open(await scratch(DOC));
    const backend = (extra: object = {}) =>
      importTrace({
        document: editor.document.uri,
        source: 'langfuse',
        traceId: TRACE_ID,
        includeContent: false,
        review: 'apply',
        importedAt: IMPORTED_AT,
        ...extra,
      });

    const cleared = await vscode.commands.executeCommand<SetTokenOutcome>(
      'ai-postmortem.setTraceBackendToken',
      { backend: 'langfuse', values: { LANGFUSE_PUBLIC_KEY: null, LANGFUSE_SECRET_KEY: null } },
    );
    assert.deepStrictEqual(cleared.cleared, ['LANGFUSE_PUBLIC_KEY', 'LANGFUSE_SECRET_KEY']);
    const missing = await backend();
    assert.strictEqual(missing.status, 'failed');
    assert.ok(
      /Langfuse needs the Langfuse public key and the Langfuse secret key \(run "AI Postmortem: Set Trace Backend Token…"\)/.test(
        missing.message,
      ),
      missing.message,
    );

    await vscode.commands.executeCommand('ai-postmortem.setTraceBackendToken', {
      backend: 'langfuse',
      values: { ...KEYS, LANGFUSE_SECRET_KEY: WRONG_SECRET },
    });
    const refused = await backend();
    assert.strictEqual(refused.status, 'failed');
    assert.ok(
      refused.message.includes(
        `${endpoint}/api/public/v2/observations: authentication failed (401): check the Langfuse public key and the Langfuse secret key`,
      ),
      refused.message,
    );
    assert.strictEqual(editor.document.getText(), DOC);

    const stored = await vscode.commands.executeCommand<SetTokenOutcome>(
      'ai-postmortem.setTraceBackendToken',
      { backend: 'langfuse', values: KEYS },
    );
    assert.deepStrictEqual(stored.stored, ['LANGFUSE_PUBLIC_KEY', 'LANGFUSE_SECRET_KEY']);
    const outcome = await backend();
    assert.strictEqual(outcome.status, 'applied', outcome.message);
    const text = editor.document.getText();
    // The trace's link in Langfuse's UI: the endpoint, the project's id and the trace id, no secret in it.
    assert.ok(
      text.includes(
        `traces:\n  - backend: langfuse\n    trace_id: ${TRACE_ID}\n    url: ${endpoint}/project/cloramnkj0002jz088vzn1ja4/traces/${TRACE_ID}\n    window:\n`,
      ),
      text.slice(0, 500),
    );
    assert.strictEqual(importedRows(text).filter((r) => r.includes('[agent]')).length, 2);

    const logged = services.output.text;
    assert.ok(logged.includes(`Imported trace ${TRACE_ID} (langfuse) from langfuse ${endpoint}`), logged);
    assert.ok(logged.includes('authentication failed (401)'), logged);
    for (const secret of [KEYS.LANGFUSE_PUBLIC_KEY, KEYS.LANGFUSE_SECRET_KEY, WRONG_SECRET]) {
      assert.ok(!logged.includes(secret), 'no key in the output channel');
      assert.ok(
        !text.includes(secret) && !refused.message.includes(secret),
        'no key in the document or a message',
      );
    }
    await vscode.commands.executeCommand('ai-postmortem.setTraceBackendToken', {
      backend: 'langfuse',
      values: { LANGFUSE_PUBLIC_KEY: null, LANGFUSE_SECRET_KEY: null },
    });
  });

  test('A Phoenix import sends the stored API key as a bearer token, refuses a wrong one with a clear message, reads both pages, and a re-import changes nothing', async () => {
    const settings = vscode.workspace.getConfiguration('ai-postmortem');
    const endpoint = settings.get<string>('traceBackends.phoenix.endpoint');
    assert.ok(
      endpoint && /^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint),
      `the runner sets the endpoint: ${endpoint}`,
    );
    assert.strictEqual(settings.get<string>('traceBackends.phoenix.project'), PHOENIX.project);
    const services = await api();
    const editor = await open(await scratch(DOC));
    const backend = () =>
      importTrace({
        document: editor.document.uri,
        source: 'phoenix',
        traceId: PHOENIX.traceId,
        includeContent: false,
        review: 'apply',
        importedAt: IMPORTED_AT,
      });
    const setKey = (value: string | null) =>
      vscode.commands.executeCommand<SetTokenOutcome>('ai-postmortem.setTraceBackendToken', {
        backend: 'phoenix',
        values: { PHOENIX_API_KEY: value },
      });

    // The key is optional for Phoenix: without one the request goes out bare and this server refuses it.
    assert.deepStrictEqual((await setKey(null)).cleared, ['PHOENIX_API_KEY']);
    const bare = await backend();
    assert.strictEqual(bare.status, 'failed');
    assert.ok(bare.message.includes('authentication failed (401): check the Phoenix API key'), bare.message);

    await setKey(PHOENIX_WRONG_KEY);
    const refused = await backend();
    assert.strictEqual(refused.status, 'failed');
    assert.ok(
      refused.message.includes(
        `${endpoint}/v1/projects/refund%20agent/spans: authentication failed (401): check the Phoenix API key`,
      ),
      refused.message,
    );
    assert.strictEqual(editor.document.getText(), DOC);

    assert.deepStrictEqual((await setKey(PHOENIX.apiKey)).stored, ['PHOENIX_API_KEY']);
    const outcome = await backend();
    assert.strictEqual(outcome.status, 'applied', outcome.message);
    const text = editor.document.getText();
    // The link to the trace in Phoenix's UI uses the project's id the server gave, never the key.
    assert.ok(
      text.includes(
        `traces:\n  - backend: phoenix\n    trace_id: ${PHOENIX.traceId}\n    url: ${endpoint}/projects/${PHOENIX.projectId}/traces/${PHOENIX.traceId}\n    window:\n      start: 2026-03-14T09:10:00.000Z\n`,
      ),
      text.slice(0, 500),
    );
    // Three spans, two of them only on the second page, and the judge verdict on the tool call.
    assert.ok(text.includes(`    imported_at: ${IMPORTED_AT}\n    spans: 3\n`), text.slice(0, 700));
    assert.deepStrictEqual(
      outcome.preview?.lines[0],
      '3 spans, 1 with errors, 4 timeline rows, 1 agent decision',
    );
    // In time order across both pages: the agent, its model call, the failed tool call, the judge's verdict.
    assert.deepStrictEqual(importedRows(text, PHOENIX.traceId), [
      '- 2026-03-14 09:10 UTC **refund-agent**: [agent] `invoke_agent` `refund-agent` (span `a1a1a1a1a1a1a1a1`)',
      '- 2026-03-14 09:10 UTC **gpt-4.1-mini-2025-04-14**: `chat` `gpt-4.1-mini-2025-04-14` (openai), 950 in / 60 out tokens (span `b2b2b2b2b2b2b2b2`)',
      '- 2026-03-14 09:10 UTC **refund-agent**: [agent] called tool `issue_refund` — error (span `c3c3c3c3c3c3c3c3`)',
      '- 2026-03-14 09:10 UTC **judge**: judge `refund-policy` scored 0 `fail` (on span `c3c3c3c3c3c3c3c3`)',
    ]);
    // Metadata only: the tool's input and the model's output stay out.
    assert.ok(!text.includes('A-1042'), 'no span content');

    const again = await backend();
    assert.strictEqual(again.status, 'unchanged', again.message);
    assert.strictEqual(editor.document.getText(), text);

    const logged = services.output.text;
    assert.ok(
      logged.includes(`Imported trace ${PHOENIX.traceId} (phoenix) from phoenix ${endpoint}`),
      logged,
    );
    for (const secret of [PHOENIX.apiKey, PHOENIX_WRONG_KEY]) {
      assert.ok(!logged.includes(secret), 'no key in the output channel');
      assert.ok(
        !text.includes(secret) && !refused.message.includes(secret),
        'no key in the document or a message',
      );
    }
    await setKey(null);
  });

  test('The baseline mode previews the moved variables with before and after, then writes moved_variables', async () => {
    const editor = await open(await scratch(DOC));
    const outcome = await importTrace({
      document: editor.document.uri,
      mode: 'baseline',
      source: 'file',
      baselineFiles: [at('trace-windows/baseline')],
      files: [at('trace-windows/incident/i0.json'), at('trace-windows/incident/i1.json')],
      review: 'apply',
    });
    assert.strictEqual(outcome.status, 'applied', outcome.message);
    assert.deepStrictEqual(outcome.preview?.lines.slice(0, 2), [
      'Moved: prompt_revision: ops-triage@40 → ops-triage@41 · model_slice: gpt-4.1: gpt-4.1-2025-04-14 → gpt-4.1-mini-2025-04-14',
      'Unchanged: traffic_mix',
    ]);
    const text = editor.document.getText();
    assert.ok(text.includes('moved_variables:\n  - prompt_revision\n  - model_slice\n'), text.slice(0, 1200));
    const again = await importTrace({
      document: editor.document.uri,
      mode: 'baseline',
      source: 'file',
      baselineFiles: [at('trace-windows/baseline')],
      files: [at('trace-windows/incident')],
      review: 'apply',
    });
    assert.strictEqual(again.status, 'unchanged', again.message);
  });

  test('The replay mode previews k of n with the Wilson interval before applying, and a cancelled preview changes nothing', async () => {
    const editor = await open(await scratch(DOC));
    const cancelled = await importTrace({
      document: editor.document.uri,
      mode: 'replays',
      source: 'file',
      files: [at('trace-windows/replays')],
      review: 'cancel',
    });
    assert.strictEqual(cancelled.status, 'cancelled');
    assert.deepStrictEqual(
      cancelled.preview?.lines[0],
      '2 of 10 replays failed (20.0%, 95% Wilson interval 5.7%–51.0%)',
    );
    assert.strictEqual(editor.document.getText(), DOC);
    const applied = await importTrace({
      document: editor.document.uri,
      mode: 'replays',
      source: 'file',
      files: [at('trace-windows/replays')],
      failWhen: ['refund-policy=fail'],
      review: 'apply',
    });
    assert.strictEqual(applied.status, 'applied', applied.message);
    assert.ok(
      editor.document.getText().includes('behavior_rate:\n  replays: 10\n  failures: 2\n  rate: 0.2\n'),
      editor.document.getText().slice(0, 800),
    );
  });
});
