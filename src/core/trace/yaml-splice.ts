/**
 * Write a changed YAML document back as edits of its source text: everything the change did not
 * touch keeps its bytes (flow collections, quoting, comments, indentation, number forms), and
 * only the entries that changed are serialised. `Document.toString()` would re-print the whole
 * document in the library's style (`[a]` → `[ a ]`, `0x1F` → `0x1f`, comments moved).
 *
 * Usage: `const s = snapshotYaml(doc)` before mutating `doc` through the Document API, then
 * `spliceYaml(source, s, doc, stringify)` after. It returns `undefined` when the change cannot be
 * written that way (the root was empty or flow, say); the caller then prints the whole document.
 * Entries are matched by identity: the Document API keeps the nodes it does not replace.
 */
import {
  Document,
  isMap,
  isPair,
  isSeq,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

type Collection = YAMLMap | YAMLSeq;
type Entry = Pair | YamlNode;

interface Original {
  readonly items: readonly Entry[];
  readonly json: string;
}

export interface YamlSnapshot {
  readonly collections: ReadonlyMap<Collection, Original>;
  readonly pairValues: ReadonlyMap<Pair, { node: unknown; json: string }>;
  readonly root: Collection | undefined;
}

function json(node: unknown): string {
  if (node === null || node === undefined) return 'null';
  const value =
    typeof (node as { toJSON?: unknown }).toJSON === 'function'
      ? (node as { toJSON(): unknown }).toJSON()
      : node;
  return JSON.stringify(value) ?? 'null';
}

/** Remember every collection's entries and every pair's value, before the document is changed. */
export function snapshotYaml(doc: Document): YamlSnapshot {
  const collections = new Map<Collection, Original>();
  const pairValues = new Map<Pair, { node: unknown; json: string }>();
  const walk = (node: unknown): void => {
    if (isMap(node) || isSeq(node)) {
      const c = node as Collection;
      collections.set(c, { items: [...(c.items as Entry[])], json: json(c) });
      for (const item of c.items as Entry[]) {
        if (isPair(item)) {
          pairValues.set(item, { node: item.value, json: json(item.value) });
          walk(item.value);
        } else walk(item);
      }
    }
  };
  walk(doc.contents);
  const root = isMap(doc.contents) || isSeq(doc.contents) ? (doc.contents as Collection) : undefined;
  return { collections, pairValues, root };
}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The new source text: `source` with the changed entries of `doc` re-serialised in place, or
 * `undefined` when that is not possible (the caller re-prints the document).
 */
export function spliceYaml(
  source: string,
  snapshot: YamlSnapshot,
  doc: Document,
  stringify: Record<string, unknown>,
  options: Record<string, unknown>,
): string | undefined {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const lineStart = (o: number) => source.lastIndexOf('\n', o - 1) + 1;
  const lineEnd = (o: number) => {
    let e = source.indexOf('\n', Math.max(0, o));
    if (e < 0) e = source.length;
    return e > 0 && source[e - 1] === '\r' ? e - 1 : e;
  };
  const onlySpaceBefore = (o: number) => /^[ \t]*$/.test(source.slice(lineStart(o), o));
  const withEol = (text: string) => (eol === '\n' ? text : text.replace(/\r?\n/g, eol));
  const indent = (text: string, n: number) =>
    text
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => (l === '' ? l : ' '.repeat(n) + l))
      .join('\n');

  /** Where an entry's own text starts (the key, or the item's dash) and ends (end of its last line). */
  function span(entry: Entry): { start: number; end: number } | undefined {
    if (isPair(entry)) {
      const key = entry.key as YamlNode | null;
      // The value it had when the snapshot was taken: a replaced value has no source range.
      const value = (
        snapshot.pairValues.has(entry) ? snapshot.pairValues.get(entry)!.node : entry.value
      ) as YamlNode | null;
      if (!key?.range) return undefined;
      const last = value?.range ? Math.max(value.range[1], key.range[1]) : key.range[1];
      return { start: key.range[0], end: lineEnd(Math.max(key.range[0], last - 1)) };
    }
    const node = entry as YamlNode;
    if (!node.range) return undefined;
    let dash = node.range[0] - 1;
    while (dash >= 0 && /[ \t\r\n]/.test(source[dash]!)) dash--;
    if (dash < 0 || source[dash] !== '-') return undefined;
    return { start: dash, end: lineEnd(Math.max(node.range[0], node.range[1] - 1)) };
  }

  function serialise(entry: Entry, col: number): string {
    if (isPair(entry)) {
      const key = (entry.key as { value?: unknown } | null)?.value ?? entry.key;
      const d = new Document(
        {
          [String(key)]:
            (entry.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? entry.value ?? null,
        },
        options,
      );
      return withEol(indent(d.toString(stringify), col));
    }
    const d = new Document([(entry as { toJSON?: () => unknown }).toJSON?.() ?? entry], options);
    return withEol(indent(d.toString(stringify), col));
  }

  /**
   * `inItem`: `c` is a block mapping that is a list item, its first key on the dash's line (`- at: …`);
   * the region then starts at that key, so the dash and what precedes it keep their bytes.
   */
  function splice(c: Collection, inItem = false): Region | undefined {
    const orig = snapshot.collections.get(c);
    if (!orig || c.flow || orig.items.length === 0) return undefined;
    const spans = orig.items.map(span);
    const firstOk = (o: number) =>
      onlySpaceBefore(o) || (inItem && /^[ \t]*-[ \t]+$/.test(source.slice(lineStart(o), o)));
    if (spans.some((sp, j) => sp === undefined || !(j === 0 ? firstOk(sp.start) : onlySpaceBefore(sp.start))))
      return undefined;
    const s = spans as Array<{ start: number; end: number }>;
    const col = s[0]!.start - lineStart(s[0]!.start);
    // The first entry shares its line with the dash: it must stay first, and is cut at its key.
    if (inItem && (c.items as Entry[])[0] !== orig.items[0]) return undefined;
    const startOf = (j: number) => (inItem && j === 0 ? s[0]!.start : lineStart(s[j]!.start));
    const firstLine = (j: number, text: string) => (inItem && j === 0 ? text.replace(/^[ \t]*/, '') : text);
    const extra = s.map((sp, j) =>
      j === 0 ? '' : source.slice(s[j - 1]!.end, lineStart(sp.start)).replace(/^\r?\n/, ''),
    );
    const index = new Map(orig.items.map((e, j) => [e, j]));
    const pieces: string[] = [];
    // Comment and blank lines before an entry stay with it; those of a removed entry go to the next one kept.
    let consumed = -1;
    const extrasUpTo = (j: number) => {
      let out = '';
      for (let r = consumed + 1; r <= j; r++)
        if (r === j || !(c.items as Entry[]).includes(orig.items[r]!)) out += extra[r]!;
      consumed = Math.max(consumed, j);
      return out;
    };
    for (const entry of c.items as Entry[]) {
      const j = index.get(entry);
      let text: string;
      let lead = '';
      if (j === undefined) text = serialise(entry, col);
      else {
        lead = extrasUpTo(j);
        const chunkStart = startOf(j);
        text = source.slice(chunkStart, s[j]!.end);
        if (isPair(entry)) {
          const before = snapshot.pairValues.get(entry);
          if (!before || before.node !== entry.value) text = firstLine(j, serialise(entry, col));
          else if (before.json !== json(entry.value)) {
            const inner =
              isMap(entry.value) || isSeq(entry.value) ? splice(entry.value as Collection) : undefined;
            text = inner
              ? source.slice(chunkStart, inner.start) + inner.text + source.slice(inner.end, s[j]!.end)
              : firstLine(j, serialise(entry, col));
          }
        } else {
          const before = snapshot.collections.get(entry as Collection);
          if (before && before.json !== json(entry)) {
            // A changed mapping item: splice its pairs, so the keys it kept keep their bytes.
            const inner = isMap(entry) ? splice(entry as Collection, true) : undefined;
            text = inner
              ? source.slice(chunkStart, inner.start) + inner.text + source.slice(inner.end, s[j]!.end)
              : serialise(entry, col);
          }
        }
      }
      pieces.push((pieces.length === 0 ? '' : eol) + lead + text);
    }
    const tail = extra
      .slice(consumed + 1)
      .join('')
      .replace(/\r?\n$/, '');
    if (pieces.length === 0) return undefined;
    const text = pieces.join('') + (tail ? eol + tail : '');
    return { start: startOf(0), end: s.at(-1)!.end, text };
  }

  const root = snapshot.root;
  if (!root || doc.contents !== root) return undefined;
  const region = splice(root);
  if (!region) return undefined;
  return source.slice(0, region.start) + region.text + source.slice(region.end);
}
