/**
 * Restricted Mode, in a real host with Workspace Trust on (scripts/test-integration.mjs, pass
 * `trust`). The fixture (test/integration/fixtures/restricted) has a `.postmortem.json` that names
 * a stricter schema requiring `owner`, which incident.postmortem.md lacks. Untrusted, only the
 * bundled schema applies and no trace backend is asked; once the user presses Trust (the runner
 * does, in the Workspace Trust editor this suite opens), the workspace's config and schema apply.
 * The tests run in order: the last one grants trust.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ImportOutcome } from '../../../src/extension/trace-import.js';
import { api, at, codeOf, diagnosticsWhere, open } from '../suite/helpers.js';

const INCIDENT = 'incident.postmortem.md';

function importFromLangfuse(): Thenable<ImportOutcome> {
  return vscode.commands.executeCommand<ImportOutcome>('ai-postmortem.importTrace', {
    document: at(INCIDENT),
    source: 'langfuse',
    traceId: '8e419d3288419b5d944270505640e183',
    includeContent: false,
    review: 'apply',
  });
}

suite('Restricted Mode (Workspace Trust)', () => {
  test('The folder opens in Restricted Mode', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  test('Diagnostics use the bundled schema, not the stricter one the workspace config names', async () => {
    const linter = (await api()).linter;
    const editor = await open(at(INCIDENT));
    const state = linter.state(editor.document) ?? (await linter.lint(editor.document));
    assert.ok(state);
    assert.strictEqual(state.result.association.name, 'bundled postmortem.schema.json');
    assert.ok(/Restricted Mode/.test(state.result.association.reason), state.result.association.reason);
    assert.strictEqual(state.result.config.path, undefined, 'no .postmortem.json was read');
    assert.deepStrictEqual(
      state.result.findings.map((f) => `${f.ruleId}: ${f.message}`),
      [],
    );
    const report = await vscode.commands.executeCommand<string>('ai-postmortem.explainSchema', at(INCIDENT));
    assert.ok(/Config: +not read: the workspace is in Restricted Mode/.test(report), report);
  });

  test('Importing from a trace backend is refused before any request', async () => {
    const outcome = await importFromLangfuse();
    assert.strictEqual(outcome.status, 'failed');
    assert.ok(/needs a trusted workspace/.test(outcome.message), outcome.message);
  });

  test('Granting trust brings the workspace schema back: its finding appears, and the backend is asked', async () => {
    const granted = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidGrantWorkspaceTrust(() => {
        sub.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('workbench.trust.manage');
    // The runner (run-host.mjs --workspace-trust) presses Trust in the editor this opened, like a user.
    console.log('TRUST_GRANT_REQUEST');
    await granted;
    assert.strictEqual(vscode.workspace.isTrusted, true);
    const uri = at(INCIDENT);
    const diagnostics = await diagnosticsWhere(uri, (d) => d.some((x) => codeOf(x) === 'frontmatter-schema'));
    assert.deepStrictEqual(
      diagnostics.map(
        (d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${d.message} ${codeOf(d)}`,
      ),
      [`0:0 ${vscode.DiagnosticSeverity.Error} Missing required key \`owner\` frontmatter-schema`],
    );
    // Past the trust gate the request goes out: the loopback Langfuse API (test/integration/trace-backend.mjs) refuses a wrong secret.
    await vscode.commands.executeCommand('ai-postmortem.setTraceBackendToken', {
      backend: 'langfuse',
      values: {
        LANGFUSE_PUBLIC_KEY: 'pk-lf-integration-7f3a',
        LANGFUSE_SECRET_KEY: 'sk-lf-wrong-key-restricted',
      },
    });
    try {
      const outcome = await importFromLangfuse();
      assert.strictEqual(outcome.status, 'failed');
      assert.ok(/authentication failed \(401\)/.test(outcome.message), outcome.message);
    } finally {
      await vscode.commands.executeCommand('ai-postmortem.setTraceBackendToken', {
        backend: 'langfuse',
        values: { LANGFUSE_PUBLIC_KEY: null, LANGFUSE_SECRET_KEY: null },
      });
    }
  });
});
