/**
 * Where the cursor is in a frontmatter block, for completion and hover: the path of the mapping a
 * key typed at the cursor would belong to, the key of a `key: value` line, and the key node under
 * an offset (from the parsed `yaml` Document's node ranges). Pure; no vscode.
 */
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { PathSegment } from './schema-nav.js';

export interface KeyNode {
  readonly path: readonly PathSegment[];
  /** Offsets in the YAML text (add the frontmatter `base` for document offsets). */
  readonly start: number;
  readonly end: number;
}

/** Every scalar mapping key of `doc` with its path. */
export function keyNodes(doc: Document.Parsed): KeyNode[] {
  const out: KeyNode[] = [];
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const next = [...path, String(pair.key.value)];
        out.push({ path: next, start: pair.key.range[0], end: pair.key.range[1] });
        visit(pair.value, next);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  visit(doc.contents as YamlNode | null, []);
  return out;
}

/** A scalar value (not a key) of `doc` with its path, as the schema addresses it. */
export interface ValueNode extends KeyNode {
  readonly value: unknown;
}

/** The scalar value whose text contains `offset` (YAML-relative), if any: a mapping value or a sequence item. */
export function valueAt(doc: Document.Parsed, offset: number): ValueNode | undefined {
  let found: ValueNode | undefined;
  const visit = (node: unknown, path: PathSegment[]): void => {
    if (found) return;
    if (isScalar(node)) {
      if (node.range && offset >= node.range[0] && offset <= node.range[1])
        found = { path, start: node.range[0], end: node.range[1], value: node.value };
    } else if (isMap(node)) {
      for (const pair of node.items)
        if (isScalar(pair.key)) visit(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  visit(doc.contents as YamlNode | null, []);
  return found;
}

/** The key whose text contains `offset` (YAML-relative), if any. */
export function keyAt(doc: Document.Parsed, offset: number): KeyNode | undefined {
  return keyNodes(doc).find((k) => offset >= k.start && offset <= k.end);
}

/** What the text before the cursor on its line asks for. */
export type CursorContext =
  | { readonly kind: 'key'; readonly path: readonly PathSegment[]; readonly prefix: string }
  | { readonly kind: 'value'; readonly path: readonly PathSegment[]; readonly prefix: string };

const KEY_LINE = /^(\s*)(-\s+)?([A-Za-z_$][\w$.-]*)?$/;
const VALUE_LINE = /^(\s*)(-\s+)?([A-Za-z_$][\w$.-]*):[ \t]+(["']?[\w.-]*)$/;
/** A line that opens a nested value: `key:` alone, optionally as a sequence item. */
const OPENER = /^(\s*)(-\s+)?([A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*'):[ \t]*(?:#.*)?$/;
const ENTRY = /^(\s*)(-\s+)?(?:([A-Za-z_$][\w$.-]*|"[^"]*"|'[^']*'):(?:[ \t]|$))?/;

function unquote(key: string): string {
  return /^["']/.test(key) ? key.slice(1, -1) : key;
}

/**
 * The mapping path for a key written at `column` on line `lineNo` of `lines` (the YAML text's
 * lines), found by indentation like YAML's block rules: walk up to the lines that open it.
 * `dash` is the column of a `- ` on the cursor line (the mapping is then a sequence item).
 */
function mappingPath(
  lines: readonly string[],
  lineNo: number,
  column: number,
  dash: number | undefined,
): PathSegment[] {
  const path: PathSegment[] = [];
  let col = column;
  let dashCol = dash;
  for (let i = lineNo - 1; i >= 0 && (col > 0 || dashCol !== undefined); i--) {
    const line = lines[i] ?? '';
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = ENTRY.exec(line);
    if (!m) continue;
    const indent = (m[1] ?? '').length;
    const hasDash = m[2] !== undefined;
    const keyCol = indent + (m[2] ?? '').length;
    const opener = OPENER.exec(line);
    if (dashCol === undefined) {
      if (hasDash && keyCol === col) {
        dashCol = indent;
        continue;
      }
      if (keyCol >= col) continue;
      if (!opener || opener[3] === undefined) break;
      path.unshift(unquote(opener[3]));
      col = keyCol;
      if (hasDash) dashCol = indent;
    } else {
      if ((hasDash && indent === dashCol) || keyCol > dashCol) continue;
      if (!opener || opener[3] === undefined) break;
      path.unshift(unquote(opener[3]), 0);
      col = keyCol;
      dashCol = hasDash ? indent : undefined;
    }
  }
  if (dashCol !== undefined) path.unshift(0);
  return path;
}

/** The completion context of `before` (the cursor line's text before the cursor). */
export function cursorContext(
  lines: readonly string[],
  lineNo: number,
  before: string,
): CursorContext | undefined {
  const value = VALUE_LINE.exec(before);
  if (value) {
    const column = (value[1] ?? '').length + (value[2] ?? '').length;
    const parent = mappingPath(
      lines,
      lineNo,
      column,
      value[2] !== undefined ? (value[1] ?? '').length : undefined,
    );
    return { kind: 'value', path: [...parent, value[3] ?? ''], prefix: value[4] ?? '' };
  }
  const key = KEY_LINE.exec(before);
  if (key) {
    const column = (key[1] ?? '').length + (key[2] ?? '').length;
    return {
      kind: 'key',
      path: mappingPath(lines, lineNo, column, key[2] !== undefined ? (key[1] ?? '').length : undefined),
      prefix: key[3] ?? '',
    };
  }
  return undefined;
}
