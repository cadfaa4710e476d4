/** Find the YAML key or value that a JSON pointer names, as an absolute range of the file. */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { TextRange } from '../types.js';

/** Split an ajv `instancePath` (`/a/0/b~1c`) into keys: `~1` becomes `/`, then `~0` becomes `~`. */
export function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Step {
  /** The key node that led here (absent for sequence items and the root). */
  readonly key: YamlNode | undefined;
  readonly value: YamlNode | undefined;
}

/** Walk `segments` from the root; returns one step per segment reached (the root first). */
function walk(doc: Document.Parsed, segments: readonly string[]): Step[] {
  const steps: Step[] = [{ key: undefined, value: (doc.contents ?? undefined) as YamlNode | undefined }];
  let node: unknown = doc.contents;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) break;
      steps.push({ key: pair.key as YamlNode, value: (pair.value ?? undefined) as YamlNode | undefined });
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      steps.push({ key: undefined, value: item as YamlNode });
      node = item;
    } else break;
    if (isAlias(node)) break;
  }
  return steps;
}

function nodeRange(node: YamlNode | undefined, base: number): TextRange | undefined {
  const r = node?.range;
  if (!r) return undefined;
  // range[1] is the value end: trailing comments and blank lines stay outside the squiggle.
  const start = base + r[0];
  const end = base + Math.max(r[0], r[1]);
  return end > start ? { start, end } : undefined;
}

/** What part of the addressed node an error is about. */
export type Anchor =
  /** The value at the path. */
  | { readonly kind: 'value' }
  /** The key of the value at the path (`required` names the object that lacks a key). */
  | { readonly kind: 'key' }
  /** The key `name` inside the mapping at the path (`additionalProperties`). */
  | { readonly kind: 'child-key'; readonly name: string };

/**
 * The range for a pointer into the frontmatter, or `undefined` when even the root has no range
 * (the caller then points at the opening fence). Missing paths fall back to the nearest ancestor.
 */
export function locate(
  doc: Document.Parsed,
  base: number,
  pointer: string,
  anchor: Anchor,
): TextRange | undefined {
  const segments = decodePointer(pointer);
  const steps = walk(doc, segments);
  const reachedAll = steps.length === segments.length + 1;
  const last = steps[steps.length - 1];
  if (reachedAll && last) {
    if (anchor.kind === 'child-key' && isMap(last.value)) {
      const pair = last.value.items.find((p) => isScalar(p.key) && String(p.key.value) === anchor.name);
      const r = nodeRange(pair?.key as YamlNode | undefined, base);
      if (r) return r;
    }
    if (anchor.kind === 'key' || anchor.kind === 'child-key') {
      if (steps.length === 1) return undefined;
      const r = nodeRange(last.key, base) ?? nodeRange(last.value, base);
      if (r) return r;
    }
    const r = nodeRange(last.value, base) ?? nodeRange(last.key, base);
    if (r) return r;
  }
  for (let i = steps.length - 1; i >= 1; i--) {
    const step = steps[i];
    const r = nodeRange(step?.key, base) ?? nodeRange(step?.value, base);
    if (r) return r;
  }
  return undefined;
}
