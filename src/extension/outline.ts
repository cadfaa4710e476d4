/**
 * Outline (sections, with timeline entries under the timeline) and folding, from the core's document
 * model of the document's current version, parsed in the lint worker with its lint (`LintData.outline`).
 */
import * as vscode from 'vscode';
import type { Section } from '../core/index.js';
import { toRange, type Linter } from './diagnostics.js';
import type { OutlineData } from './lint-protocol.js';

function entryName(entry: OutlineData['timeline'][number]): string {
  const parts = [entry.time?.text, entry.actor?.value, entry.text.replace(/\s+/g, ' ').trim()].filter(
    (p) => p !== undefined && p !== '',
  );
  const name = parts.join(' · ');
  return name.length > 80 ? `${name.slice(0, 79)}…` : name || '(empty row)';
}

/** The outline of `document`'s current version, or `undefined` when it is no postmortem (or closed). */
async function outlineOf(linter: Linter, document: vscode.TextDocument): Promise<OutlineData | undefined> {
  const state = await linter.current(document);
  return state && state.version === document.version ? state.result.outline : undefined;
}

export function documentSymbols(document: vscode.TextDocument, doc: OutlineData): vscode.DocumentSymbol[] {
  const roots: vscode.DocumentSymbol[] = [];
  const stack: Array<{ section: Section; symbol: vscode.DocumentSymbol }> = [];
  for (const section of doc.sections) {
    const symbol = new vscode.DocumentSymbol(
      section.title || '(untitled)',
      section.kind === 'other' ? '' : section.kind,
      vscode.SymbolKind.String,
      toRange(document, section.range),
      toRange(document, section.headingRange),
    );
    if (section.kind === 'timeline') {
      for (const entry of doc.timeline) {
        if (entry.range.start < section.range.start || entry.range.end > section.range.end) continue;
        const range = toRange(document, entry.range);
        symbol.children.push(
          new vscode.DocumentSymbol(
            entryName(entry),
            entry.agentTag ? 'agent' : '',
            vscode.SymbolKind.Event,
            range,
            range,
          ),
        );
      }
    }
    while (stack.length > 0 && stack[stack.length - 1]!.section.depth >= section.depth) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.symbol.children : roots).push(symbol);
    stack.push({ section, symbol });
  }
  return roots;
}

export class PostmortemSymbols implements vscode.DocumentSymbolProvider {
  readonly #linter: Linter;

  constructor(linter: Linter) {
    this.#linter = linter;
  }

  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const outline = await outlineOf(this.#linter, document);
    return outline ? documentSymbols(document, outline) : [];
  }
}

export class PostmortemFolding implements vscode.FoldingRangeProvider {
  readonly #linter: Linter;

  constructor(linter: Linter) {
    this.#linter = linter;
  }

  async provideFoldingRanges(document: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    const doc = await outlineOf(this.#linter, document);
    if (!doc) return [];
    const out: vscode.FoldingRange[] = [];
    const lastLine = (end: number): number => {
      // A section ends where the next heading starts: fold up to the line before, without trailing blank lines.
      let line = document.positionAt(end).line;
      if (end > 0 && document.positionAt(end).character === 0) line--;
      while (line > 0 && document.lineAt(line).isEmptyOrWhitespace) line--;
      return line;
    };
    if (doc.frontmatter) {
      const start = document.positionAt(doc.frontmatter.range.start).line;
      const end = document.positionAt(doc.frontmatter.range.end).line;
      if (end > start) out.push(new vscode.FoldingRange(start, end, vscode.FoldingRangeKind.Region));
    }
    for (const section of doc.sections) {
      const start = document.positionAt(section.headingRange.start).line;
      const end = lastLine(section.range.end);
      if (end > start) out.push(new vscode.FoldingRange(start, end));
    }
    return out;
  }
}
