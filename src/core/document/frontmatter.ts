/** The frontmatter block: where its YAML starts in the file, and its parse with safe options. */
import { isMap, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import type { TextRange } from '../types.js';

/** A problem found while reading the document itself, reported by the rule named in `ruleId`. */
export interface ParseProblem {
  readonly ruleId: 'frontmatter-yaml-syntax' | 'frontmatter-format' | 'document-size';
  readonly message: string;
  readonly range: TextRange;
  readonly fatal: boolean;
}

export interface Frontmatter {
  readonly kind: 'yaml' | 'toml';
  /** The whole block, fences included. */
  readonly range: TextRange;
  /** Range of the opening fence line (without its line ending). */
  readonly openingFence: TextRange;
  /** Offset of the first character of the YAML text: every YAML position is relative to it. */
  readonly base: number;
  /** The raw text between the fences. */
  readonly value: string;
  /** The parsed YAML document (absent for TOML or when the mapping failed). */
  readonly doc: Document.Parsed | undefined;
  /** The plain data, or `undefined` when the YAML has errors or is not a mapping. */
  readonly data: Record<string, unknown> | undefined;
}

/** Options that make a hostile YAML block cheap and unsurprising (see notes/security.md); the editor's completion reads the block with them too. */
export const YAML_OPTIONS = {
  version: '1.2',
  merge: false,
  uniqueKeys: true,
  strict: true,
  stringKeys: true,
  prettyErrors: false,
  resolveKnownTags: false,
  keepSourceTokens: false,
} as const;

/** Where the YAML text starts: just after the first line ending after `blockStart`. */
function yamlBase(text: string, blockStart: number): number {
  for (let i = blockStart; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/**
 * Read the frontmatter block that remark found at `range` with the given raw `value`.
 * Never throws: YAML errors, aliases and oversize blocks become problems.
 */
export function readFrontmatter(
  text: string,
  kind: 'yaml' | 'toml',
  range: TextRange,
  value: string,
  maxBytes: number,
  problems: ParseProblem[],
): Frontmatter {
  const openingFence = { start: range.start, end: lineEnd(text, range.start) };
  const base = yamlBase(text, range.start);
  // micromark hands over the block with NUL as U+FFFD; the text itself is what YAML must read.
  const raw = text.slice(base, base + value.length);
  if (raw !== value && raw.replace(/\0/g, '\uFFFD') === value) value = raw;
  const common = { kind, range, openingFence, base, value };
  if (kind === 'toml') {
    problems.push({
      ruleId: 'frontmatter-format',
      message: 'Unsupported TOML frontmatter (`+++`): only YAML frontmatter (`---`) is validated',
      range: openingFence,
      fatal: false,
    });
    return { ...common, doc: undefined, data: undefined };
  }
  if (!text.startsWith(value, base)) {
    problems.push({
      ruleId: 'frontmatter-format',
      message: 'Cannot locate the frontmatter text after its opening fence',
      range: openingFence,
      fatal: true,
    });
    return { ...common, doc: undefined, data: undefined };
  }
  if (value.length > maxBytes) {
    problems.push({
      ruleId: 'document-size',
      message: `Frontmatter is ${value.length} characters, over the limit of ${maxBytes}: it was not validated`,
      range: openingFence,
      fatal: true,
    });
    return { ...common, doc: undefined, data: undefined };
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(value, YAML_OPTIONS);
  } catch (error) {
    problems.push({
      ruleId: 'frontmatter-yaml-syntax',
      message: `Cannot parse frontmatter: ${error instanceof Error ? error.message : String(error)}`,
      range: openingFence,
      fatal: true,
    });
    return { ...common, doc: undefined, data: undefined };
  }
  const at = (pos: readonly [number, number]): TextRange => {
    const start = base + Math.max(0, Math.min(pos[0], value.length));
    const end = base + Math.max(0, Math.min(Math.max(pos[1], pos[0]), value.length));
    return { start, end: end > start ? end : Math.min(start + 1, base + value.length) };
  };
  for (const error of doc.errors) {
    // A duplicate key is reported at its first character; cover the whole key.
    const keyEnd =
      error.code === 'DUPLICATE_KEY'
        ? /^[^:\r\n]*[^:\s]/.exec(value.slice(error.pos[0]))?.[0].length
        : undefined;
    const pos: [number, number] = keyEnd ? [error.pos[0], error.pos[0] + keyEnd] : error.pos;
    problems.push({
      ruleId: 'frontmatter-yaml-syntax',
      message: yamlMessage(error.code, error.message),
      range: at(pos),
      fatal: false,
    });
  }
  for (const warning of doc.warnings) {
    problems.push({
      ruleId: 'frontmatter-yaml-syntax',
      message: yamlMessage(warning.code, warning.message),
      range: at(warning.pos),
      fatal: false,
    });
  }
  let aliases = 0;
  visit(doc, {
    Alias(_key, node) {
      aliases++;
      const r = node.range;
      problems.push({
        ruleId: 'frontmatter-yaml-syntax',
        message: `Unexpected YAML alias \`*${node.source}\`: aliases are not allowed in frontmatter, write the value out`,
        range: r ? at([r[0], r[1]]) : at([0, 0]),
        fatal: false,
      });
    },
  });
  if (doc.errors.length > 0 || aliases > 0) return { ...common, doc, data: undefined };
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return { ...common, doc, data: {} };
  }
  if (!isMap(doc.contents)) {
    const r = doc.contents.range;
    problems.push({
      ruleId: 'frontmatter-yaml-syntax',
      message: `Unexpected ${isSeq(doc.contents) ? 'sequence' : 'scalar'} as frontmatter, expected a mapping of keys to values`,
      range: r ? at([r[0], r[1]]) : openingFence,
      fatal: false,
    });
    return { ...common, doc, data: undefined };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    problems.push({
      ruleId: 'frontmatter-yaml-syntax',
      message: `Cannot read frontmatter: ${error instanceof Error ? error.message : String(error)}`,
      range: openingFence,
      fatal: false,
    });
    return { ...common, doc, data: undefined };
  }
  return { ...common, doc, data: data as Record<string, unknown> };
}

/** The `yaml` messages carry line/column text we do not want twice; keep the first sentence. */
function yamlMessage(code: string, message: string): string {
  const first = message.split(/\sat line \d+, column \d+/)[0]?.trim() ?? message;
  const readable: Record<string, string> = {
    DUPLICATE_KEY: 'Unexpected duplicate key: each key may appear once in a mapping',
    TAB_AS_INDENT: 'Unexpected tab as indentation, expected spaces',
    BAD_INDENT: 'Unexpected indentation',
    RESOURCE_EXHAUSTION: 'Frontmatter nests too deeply or expands too much to read safely',
  };
  const text = readable[code] ?? first.replace(/[.:]\s*$/, '');
  return `${text} (YAML ${code})`;
}
