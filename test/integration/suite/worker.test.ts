/**
 * The lint runs in the lint worker (a worker thread in the Node host, a Web Worker in the browser
 * host), off the extension host's thread, with the CLI's per-file time limit
 * (`ai-postmortem.lint.fileTimeout`). A long lint ends in one fatal finding and a restarted worker,
 * while a command on the extension host keeps answering at once.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, diagnosticsWhere } from './helpers.js';

/** A postmortem of about `length` characters whose every paragraph is an agent decision (the AI rules read all of it). */
function longPostmortem(length: number): string {
  const head =
    '---\nkind: postmortem\nid: PM-2026-090\ntitle: Support agent issued refunds outside the policy\ndate: 2026-03-20\nseverity: sev2\nstatus: draft\n---\n\n# Support agent issued refunds outside the policy\n\n## Summary\n\n';
  const parts: string[] = [head];
  let size = head.length;
  for (let i = 0; size < length; i++) {
    const timeline =
      i % 40 === 0
        ? `## Timeline part ${i}\n\n| Time | Actor | Event |\n| --- | --- | --- |\n| 10:${String(i % 60).padStart(2, '0')} | support agent | decided to refund order ${i} |\n\n`
        : '';
    const paragraph = `The support agent decided to approve refund ${i} after the model inferred that the customer was eligible; the agent then called the refund tool with an amount above the policy limit, and the reviewer model accepted it because the prompt revision ${i % 7} dropped the limit.\n\n`;
    parts.push(timeline, paragraph);
    size += timeline.length + paragraph.length;
  }
  return parts.join('');
}

const PING = 'ai-postmortem-test.ping';
/** Above what the other open documents take, far below what the long one does (600 KB: seconds of CPU). With 1.5 s the web host's fatal finding never came on a quiet machine (its lint likely ended within the limit); 0.5 s gives it. */
const LIMIT_S = 0.5;

suite('Lint worker', () => {
  test('The lint runs in a worker in this host, not on the extension host`s thread', async () => {
    const { resolvers } = await api();
    assert.strictEqual(resolvers.worker.mode, 'worker');
  });

  test('A lint longer than the time limit ends in one fatal finding and a restarted worker, while a command on the extension host answers within 100 ms', async () => {
    const { resolvers } = await api();
    const workspaceLint = () =>
      vscode.commands.executeCommand<{ files: number; problems: number }>('ai-postmortem.lintWorkspace');
    const before = await workspaceLint();
    const settings = vscode.workspace.getConfiguration('ai-postmortem');
    await settings.update('lint.fileTimeout', LIMIT_S, vscode.ConfigurationTarget.Workspace);
    const ping = vscode.commands.registerCommand(PING, () => 'pong');
    try {
      // The settings change re-lints the open documents: let the worker finish those first.
      await resolvers.worker.request({ op: 'ping' });
      const restarts = resolvers.worker.restarts;
      // Opening it starts its lint (in the worker). Then commands every 20 ms until its fatal finding: each
      // answers within 100 ms of when it was due (a lint on this thread would hold the timer and the command both).
      const started = Date.now();
      const document = await vscode.workspace.openTextDocument({
        language: 'postmortem',
        content: longPostmortem(600_000),
      });
      const samples: number[] = [];
      let finished = false;
      const sampler = (async () => {
        while (!finished) {
          const due = Date.now() + 20;
          await new Promise<void>((resolve) => setTimeout(resolve, 20));
          assert.strictEqual(await vscode.commands.executeCommand(PING), 'pong');
          samples.push(Date.now() - due);
        }
      })();
      const diagnostics = await diagnosticsWhere(document.uri, (d) =>
        d.some((x) => codeOf(x) === 'document-size'),
      );
      finished = true;
      await sampler;
      const elapsed = Date.now() - started;
      const ordered = [...samples].sort((a, b) => a - b);
      console.log(
        `      (lint given up after ${elapsed} ms; ${samples.length} command round trips meanwhile: median ${ordered[ordered.length >> 1]} ms, 99th percentile ${ordered[Math.floor(ordered.length * 0.99)]} ms, slowest ${ordered[ordered.length - 1]} ms)`,
      );
      assert.deepStrictEqual(
        diagnostics.map(
          (d) => `${d.range.start.line}:${d.range.start.character} ${d.severity} ${codeOf(d)} ${d.message}`,
        ),
        [
          `0:0 ${vscode.DiagnosticSeverity.Error} document-size Document took longer than ${LIMIT_S} s to lint; the document is too complex to check (split it, or raise the \`ai-postmortem.lint.fileTimeout\` setting)`,
        ],
      );
      assert.ok(elapsed >= LIMIT_S * 1000, `the finding came after ${elapsed} ms, before the limit`);
      assert.ok(samples.length >= 20, `only ${samples.length} round trips during the lint`);
      // Within 100 ms, but for the odd one the shared machine's scheduler delays (at most 1 in 100, and never a
      // second): a lint on this thread holds every command due meanwhile for seconds (measured: 6 to 11 s).
      const late = samples.filter((ms) => ms >= 100);
      assert.ok(
        late.length <= samples.length / 100 && ordered[ordered.length - 1]! < 1000,
        `command round trips during the lint, ms: ${samples.join(', ')}`,
      );
      assert.ok(resolvers.worker.restarts > restarts, 'the worker was restarted');
      // Short again, so the re-lint a settings change starts does not keep the worker busy.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), '# Short\n');
      await vscode.workspace.applyEdit(edit);
    } finally {
      ping.dispose();
      await settings.update('lint.fileTimeout', undefined, vscode.ConfigurationTarget.Workspace);
    }
    // The restarted worker lints the workspace as before, with the repository index it was given back (`recurrence`).
    assert.deepStrictEqual(await workspaceLint(), before);
  });
});
