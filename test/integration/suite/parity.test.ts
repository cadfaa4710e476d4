import * as assert from 'assert';
import * as vscode from 'vscode';
import { at, codeOf, ours, read } from './helpers.js';

interface CliFinding {
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
}

const SEVERITY: Record<number, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
};

suite('Parity with the CLI', () => {
  test('Lint Workspace reports exactly what `postmortem lint --format json` reports for the fixture workspace', async () => {
    // cli-lint.json was written by the runner: `node bin/postmortem.js lint --format json .` in this folder.
    const cli = JSON.parse(await read('cli-lint.json')) as { files: Array<{ path: string; findings: CliFinding[] }> };
    assert.ok(cli.files.length >= 4, `the CLI linted ${cli.files.length} files`);
    await vscode.commands.executeCommand('ai-postmortem.lintWorkspace');
    for (const file of cli.files) {
      const expected = file.findings.map((f) => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column} ${f.severity} ${f.message}  ${f.ruleId}`);
      const actual = ours(at(file.path))
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY[d.severity]} ${d.message}  ${codeOf(d)}`)
        .sort();
      assert.deepStrictEqual(actual, [...expected].sort(), file.path);
    }
  });
});
