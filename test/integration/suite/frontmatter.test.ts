import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, open, scratch } from './helpers.js';

const DOC = `---
kind: postmortem
title: Outage
date: 2026-03-14
severity: 
status: draft
dependency_chain:
  - party: Model vendor
    visibility: 
---

# Outage
`;

async function complete(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    uri,
    position,
  );
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

suite('Frontmatter completion and hover', () => {
  test('Completes the enum values of a key after `key: `, at the top level and in a sequence item', async () => {
    const editor = await open(await scratch(DOC));
    await (await api()).linter.lint(editor.document);
    const severities = await complete(editor.document.uri, new vscode.Position(4, 10));
    for (const v of ['SEV1', 'SEV2', 'SEV3', 'SEV4']) assert.ok(severities.includes(v), severities.join(','));
    const visibility = await complete(editor.document.uri, new vscode.Position(8, 16));
    for (const v of ['full', 'partial', 'status-page-only', 'none', 'unknown'])
      assert.ok(visibility.includes(v), visibility.join(','));
  });

  test('Completes keys the schema allows at the cursor`s mapping, without the ones present', async () => {
    const editor = await open(await scratch(DOC.replace('status: draft\n', 'status: draft\nmo\n')));
    await (await api()).linter.lint(editor.document);
    const keys = await complete(editor.document.uri, new vscode.Position(6, 2));
    assert.ok(keys.includes('model_slice'), keys.join(','));
    assert.ok(keys.includes('prompt_revision'));
    assert.ok(!keys.includes('title'), 'present keys are not offered again');
  });

  test('Hovering a key shows its schema description', async () => {
    const editor = await open(await scratch(DOC));
    await (await api()).linter.lint(editor.document);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      new vscode.Position(5, 2),
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
      .join('\n');
    assert.ok(text.includes('**status**'), text);
    assert.ok(/Review state of this document/.test(text), text);
  });

  test('Hovering an allowed value shows what that value means; a value not allowed gets no hover', async () => {
    const editor = await open(
      await scratch(DOC.replace('status: draft', 'status: closed').replace('severity: ', 'severity: sev9')),
    );
    await (await api()).linter.lint(editor.document);
    const textAt = async (line: number, character: number) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        new vscode.Position(line, character),
      );
      return hovers
        .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
        .join('\n');
    };
    const closed = await textAt(5, 10);
    assert.ok(closed.includes('**status**: `closed`'), closed);
    assert.ok(closed.includes('Every action item is done.'), closed);
    const bad = await textAt(4, 12);
    assert.ok(!bad.includes('**severity**'), bad);
  });

  test('Quick suggestions are on in Postmortem mode, so completion opens while typing', () => {
    const quick = vscode.workspace
      .getConfiguration('editor', { languageId: 'postmortem' })
      .get<Record<string, string>>('quickSuggestions');
    assert.deepStrictEqual([quick?.['other'], quick?.['strings']], ['on', 'on']);
  });
});
