import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, at, codeOf, diagnosticsWhere, open, ours, read } from './helpers.js';

function previewOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some(
      (t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType),
    ),
  );
}

suite('Commands, outline, snippets, preview', () => {
  test('New Postmortem writes the template into the folder of `files`, opens it in Postmortem mode, and it has no schema findings', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('ai-postmortem.newPostmortem', {
      title: 'Judge stayed silent on refunds',
    });
    // The fixture's .postmortem.json says `files: ["**/*.postmortem.md", "incidents/**/*.md"]`: the first folder is incidents/.
    assert.ok(
      uri && /\/incidents\/\d{4}-\d{2}-\d{2}-judge-stayed-silent-on-refunds\.md$/.test(uri.path),
      uri?.path,
    );
    const text = await read(vscode.workspace.asRelativePath(uri, false));
    assert.ok(text.startsWith('---\nkind: postmortem\n'));
    assert.ok(text.includes('title: Judge stayed silent on refunds'));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(document.languageId, 'postmortem');
    await (await api()).linter.lint(document);
    assert.deepStrictEqual(
      ours(uri)
        .filter((d) => codeOf(d).startsWith('frontmatter-'))
        .map((d) => d.message),
      [],
    );
  });

  test('The contributed full-template snippet expands into a postmortem without schema findings', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'postmortem', content: '' });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('editor.action.insertSnippet', {
      langId: 'postmortem',
      name: 'New AI postmortem',
    });
    assert.ok(
      document.getText().startsWith('---\nkind: postmortem\nid: PM-'),
      document.getText().slice(0, 80),
    );
    assert.ok(document.getText().includes('title: Incident title\n'));
    // `current`, not `lint`: a background re-lint started by the insertion may overtake this one (then `lint` gives
    // `undefined` for the stale result); `current` waits for the newest lint of this version.
    const state = await (await api()).linter.current(document);
    assert.ok(state, 'the snippet document has a lint state');
    assert.deepStrictEqual(
      state.result.findings.filter((f) => f.ruleId.startsWith('frontmatter-')).map((f) => f.message),
      [],
    );
  });

  test('Explain Schema says which config and schema apply, and why', async () => {
    const report = await vscode.commands.executeCommand<string>(
      'ai-postmortem.explainSchema',
      at('incidents/2026-03-router.md'),
    );
    assert.ok(/Postmortem: +yes: it matches `files` in \.postmortem\.json/.test(report), report);
    assert.ok(/Config: +\.postmortem\.json \(the nearest/.test(report), report);
    assert.ok(/Schema: +bundled postmortem\.schema\.json, because /.test(report), report);
    assert.ok(/frontmatter-missing +warning +from the config/.test(report), report);
    const shown = vscode.window.visibleTextEditors.find(
      (e) => e.document.uri.scheme === 'ai-postmortem-explain',
    );
    assert.ok(shown, 'the report opens as a document');
    assert.strictEqual(shown.document.getText(), `${report}\n`);
    assert.deepStrictEqual(
      [shown.selection.active.line, shown.visibleRanges[0]?.start.line],
      [0, 0],
      'opened at its top',
    );
  });

  test('Switch Mode moves a document between Markdown and Postmortem, keeping its diagnostics', async () => {
    const editor = await open(at('incidents/2026-03-router.md'));
    assert.strictEqual(await vscode.commands.executeCommand('ai-postmortem.switchMode'), 'postmortem');
    const document = vscode.window.activeTextEditor!.document;
    assert.strictEqual(document.languageId, 'postmortem');
    await diagnosticsWhere(document.uri, (d) => d.some((x) => x.message.includes('`Sev1`')));
    assert.strictEqual(
      await vscode.commands.executeCommand('ai-postmortem.switchMode', editor.document.uri),
      'markdown',
    );
  });

  test('The outline lists sections with timeline entries under the timeline, and sections fold', async () => {
    const uri = at('broken.postmortem.md');
    await open(uri);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      uri,
    );
    const title = symbols.find((s) => s.name === 'Refund agent approved refunds outside the policy');
    assert.ok(title, symbols.map((s) => s.name).join(','));
    assert.deepStrictEqual(
      title.children.map((c) => c.name),
      ['Summary', 'Timeline', 'Root cause', 'Action items'],
    );
    const timeline = title.children[1]!.children;
    assert.strictEqual(timeline.length, 3);
    assert.ok(timeline[1]!.name.startsWith('2026-03-14 09:14'), timeline[1]!.name);
    assert.strictEqual(timeline[1]!.detail, 'agent');
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>(
      'vscode.executeFoldingRangeProvider',
      uri,
    );
    assert.ok(
      folds.some((f) => f.start === 0 && f.end === 8),
      'the frontmatter folds',
    );
    assert.ok(
      folds.some((f) => f.start === 16 && f.end === 22),
      `the timeline folds: ${JSON.stringify(folds)}`,
    );
  });

  test('The built-in Markdown preview opens for a postmortem', async () => {
    await open(at('broken.postmortem.md'));
    const opened = new Promise<void>((resolve) => {
      if (previewOpen()) return resolve();
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
        if (previewOpen()) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('markdown.showPreview', at('broken.postmortem.md'));
    await opened;
    assert.ok(previewOpen());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Lint Workspace covers at least every postmortem the CLI lints', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; problems: number }>(
      'ai-postmortem.lintWorkspace',
    );
    const cli = JSON.parse(await read('cli-lint.json')) as { files: Array<{ path: string }> };
    const linted = cli.files.map((f) => f.path);
    assert.ok(result.files >= linted.length, `${result.files} >= ${linted.length}`);
  });
});
