/**
 * Long work in the editor shows its progress, on a workspace of 300 generated postmortems (scripts/test-integration.mjs
 * writes it): the background index in the window progress, the Postmortems view ("Indexing N of M…") and the status bar
 * item; Lint Workspace with counts, and Cancel stopping it.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { IndexState } from '../../../src/extension/progress.js';
import { api } from '../suite/helpers.js';

/** How many postmortems the runner generated (it writes no other Markdown file). */
const GENERATED = 300;

interface Seen {
  readonly state: IndexState;
  readonly message: string | undefined;
  readonly status: string;
}

suite('Progress on a workspace of 300 generated postmortems', () => {
  test('The background index shows "Indexing N of M…" in the Postmortems view and in the status bar until it is ready, then the tree', async () => {
    const { repository, indexProgress, treeView, status, view } = await api();
    await repository.ready;
    assert.strictEqual(repository.entries().length, GENERATED);
    const seen: Seen[] = [];
    const sub = indexProgress.onDidUpdate((state) =>
      seen.push({ state, message: treeView.message, status: status.visible ? status.item.text : '(hidden)' }),
    );
    // A scan read from the start (the first one ran at activation, maybe before this test could listen).
    const scan = repository.rescan();
    assert.ok(indexProgress.state === undefined || indexProgress.state.total === GENERATED);
    await scan;
    sub.dispose();
    const during = seen.filter((s) => s.state !== undefined);
    assert.ok(during.length >= 1, `no progress was shown: ${JSON.stringify(seen)}`);
    for (const s of during) {
      const { done, total } = s.state!;
      assert.strictEqual(total, GENERATED);
      assert.ok(done >= 0 && done < total, `${done} of ${total}`);
      assert.strictEqual(s.message, `Indexing ${done} of ${total}…`);
      assert.strictEqual(s.status, `$(sync~spin) Indexing postmortems ${done}/${total}`);
    }
    // Counts never go back within a scan.
    for (let i = 1; i < during.length; i++) assert.ok(during[i]!.state!.done >= during[i - 1]!.state!.done);
    // Ready: the message is gone, the status bar no longer says indexing, the view lists the postmortems.
    const last = seen[seen.length - 1]!;
    assert.strictEqual(last.state, undefined);
    assert.ok(!last.message, `the view still says ${last.message}`);
    assert.ok(!last.status.includes('Indexing'), last.status);
    assert.ok(!status.visible || !status.item.text.includes('Indexing'));
    assert.strictEqual(indexProgress.state, undefined);
    const listed = view.getChildren().reduce((n, c) => n + (c.kind === 'class' ? c.records.length : 0), 0);
    assert.ok(listed >= GENERATED, `${listed} rows`);
  });

  test('Lint Workspace reports "Linting N of M files" as it goes, and Cancel stops it with the findings so far', async () => {
    const source = new vscode.CancellationTokenSource();
    const steps: Array<{ phase: string; done: number; total: number }> = [];
    const stopAt = 12;
    const partial = await vscode.commands.executeCommand<{
      files: number;
      problems: number;
      cancelled: boolean;
    }>('ai-postmortem.lintWorkspace', {
      token: source.token,
      onProgress: (e: { phase: string; done: number; total: number }) => {
        steps.push(e);
        if (e.phase === 'linting' && e.done === stopAt) source.cancel();
      },
    });
    const linting = steps.filter((s) => s.phase === 'linting');
    assert.deepStrictEqual(
      linting.map((s) => `${s.done}/${s.total}`),
      Array.from({ length: stopAt + 1 }, (_, i) => `${i}/${GENERATED}`),
    );
    assert.strictEqual(partial.cancelled, true);
    assert.strictEqual(partial.files, stopAt);

    const counted: number[] = [];
    const full = await vscode.commands.executeCommand<{
      files: number;
      problems: number;
      cancelled: boolean;
    }>('ai-postmortem.lintWorkspace', {
      onProgress: (e: { phase: string; done: number; total: number }) => {
        if (e.phase === 'linting') counted.push(e.done);
      },
    });
    assert.strictEqual(full.cancelled, false);
    assert.strictEqual(full.files, GENERATED);
    assert.ok(full.problems > 0);
    assert.deepStrictEqual(
      counted,
      Array.from({ length: GENERATED + 1 }, (_, i) => i),
    );
  });
});
