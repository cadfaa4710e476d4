/**
 * The repository index in the editor: the Postmortems view, Show Related Postmortems, and the
 * index following files created, saved and deleted. The fixture's history/ folder has three
 * postmortems sharing `tool-misuse` (PM-2025-031, PM-2026-003, PM-2026-027).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClassNode, IncidentNode } from '../../../src/extension/postmortems-view.js';
import type { ShowRelatedOutcome } from '../../../src/extension/postmortems-view.js';
import { BROKEN, api, at, codeOf, diagnosticsWhere, open, repositoryWhere, scratch } from './helpers.js';

const encoder = new TextEncoder();

function postmortem(
  id: string,
  date: string,
  classes: string,
  actionItem = '- [x] Replay set added (owner: @lee)',
): string {
  return `---\nkind: postmortem\nid: ${id}\ntitle: ${id} title\ndate: ${date}\nseverity: SEV3\nstatus: draft\nfailure_classes: [${classes}]\n---\n\n# ${id} title\n\n## Summary\n\nText.\n\n## Action items\n\n${actionItem}\n`;
}

function recurrence(uri: vscode.Uri): Promise<string[]> {
  return Promise.resolve(
    vscode.languages
      .getDiagnostics(uri)
      .filter((d) => codeOf(d) === 'recurrence')
      .map((d) => d.message),
  );
}

suite('Repository index: Postmortems view, Show Related, updates', () => {
  test('The Postmortems view groups incidents by failure class, newest first, with open action item counts, and a row opens its file', async () => {
    await repositoryWhere((paths) => paths.includes('history/2026-03-02-refund-schema.postmortem.md'));
    const { view, treeView } = await api();
    // The view is contributed to the Explorer and shown once the workspace has postmortems.
    if (!treeView.visible) {
      const shown = new Promise<void>((resolve) => {
        const sub = treeView.onDidChangeVisibility((e) => {
          if (e.visible) {
            sub.dispose();
            resolve();
          }
        });
      });
      await vscode.commands.executeCommand('ai-postmortem.postmortems.focus');
      await shown;
    }
    assert.strictEqual(treeView.visible, true);
    const classes = view.getChildren() as ClassNode[];
    const toolMisuse = classes[0]!;
    assert.strictEqual(toolMisuse.name, 'tool-misuse', classes.map((c) => c.name).join(','));
    const item = view.getTreeItem(toolMisuse);
    assert.strictEqual(item.label, 'tool-misuse');
    assert.strictEqual(item.description, '3 postmortems · 2 open action items');
    assert.ok(classes.some((c) => c.name === 'excessive-agency' && c.records.length === 1));
    assert.strictEqual(classes[classes.length - 1]!.name, '(no failure class)');

    const incidents = view.getChildren(toolMisuse) as IncidentNode[];
    assert.deepStrictEqual(
      incidents.map((n) => `${view.getTreeItem(n).label} | ${view.getTreeItem(n).description}`),
      [
        'Refund tool schema change broke partial refunds | 2026-03-02 · in-review · 1 open',
        'New prompt revision made the agent refund shipping twice | 2026-01-20 · closed',
        'Refund agent passed the order total as the refund amount | 2025-11-02 · published · 1 open',
      ],
    );
    const command = view.getTreeItem(incidents[1]!).command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    assert.strictEqual(
      vscode.window.activeTextEditor?.document.uri.toString(),
      at('history/2026-01-20-refund-prompt.postmortem.md').toString(),
    );
  });

  test('Show Related Postmortems lists the earlier and later postmortems with the reason, and opens the chosen one', async () => {
    await repositoryWhere((paths) => paths.includes('history/2026-03-02-refund-schema.postmortem.md'));
    await open(at('history/2026-01-20-refund-prompt.postmortem.md'));
    let offered: string[] = [];
    const outcome = await vscode.commands.executeCommand<ShowRelatedOutcome>('ai-postmortem.showRelated', {
      choose: (related: ShowRelatedOutcome['related']) => {
        offered = related.map((r) => `${r.when} ${r.record.id}: ${r.reasons.join('; ')}`);
        return related.find((r) => r.when === 'later');
      },
    });
    assert.deepStrictEqual(offered, [
      'earlier PM-2025-031: shares the failure class `tool-misuse` (as `tool-misuse/wrong-arguments`)',
      'later PM-2026-027: shares the failure class `tool-misuse` (as `tool-misuse/schema-drift`); `prompt_revision` moved on `refund-api` in both',
    ]);
    const schemaDrift = at('history/2026-03-02-refund-schema.postmortem.md').toString();
    assert.strictEqual(outcome.opened?.toString(), schemaDrift);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), schemaDrift);
  });

  test('A lint overtaken by a background re-lint (the index changed) still gives fix-on-save and code actions the findings', async () => {
    const { linter } = await api();
    const editor = await open(await scratch(BROKEN));
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount, 0), 'More.\n'));
    // `current` starts a lint; the second call overtakes it, as a re-lint after an index change does.
    const asked = linter.current(editor.document);
    const overtaking = linter.lint(editor.document);
    const state = await asked;
    assert.ok(state, 'the findings of the overtaking lint');
    assert.strictEqual(state.version, editor.document.version);
    assert.strictEqual(state, await overtaking);
    assert.ok(state.result.findings.some((f) => f.message.includes('`drafty`')));
  });

  test('A postmortem created, saved and deleted on disk updates the recurrence findings of an open one', async () => {
    // A class no fixture has, dated after the fixtures, so their findings stay as the parity test expects.
    const later = at('scratch/repository-later.postmortem.md');
    const earlier = at('scratch/repository-earlier.postmortem.md');
    await vscode.workspace.fs.writeFile(
      later,
      encoder.encode(postmortem('PM-2026-090', '2026-04-10', 'goal-misgeneralization')),
    );
    await open(later);
    await repositoryWhere((paths) => paths.includes('scratch/repository-later.postmortem.md'));
    assert.deepStrictEqual(await recurrence(later), []);

    // Created: the open postmortem now has history.
    await vscode.workspace.fs.writeFile(
      earlier,
      encoder.encode(
        postmortem(
          'PM-2026-080',
          '2026-04-01',
          'goal-misgeneralization/proxy',
          '- [ ] Add a replay set (owner: @lee)',
        ),
      ),
    );
    let found = await diagnosticsWhere(later, (d) => d.some((x) => codeOf(x) === 'recurrence'));
    assert.deepStrictEqual(
      found.filter((d) => codeOf(d) === 'recurrence').map((d) => `${d.severity} ${d.message}`),
      [
        `${vscode.DiagnosticSeverity.Warning} Failure class \`goal-misgeneralization\` recurs: also in 1 earlier postmortem, PM-2026-080 (2026-04-01); 1 action item from it is still open`,
      ],
    );

    // Saved in the editor with the item done: the warning goes back to information.
    const editor = await open(earlier);
    await editor.edit((b) =>
      b.replace(
        editor.document.lineAt(editor.document.lineCount - 2).range,
        '- [x] Add a replay set (owner: @lee)',
      ),
    );
    await editor.document.save();
    found = await diagnosticsWhere(later, (d) =>
      d.some((x) => codeOf(x) === 'recurrence' && x.severity === vscode.DiagnosticSeverity.Information),
    );
    assert.deepStrictEqual(
      found.filter((d) => codeOf(d) === 'recurrence').map((d) => d.message),
      [
        'Failure class `goal-misgeneralization` recurs: also in 1 earlier postmortem, PM-2026-080 (2026-04-01)',
      ],
    );

    // Deleted: no history any more.
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(earlier);
    await diagnosticsWhere(later, (d) => !d.some((x) => codeOf(x) === 'recurrence'));
    assert.ok(!(await repositoryWhere(() => true)).includes('scratch/repository-earlier.postmortem.md'));
    await vscode.workspace.fs.delete(later);
  });
});
