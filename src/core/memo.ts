/**
 * Memos of the pure text functions of the document model and the AI rules, so that a re-lint after a keystroke reads only what changed: a function of
 * one sentence is remembered by the sentence's text, a scan of the whole document is made paragraph by paragraph and
 * each paragraph's result remembered by its text. Every memo is bounded (oldest out first) and only ever returns what
 * the function returned for the same text, so a memo never changes a finding; `test/unit/ai/memo.test.ts` checks the
 * paragraph split against the whole-text scans it replaces.
 */

/** Texts remembered per function: the sentences or paragraphs of a 1 MB document, with room for its edits. */
export const TEXT_MEMO_LIMIT = 32_768;

/**
 * Where the memos keep what they remember: one scope per open document of an editor (its incremental linter), dropped
 * with it. Outside a scope (a one-shot lint, a CLI run over many files, `fastPaths: false`) nothing is remembered, so a
 * run over 10,000 files keeps no text of the files it has linted.
 */
export interface MemoScope {
  readonly memos: Map<object, unknown>;
}

export function createMemoScope(): MemoScope {
  return { memos: new Map() };
}

let current: MemoScope | undefined;

/** Run `work` (synchronous) with the memos remembering into `scope`. */
export function inMemoScope<T>(scope: MemoScope | undefined, work: () => T): T {
  const previous = current;
  current = scope;
  try {
    return work();
  } finally {
    current = previous;
  }
}

function remember<T>(
  known: Map<string, { readonly value: T }>,
  text: string,
  fn: (text: string) => T,
  limit: number,
): T {
  const hit = known.get(text);
  if (hit) return hit.value;
  const value = fn(text);
  if (known.size >= limit) known.delete(known.keys().next().value as string);
  known.set(text, { value });
  return value;
}

/** `fn`, remembered by its argument in the current scope. */
export function memoText<T>(fn: (text: string) => T, limit = TEXT_MEMO_LIMIT): (text: string) => T {
  const id = {};
  return (text) => {
    if (!current) return fn(text);
    let known = current.memos.get(id) as Map<string, { readonly value: T }> | undefined;
    if (!known) current.memos.set(id, (known = new Map()));
    return remember(known, text, fn, limit);
  };
}

/**
 * `fn(owner, text)`, remembered per owner (a compiled expression, a set of actor expressions) and text in the current
 * scope. Owners are held weakly. With `latest`, only the last owner's texts are kept: the actor expressions of a
 * document change when its names do, and what was read with the old ones is not read again.
 */
export function memoByOwner<O extends object, T>(
  fn: (owner: O, text: string) => T,
  options: { readonly limit?: number; readonly latest?: boolean } = {},
): (owner: O, text: string) => T {
  const id = {};
  const limit = options.limit ?? TEXT_MEMO_LIMIT;
  return (owner, text) => {
    if (!current) return fn(owner, text);
    let known: Map<string, { readonly value: T }> | undefined;
    if (options.latest) {
      const last = current.memos.get(id) as
        { owner: O; known: Map<string, { readonly value: T }> } | undefined;
      if (last?.owner === owner) known = last.known;
      else current.memos.set(id, { owner, known: (known = new Map()) });
    } else {
      let byOwner = current.memos.get(id) as WeakMap<O, Map<string, { readonly value: T }>> | undefined;
      if (!byOwner) current.memos.set(id, (byOwner = new WeakMap()));
      known = byOwner.get(owner);
      if (!known) byOwner.set(owner, (known = new Map()));
    }
    return remember(known, text, (t) => fn(owner, t), limit);
  };
}

/** A memo whose value is computed by the caller (`compute`), remembered per owner and key in the current scope. */
export function memoCalls<O extends object, T>(
  limit = TEXT_MEMO_LIMIT,
): (owner: O, key: string, compute: () => T) => T {
  const id = {};
  return (owner, key, compute) => {
    if (!current) return compute();
    let byOwner = current.memos.get(id) as WeakMap<O, Map<string, { readonly value: T }>> | undefined;
    if (!byOwner) current.memos.set(id, (byOwner = new WeakMap()));
    let known = byOwner.get(owner);
    if (!known) byOwner.set(owner, (known = new Map()));
    return remember(known, key, compute, limit);
  };
}

/** A run of whole lines of a text, from one blank line (or the start) to the next. */
export interface Paragraph {
  /** Offset of its first character in the text. */
  readonly start: number;
  readonly text: string;
}

let lastSplit:
  { readonly text: string; readonly from: number; readonly paragraphs: readonly Paragraph[] } | undefined;

/**
 * The text from `from` cut at the start of every blank line (spaces and tabs only, then a line break or the end): each
 * piece is whole lines, and a blank line opens the piece it belongs to. The pieces put together are the text. The last
 * split is kept, so the rules that scan one document share one split and the strings' hashes.
 */
export function paragraphs(text: string, from = 0): readonly Paragraph[] {
  if (lastSplit && lastSplit.text === text && lastSplit.from === from) return lastSplit.paragraphs;
  const out: Paragraph[] = [];
  let start = from;
  let line = from;
  while (line < text.length) {
    const nl = text.indexOf('\n', line);
    const next = nl === -1 ? text.length : nl + 1;
    if (line > start && blankLine(text, line, next)) {
      out.push({ start, text: text.slice(start, line) });
      start = line;
    }
    line = next;
  }
  if (start < text.length || out.length === 0) out.push({ start, text: text.slice(start) });
  lastSplit = { text, from, paragraphs: out };
  return out;
}

function blankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** The names `find` gives for each of `parts` (paragraphs), in order of first finding, as one scan of their text gives them. */
export function namesIn(
  find: (text: string) => readonly string[],
  parts: readonly { readonly text: string }[],
): string[] {
  const out = new Set<string>();
  for (const p of parts) for (const name of find(p.text)) out.add(name);
  return [...out];
}

const testMemo = memoByOwner((re: RegExp, text: string) => {
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
});

/**
 * Whether `re` matches in one of `parts` (paragraphs): the same answer as testing the text they make up, for an
 * expression that never spans a blank line; each part's answer remembered per expression.
 */
export function matchesIn(re: RegExp, parts: readonly { readonly text: string }[]): boolean {
  return parts.some((p) => testMemo(re, p.text));
}
