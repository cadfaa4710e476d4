import * as assert from 'assert';
import * as vscode from 'vscode';
import { BROKEN, api, at, codeOf, diagnosticsWhere, open, scratch } from './helpers.js';

suite('Live diagnostics', () => {
  test('A postmortem file opens in Postmortem mode with schema findings linked to the rule docs', async () => {
    const editor = await open(at('broken.postmortem.md'));
    assert.strictEqual(editor.document.languageId, 'postmortem');
    const diagnostics = await diagnosticsWhere(editor.document.uri, (d) => d.length >= 2);
    const severity = diagnostics.find((d) => d.message.includes('`severity`'));
    assert.ok(severity, 'a finding on `severity`');
    assert.strictEqual(codeOf(severity), 'frontmatter-schema');
    assert.strictEqual(severity.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(
      [
        severity.range.start.line,
        severity.range.start.character,
        severity.range.end.line,
        severity.range.end.character,
      ],
      [5, 10, 5, 14],
    );
    const code = severity.code as { value: string; target: vscode.Uri };
    assert.ok(/docs\/rules\/frontmatter-schema\.md$/.test(code.target.toString()), code.target.toString());
  });

  test('Markdown files marked by a config glob or by kind: postmortem are linted, other Markdown is not', async () => {
    const { linter } = await api();
    const glob = await open(at('incidents/2026-03-router.md'));
    assert.strictEqual(glob.document.languageId, 'markdown');
    const globbed = await diagnosticsWhere(glob.document.uri, (d) => d.length > 0);
    assert.ok(globbed.some((d) => d.message.includes('`Sev1`')));
    const kind = await open(at('notes/kind-marked.md'));
    const marked = await diagnosticsWhere(kind.document.uri, (d) => d.length > 0);
    assert.ok(marked.some((d) => d.message.includes('`review`')));
    const plain = await open(at('notes/readme.md'));
    assert.strictEqual(await linter.lint(plain.document), undefined);
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(plain.document.uri).filter((d) => d.source === 'ai-postmortem'),
      [],
    );
  });

  test('Typing a fix clears the finding after the debounce', async () => {
    const editor = await open(await scratch(BROKEN));
    await diagnosticsWhere(editor.document.uri, (d) => d.some((x) => x.message.includes('`sev2`')));
    const line = editor.document.lineAt(5);
    await editor.edit((e) => e.replace(line.range, 'severity: SEV2'));
    const after = await diagnosticsWhere(
      editor.document.uri,
      (d) => !d.some((x) => x.message.includes('`severity`')),
    );
    assert.ok(
      after.some((d) => d.message.includes('`drafty`')),
      'the other finding stays',
    );
  });

  test('A lint that finishes after a newer one started is dropped (generation counter)', async () => {
    const { linter } = await api();
    const editor = await open(await scratch(BROKEN));
    // Both start before either awaits anything, so the first is stale by the time it finishes.
    const first = linter.lint(editor.document);
    const second = linter.lint(editor.document);
    assert.strictEqual(await first, undefined, 'the stale lint publishes nothing');
    const state = await second;
    assert.ok(state);
    assert.strictEqual(state.version, editor.document.version);
    assert.ok(state.result.findings.some((f) => f.message.includes('`drafty`')));
  });

  test('Changing .postmortem.json re-lints open documents with the new severities', async () => {
    const editor = await open(at('incidents/2026-03-router.md'));
    await diagnosticsWhere(editor.document.uri, (d) =>
      d.some((x) => x.severity === vscode.DiagnosticSeverity.Error),
    );
    const config = at('.postmortem.json');
    const original = await vscode.workspace.fs.readFile(config);
    const changed = {
      files: ['**/*.postmortem.md', 'incidents/**/*.md'],
      rules: { 'frontmatter-missing': 'warning', 'frontmatter-schema': 'info' },
    };
    try {
      await vscode.workspace.fs.writeFile(config, new TextEncoder().encode(JSON.stringify(changed)));
      const after = await diagnosticsWhere(
        editor.document.uri,
        (d) =>
          d.length > 0 &&
          d.every(
            (x) => codeOf(x) !== 'frontmatter-schema' || x.severity === vscode.DiagnosticSeverity.Information,
          ),
      );
      assert.ok(after.some((d) => codeOf(d) === 'frontmatter-schema'));
    } finally {
      await vscode.workspace.fs.writeFile(config, original);
    }
    await diagnosticsWhere(editor.document.uri, (d) =>
      d.some((x) => codeOf(x) === 'frontmatter-schema' && x.severity === vscode.DiagnosticSeverity.Error),
    );
  });
});
