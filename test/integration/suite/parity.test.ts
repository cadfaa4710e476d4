import * as assert from 'assert';
import * as vscode from 'vscode';
import { at, codeOf, ours, read } from './helpers.js';

interface CliFinding {
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
  related?: Array<{
    path?: string;
    position?: { start: { line: number; column: number }; end: { line: number; column: number } };
    message: string;
  }>;
}

const SEVERITY: Record<number, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
};

suite('Parity with the CLI', () => {
  test('Lint Workspace reports exactly what `postmortem lint --format json` reports for the fixture workspace', async () => {
    // cli-lint.json was written by the runner: `node bin/postmortem.js lint --format json .` in this folder.
    const cli = JSON.parse(await read('cli-lint.json')) as {
      files: Array<{ path: string; findings: CliFinding[] }>;
    };
    assert.ok(cli.files.length >= 4, `the CLI linted ${cli.files.length} files`);
    await vscode.commands.executeCommand('ai-postmortem.lintWorkspace');
    for (const file of cli.files) {
      const expected = file.findings.map(
        (f) =>
          `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column} ${f.severity} ${f.message}  ${f.ruleId}`,
      );
      const actual = ours(at(file.path))
        .map(
          (d) =>
            `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY[d.severity]} ${d.message}  ${codeOf(d)}`,
        )
        .sort();
      assert.deepStrictEqual(actual, [...expected].sort(), file.path);
    }
  });

  test('`recurrence` finds the same earlier postmortems, at the same places, as the CLI does over the same folder', async () => {
    const cli = JSON.parse(await read('cli-lint.json')) as {
      files: Array<{ path: string; findings: CliFinding[] }>;
    };
    const expected = cli.files.flatMap((file) =>
      file.findings
        .filter((f) => f.ruleId === 'recurrence')
        .map(
          (f) =>
            `${file.path}:${f.range.start.line}:${f.range.start.column} ${f.message} <- ${(f.related ?? []).map((r) => `${r.path}:${r.position?.start.line}:${r.position?.start.column}-${r.position?.end.line}:${r.position?.end.column} ${r.message}`).join(' | ')}`,
        ),
    );
    // The fixture's history/ folder: three postmortems share `tool-misuse`, two of them moved `prompt_revision` on `refund-api`.
    assert.strictEqual(expected.length, 3, expected.join('\n'));
    await vscode.commands.executeCommand('ai-postmortem.lintWorkspace');
    const actual = cli.files.flatMap((file) =>
      ours(at(file.path))
        .filter((d) => codeOf(d) === 'recurrence')
        .map((d) => {
          const related = (d.relatedInformation ?? []).map(
            (r) =>
              `${vscode.workspace.asRelativePath(r.location.uri, false)}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1}-${r.location.range.end.line + 1}:${r.location.range.end.character + 1} ${r.message}`,
          );
          return `${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message} <- ${related.join(' | ')}`;
        }),
    );
    assert.deepStrictEqual(actual.sort(), [...expected].sort());
  });
});
