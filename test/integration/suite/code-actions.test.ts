import * as assert from 'assert';
import * as vscode from 'vscode';
import { BROKEN, api, codeOf, diagnosticsWhere, open, scratch } from './helpers.js';

async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      range,
      kind,
    )) ?? []
  );
}

async function run(action: vscode.CodeAction): Promise<unknown> {
  assert.ok(action.command, `${action.title} has a command`);
  return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

suite('Quick fixes', () => {
  test('The rule`s own fix changes the value and the finding goes away', async () => {
    const editor = await open(await scratch(BROKEN));
    const [finding] = await diagnosticsWhere(editor.document.uri, (d) =>
      d.some((x) => x.message.includes('`sev2`')),
    ).then((d) => d.filter((x) => x.message.includes('`sev2`')));
    const actions = await actionsAt(editor.document.uri, finding!.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable frontmatter-schema for this file'), titles.join(' | '));
    assert.ok(!titles.some((t) => t.endsWith('for this line')), 'no line directive inside YAML frontmatter');
    const fix = actions.find((a) => a.title === 'Change to `SEV2`');
    assert.ok(fix, titles.join(' | '));
    assert.strictEqual(await run(fix), true);
    assert.strictEqual(editor.document.lineAt(5).text, 'severity: SEV2');
    await diagnosticsWhere(editor.document.uri, (d) => !d.some((x) => x.message.includes('`sev2`')));
  });

  test('A fix computed for an older version is not applied', async () => {
    const editor = await open(await scratch(BROKEN));
    const [finding] = (
      await diagnosticsWhere(editor.document.uri, (d) => d.some((x) => x.message.includes('`sev2`')))
    ).filter((x) => x.message.includes('`sev2`'));
    const fix = (await actionsAt(editor.document.uri, finding!.range)).find(
      (a) => a.title === 'Change to `SEV2`',
    );
    assert.ok(fix);
    await editor.edit((e) => e.insert(new vscode.Position(editor.document.lineCount, 0), '\nMore text.\n'));
    assert.strictEqual(await run(fix), false);
    assert.strictEqual(editor.document.lineAt(5).text, 'severity: sev2');
  });

  test('Disable for this file inserts the directive after the frontmatter and suppresses the rule', async () => {
    const editor = await open(await scratch(BROKEN));
    const [finding] = (
      await diagnosticsWhere(editor.document.uri, (d) => d.some((x) => x.message.includes('`drafty`')))
    ).filter((x) => x.message.includes('`drafty`'));
    const disable = (await actionsAt(editor.document.uri, finding!.range)).find(
      (a) => a.title === 'Disable frontmatter-schema for this file',
    );
    assert.ok(disable);
    assert.strictEqual(await run(disable), true);
    assert.strictEqual(editor.document.lineAt(8).text, '<!-- postmortem-disable-file frontmatter-schema -->');
    await diagnosticsWhere(editor.document.uri, (d) => !d.some((x) => codeOf(x) === 'frontmatter-schema'));
  });

  test('Disable for this line inserts a disable-next-line comment above a body finding', async () => {
    const text = `${BROKEN.replace('severity: sev2', 'severity: SEV2').replace('status: drafty', 'status: draft')}\n<!-- postmortem-disable-next-line frontmatter-missing -->\nA line.\n`;
    const editor = await open(await scratch(text));
    const diagnostics = await diagnosticsWhere(editor.document.uri, (d) =>
      d.some((x) => codeOf(x) === 'unused-disable'),
    );
    const unused = diagnostics.find((x) => codeOf(x) === 'unused-disable')!;
    const line = unused.range.start.line;
    const action = (await actionsAt(editor.document.uri, unused.range)).find(
      (a) => a.title === 'Disable unused-disable for this line',
    );
    assert.ok(action);
    assert.strictEqual(await run(action), true);
    assert.strictEqual(
      editor.document.lineAt(line).text,
      '<!-- postmortem-disable-next-line unused-disable -->',
    );
  });

  test('A suggestion inserts its table as a snippet: the cursor in the first cell, Tab to the next; fix-all leaves it out', async () => {
    const text =
      '# Lost files\n\nThe coding agent concluded the folder existed and moved every file into it.\n\n## Root cause\n\nMissing validation in the move tool.\n';
    const editor = await open(await scratch(text));
    const [finding] = (
      await diagnosticsWhere(editor.document.uri, (d) =>
        d.some((x) => codeOf(x) === 'deterministic-root-cause'),
      )
    ).filter((x) => codeOf(x) === 'deterministic-root-cause');
    const all = (
      await actionsAt(editor.document.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.postmortem')
    ).find((a) => a.kind?.value === 'source.fixAll.postmortem');
    assert.strictEqual(all, undefined, 'nothing for fix-all to apply');
    const suggestion = (await actionsAt(editor.document.uri, finding!.range)).find((a) =>
      a.title.startsWith('Insert an "Agent decision" section'),
    );
    assert.ok(suggestion);
    assert.strictEqual(await run(suggestion), true);
    const row = editor.document.lineCount - 2;
    assert.strictEqual(editor.document.lineAt(row).text, '|  |  |  |  |  |  |');
    assert.deepStrictEqual(
      [editor.selection.active.line, editor.selection.active.character],
      [row, 2],
      'the cursor is in the first cell',
    );
    await vscode.commands.executeCommand('jumpToNextSnippetPlaceholder');
    assert.deepStrictEqual(
      [editor.selection.active.line, editor.selection.active.character],
      [row, 5],
      'Tab moves to the second cell',
    );
    await vscode.commands.executeCommand('leaveSnippet');
  });

  test('Fix all (source.fixAll.postmortem) and fix on save apply every safe fix', async () => {
    const editor = await open(await scratch(BROKEN));
    await diagnosticsWhere(editor.document.uri, (d) => d.some((x) => x.message.includes('`sev2`')));
    const all = (
      await actionsAt(editor.document.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.postmortem')
    ).find((a) => a.kind?.value === 'source.fixAll.postmortem');
    assert.ok(all?.edit);
    assert.ok(await vscode.workspace.applyEdit(all.edit));
    assert.strictEqual(editor.document.lineAt(5).text, 'severity: SEV2');

    const saved = await open(await scratch(BROKEN));
    await (await api()).linter.lint(saved.document);
    const config = vscode.workspace.getConfiguration('ai-postmortem');
    await config.update('fixOnSave', true, vscode.ConfigurationTarget.Workspace);
    try {
      await saved.edit((e) => e.insert(new vscode.Position(saved.document.lineCount, 0), 'Saved.\n'));
      assert.ok(await saved.document.save());
      assert.strictEqual(saved.document.lineAt(5).text, 'severity: SEV2');
    } finally {
      await config.update('fixOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
