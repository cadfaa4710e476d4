/**
 * Frontmatter completion (keys of the mapping at the cursor, enum values after `key: `) and hover
 * (the schema `description` of the key under the cursor, or of the allowed value under it), from the
 * schema that applies to the file.
 */
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import { FRONTMATTER_YAML_OPTIONS } from '../core/index.js';
import type { Linter } from './diagnostics.js';
import { descriptionOf, enumAt, enumDescriptionAt, propertiesAt, schemasAt } from './schema-nav.js';
import { cursorContext, keyAt, valueAt } from './yaml-path.js';

type Schema = Record<string, unknown>;

/**
 * The frontmatter around `offset`, when the cursor is inside its YAML text: located by the lint
 * worker's parse of the current version; its small YAML block read here, with the core's options.
 */
async function frontmatterAt(linter: Linter, document: vscode.TextDocument, offset: number) {
  const fm = (await linter.current(document))?.result.outline.frontmatter;
  if (!fm || !fm.yaml || offset < fm.base || offset > fm.base + fm.value.length) return undefined;
  return { base: fm.base, doc: parseDocument(fm.value, FRONTMATTER_YAML_OPTIONS) };
}

async function schemaOf(linter: Linter, document: vscode.TextDocument): Promise<Schema | undefined> {
  const state = await linter.current(document);
  const compiled = state?.result.association.schema;
  return compiled?.ok ? (compiled.schema as Schema) : undefined;
}

/** A scalar as YAML text, quoted only when needed. */
function yamlScalar(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return /^[A-Za-z_][\w.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

export class FrontmatterCompletion implements vscode.CompletionItemProvider {
  readonly #linter: Linter;

  constructor(linter: Linter) {
    this.#linter = linter;
  }

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.CompletionItem[] | undefined> {
    if (!this.#linter.isPostmortem(document) && document.languageId !== 'postmortem') return undefined;
    const offset = document.offsetAt(position);
    const fm = await frontmatterAt(this.#linter, document, offset);
    if (!fm) return undefined;
    const schema = await schemaOf(this.#linter, document);
    if (!schema) return undefined;
    const yamlBefore = document.getText().slice(fm.base, offset);
    const lines = yamlBefore.split(/\r\n|\r|\n/);
    const before = lines[lines.length - 1] ?? '';
    const context = cursorContext(lines, lines.length - 1, before);
    if (!context) return undefined;
    const replace = new vscode.Range(position.translate(0, -context.prefix.length), position);
    if (context.kind === 'value') {
      return enumAt(schema, context.path).map((value, i) => {
        const text = yamlScalar(value);
        const item = new vscode.CompletionItem(text, vscode.CompletionItemKind.EnumMember);
        item.range = replace;
        item.sortText = String(i).padStart(4, '0');
        const description = enumDescriptionAt(schema, context.path, value);
        if (description) item.documentation = new vscode.MarkdownString(description);
        return item;
      });
    }
    const present = new Set<string>();
    const container = fm.doc?.getIn(context.path, true);
    if (container && typeof container === 'object' && 'items' in container) {
      for (const pair of (container as { items: Array<{ key?: { value?: unknown } }> }).items) {
        if (pair.key && typeof pair.key === 'object' && 'value' in pair.key)
          present.add(String(pair.key.value));
      }
    }
    return propertiesAt(schema, context.path)
      .filter((p) => !present.has(p.name) || p.name === context.prefix)
      .map((p, i) => {
        const item = new vscode.CompletionItem(p.name, vscode.CompletionItemKind.Property);
        item.range = replace;
        item.insertText = `${p.name}: `;
        item.sortText = String(i).padStart(4, '0');
        if (p.type) item.detail = p.type;
        if (p.description) item.documentation = new vscode.MarkdownString(p.description);
        item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
        return item;
      });
  }
}

export class FrontmatterHover implements vscode.HoverProvider {
  readonly #linter: Linter;

  constructor(linter: Linter) {
    this.#linter = linter;
  }

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.Hover | undefined> {
    if (!this.#linter.isPostmortem(document) && document.languageId !== 'postmortem') return undefined;
    const offset = document.offsetAt(position);
    const fm = await frontmatterAt(this.#linter, document, offset);
    if (!fm) return undefined;
    const key = keyAt(fm.doc, offset - fm.base);
    if (!key) return this.#valueHover(document, fm.doc, fm.base, offset);
    const schema = await schemaOf(this.#linter, document);
    if (!schema) return undefined;
    const description = descriptionOf(schemasAt(schema, key.path));
    if (!description) return undefined;
    const name = key.path.filter((s) => typeof s === 'string').join('.');
    const markdown = new vscode.MarkdownString();
    markdown.appendMarkdown(`**${name}**\n\n`);
    markdown.appendMarkdown(description);
    return new vscode.Hover(
      markdown,
      new vscode.Range(document.positionAt(fm.base + key.start), document.positionAt(fm.base + key.end)),
    );
  }

  /** An allowed value under the cursor: what it means (its enum description), else what the key means. */
  async #valueHover(
    document: vscode.TextDocument,
    doc: Parameters<typeof valueAt>[0],
    base: number,
    offset: number,
  ): Promise<vscode.Hover | undefined> {
    const node = valueAt(doc, offset - base);
    if (!node) return undefined;
    const schema = await schemaOf(this.#linter, document);
    if (!schema) return undefined;
    const allowed = enumAt(schema, node.path);
    if (!allowed.some((v) => JSON.stringify(v) === JSON.stringify(node.value))) return undefined;
    const description =
      enumDescriptionAt(schema, node.path, node.value) ?? descriptionOf(schemasAt(schema, node.path));
    const name = node.path.filter((s) => typeof s === 'string').join('.');
    const markdown = new vscode.MarkdownString();
    markdown.appendMarkdown(`**${name}**: \`${yamlScalar(node.value)}\`\n\n`);
    if (description) markdown.appendMarkdown(description);
    return new vscode.Hover(
      markdown,
      new vscode.Range(document.positionAt(base + node.start), document.positionAt(base + node.end)),
    );
  }
}
