/**
 * Quick fixes (each finding's own fix, its suggestions, "disable for this line", "disable for this
 * file") and fix-all (`source.fixAll.postmortem`, also what fix-on-save applies). Edits are applied against the
 * document version they were computed for; a changed document aborts the fix with a message.
 */
import * as vscode from 'vscode';
import { fixEdits, type Finding, type TextEdit } from '../core/index.js';
import { sameDiagnostic, toRange, type Linter } from './diagnostics.js';

export const APPLY_EDITS_COMMAND = 'ai-postmortem.applyEdits';
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('postmortem');

/** The end offset of a leading frontmatter block, or 0 when there is none. */
export function frontmatterEnd(text: string): number {
  const m = /^(?:\uFEFF)?(---|\+\+\+)[ \t]*\r?\n(?:[\s\S]*?\r?\n)?(?:\1|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)/.exec(
    text,
  );
  return m ? m[0].length : 0;
}

function eolOf(document: vscode.TextDocument): string {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

/** Edits that suppress `ruleId` on the line of `offset` (undefined inside the frontmatter, where HTML comments are YAML text). */
export function disableLineEdits(
  document: vscode.TextDocument,
  text: string,
  ruleId: string,
  offset: number,
): TextEdit[] | undefined {
  if (offset < frontmatterEnd(text)) return undefined;
  const line = document.lineAt(document.positionAt(offset).line);
  const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
  const at = document.offsetAt(line.range.start);
  return [
    {
      range: { start: at, end: at },
      newText: `${indent}<!-- postmortem-disable-next-line ${ruleId} -->${eolOf(document)}`,
    },
  ];
}

/** Edits that suppress `ruleId` in the whole file: a comment right after the frontmatter. */
export function disableFileEdits(document: vscode.TextDocument, text: string, ruleId: string): TextEdit[] {
  const at = frontmatterEnd(text);
  const eol = eolOf(document);
  const before = at > 0 && !/\r?\n$|\r$/.test(text.slice(0, at)) ? eol : '';
  return [
    { range: { start: at, end: at }, newText: `${before}<!-- postmortem-disable-file ${ruleId} -->${eol}` },
  ];
}

/**
 * Apply core edits to `uri` as one `WorkspaceEdit` (one undo step) if the document is still at
 * `version`. Resolves to whether it applied; a changed document shows `staleMessage` instead.
 */
export async function applyEditsAt(
  uri: vscode.Uri,
  version: number,
  edits: readonly TextEdit[],
  staleMessage = 'AI Postmortem: the document changed since this fix was computed; nothing was applied. Run the fix again.',
): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.version !== version) {
    void vscode.window.showWarningMessage(staleMessage);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  // An edit with a snippet (an inserted table) goes in as one, so the cursor lands in its first cell and Tab moves on.
  edit.set(
    uri,
    edits.map((e) =>
      e.snippet === undefined
        ? vscode.TextEdit.replace(toRange(document, e.range), e.newText)
        : new vscode.SnippetTextEdit(toRange(document, e.range), new vscode.SnippetString(e.snippet)),
    ),
  );
  return vscode.workspace.applyEdit(edit);
}

function action(
  title: string,
  kind: vscode.CodeActionKind,
  document: vscode.TextDocument,
  version: number,
  edits: readonly TextEdit[],
  diagnostic?: vscode.Diagnostic,
): vscode.CodeAction {
  const a = new vscode.CodeAction(title, kind);
  a.command = { title, command: APPLY_EDITS_COMMAND, arguments: [document.uri.toString(), version, edits] };
  if (diagnostic) a.diagnostics = [diagnostic];
  return a;
}

export class PostmortemCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  readonly #linter: Linter;

  constructor(linter: Linter) {
    this.#linter = linter;
  }

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const state = await this.#linter.current(document);
    if (!state || state.version !== document.version) return [];
    const findings = state.result.findings;
    const out: vscode.CodeAction[] = [];
    const wantsFixAll = context.only ? FIX_ALL_KIND.intersects(context.only) : false;
    const wantsQuickFix = !context.only || vscode.CodeActionKind.QuickFix.intersects(context.only);

    if (wantsQuickFix) {
      const text = document.getText();
      for (const finding of findings) {
        const diagnostic = context.diagnostics.find((d) => sameDiagnostic(d, document, finding));
        if (!diagnostic || !toRange(document, finding.range).intersection(range)) continue;
        out.push(...this.#quickFixes(document, text, state.version, finding, diagnostic));
      }
    }
    if (wantsFixAll) {
      const edits = fixEdits(findings);
      if (edits.length > 0) {
        // Fix-all runs as a save participant: it must carry its edit (commands run after the save).
        const a = new vscode.CodeAction('Fix all auto-fixable postmortem problems', FIX_ALL_KIND);
        a.edit = new vscode.WorkspaceEdit();
        for (const e of edits) a.edit.replace(document.uri, toRange(document, e.range), e.newText);
        out.push(a);
      }
    }
    return out;
  }

  #quickFixes(
    document: vscode.TextDocument,
    text: string,
    version: number,
    finding: Finding,
    diagnostic: vscode.Diagnostic,
  ): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    if (finding.fix) {
      const a = action(
        finding.fix.title,
        vscode.CodeActionKind.QuickFix,
        document,
        version,
        finding.fix.edits,
        diagnostic,
      );
      a.isPreferred = true;
      out.push(a);
    }
    // Suggestions are offered here only: fix-all and fix-on-save (`fixEdits`) never apply them.
    for (const suggestion of finding.suggestions ?? [])
      out.push(
        action(
          suggestion.title,
          vscode.CodeActionKind.QuickFix,
          document,
          version,
          suggestion.edits,
          diagnostic,
        ),
      );
    const line = disableLineEdits(document, text, finding.ruleId, finding.range.start);
    if (line)
      out.push(
        action(
          `Disable ${finding.ruleId} for this line`,
          vscode.CodeActionKind.QuickFix,
          document,
          version,
          line,
          diagnostic,
        ),
      );
    out.push(
      action(
        `Disable ${finding.ruleId} for this file`,
        vscode.CodeActionKind.QuickFix,
        document,
        version,
        disableFileEdits(document, text, finding.ruleId),
        diagnostic,
      ),
    );
    return out;
  }
}
