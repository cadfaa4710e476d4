import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, at, codeOf, diagnosticsWhere, open, ours } from './helpers.js';

/** A postmortem as a team writes it before adopting the tool: no frontmatter, no `.postmortem.md` name. */
const UNRENAMED = `# Queue stuck after the deploy

## Impact

4,100 invoices were sent up to 75 minutes late.

## Root causes

- Leases have no expiry.

## Timeline

All times UTC.

- 14:05 A pod is killed while it holds a lease.
- 15:20 Backlog drained.

## Action items

- Give leases a 15-minute expiry (owner: Lee).
`;

/** A README that mentions postmortems and has a Timeline heading, next to them. */
const README = `# queue-worker

## Timeline

- 2026 Q1: move the queue to Postgres.

## Incidents

Postmortems live in docs/postmortems/; root causes are reviewed weekly.
`;

suite('Recognising postmortems without renaming', () => {
  test('An unrenamed postmortem in docs/postmortems/ opened in Markdown mode gets diagnostics; a README in the same workspace gets none', async () => {
    const { linter } = await api();
    // Under a folder that no `files` glob of the fixture's .postmortem.json names: only the content and the folder decide.
    const postmortem = at('adopt/docs/postmortems/2025-11-06-queue-stuck-recovery.md');
    const readme = at('adopt/README.md');
    const encoder = new TextEncoder();
    await vscode.workspace.fs.writeFile(postmortem, encoder.encode(UNRENAMED));
    await vscode.workspace.fs.writeFile(readme, encoder.encode(README));
    try {
      const editor = await open(postmortem);
      assert.strictEqual(editor.document.languageId, 'markdown');
      const diagnostics = await diagnosticsWhere(postmortem, (d) =>
        d.some((x) => codeOf(x) === 'frontmatter-missing'),
      );
      assert.strictEqual(diagnostics.find((x) => codeOf(x) === 'frontmatter-missing')?.range.start.line, 0);

      const explained = await vscode.commands.executeCommand<string>(
        'ai-postmortem.explainSchema',
        postmortem,
      );
      assert.ok(
        /^Postmortem: {2}yes: it is in a postmortem folder \(`postmortems`\); its headings name postmortem sections/m.test(
          explained ?? '',
        ),
        explained,
      );

      const other = await open(readme);
      assert.strictEqual(other.document.languageId, 'markdown');
      assert.strictEqual(await linter.lint(other.document), undefined, 'the README is not linted');
      assert.deepStrictEqual(ours(readme), []);
      const why = await vscode.commands.executeCommand<string>('ai-postmortem.explainSchema', readme);
      assert.ok(
        /^Postmortem: {2}no: `README\.md` is an index, template or project file/m.test(why ?? ''),
        why,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(at('adopt'), { recursive: true });
    }
  });
});
