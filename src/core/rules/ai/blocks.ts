/**
 * Blocks: the stretches of a document the AI rules read (sections, labelled paragraphs, sentences, paragraphs), each
 * with its text normalised to single spaces so that expression indexes are source offsets.
 */
import type { PostmortemDocument } from '../../document/parse.js';
import type { Section, SectionKind, TextRange } from '../../types.js';

/** A stretch of the document the rules read, with its text normalised to single spaces. */
export interface Block {
  readonly range: TextRange;
  /** Same length as the source slice: every whitespace run character became a space. */
  readonly text: string;
}

let normalizedOf: { readonly text: string; readonly normalized: string } | undefined;

/**
 * Normalise whitespace without changing length, so regex indexes are source offsets. The whole text is normalised
 * once and sliced (the rules take many blocks of one document; one character at a time, so slicing first or last is
 * the same).
 */
export function blockOf(text: string, range: TextRange): Block {
  if (normalizedOf?.text !== text) normalizedOf = { text, normalized: text.replace(/\s/g, ' ') };
  return { range, text: normalizedOf.normalized.slice(range.start, range.end) };
}

/** The document after the frontmatter. */
export function body(document: PostmortemDocument): Block {
  return blockOf(document.text, { start: document.frontmatter?.range.end ?? 0, end: document.text.length });
}

export function sectionsOf(document: PostmortemDocument, kinds: readonly SectionKind[]): Section[] {
  return document.sections.filter((s) => kinds.includes(s.kind));
}

/** Contents of every section of these kinds, outermost only (a nested match is already inside). */
export function sectionBlocks(document: PostmortemDocument, kinds: readonly SectionKind[]): Block[] {
  const sections = sectionsOf(document, kinds);
  return sections
    .filter(
      (s) =>
        !sections.some(
          (o) =>
            o !== s &&
            o.range.start <= s.range.start &&
            s.range.end <= o.range.end &&
            o.range.start < s.range.start,
        ),
    )
    .map((s) => blockOf(document.text, s.contentRange));
}

/**
 * Paragraphs that open with a label such as `**Root cause:**` or `Resolution -`, wherever they
 * are; terse write-ups put them in the summary.
 */
const labelExpressions = new Map<string, RegExp>();

export function labelledBlocks(document: PostmortemDocument, label: string): Block[] {
  const { text } = document;
  const from = document.frontmatter?.range.end ?? 0;
  // One expression per label (a handful, built once); global, so `lastIndex` is set before every use.
  let re = labelExpressions.get(label);
  if (!re) {
    re = new RegExp(
      String.raw`^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:${label})(?:\*\*|__)?[ \t]*(?:\*\*|__)?[:—–-](?:\*\*|__)?[ \t]*`,
      'gim',
    );
    if (labelExpressions.size < 64) labelExpressions.set(label, re);
  }
  re.lastIndex = from;
  const out: Block[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const blank = /\n[ \t]*\r?\n/g;
    blank.lastIndex = start;
    const end = blank.exec(text)?.index ?? text.length;
    if (end > start) out.push(blockOf(text, { start, end }));
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  return out;
}

/** First match of `re` in any block, with its source range. */
export function findIn(blocks: readonly Block[], re: RegExp): { range: TextRange; text: string } | undefined {
  for (const block of blocks) {
    const m = re.exec(block.text);
    if (m)
      return {
        range: { start: block.range.start + m.index, end: block.range.start + m.index + m[0].length },
        text: m[0],
      };
  }
  return undefined;
}

/**
 * A sentence ends at `.!?;`, where a paragraph, heading, list item or table row starts, or after a heading line. The
 * heading test looks behind only once a line break matched, so a long line costs linear time.
 */
const SENTENCE_END =
  /[.!?;]+(?=\s|$)|\r?\n(?=[ \t]*(?:\r?\n|#|[-*+][ \t]|\d+[.)][ \t]|\||$))|\r?\n(?<=(?:^|\n)[ \t]{0,3}#{1,6}[ \t][^\r\n]*\r?\n)/g;

/** The sentences of a block, with source ranges; `source` is the document text. */
export function sentences(block: Block, source: string): Block[] {
  const raw = source.slice(block.range.start, block.range.end);
  const out: Block[] = [];
  let start = 0;
  const push = (end: number) => {
    if (block.text.slice(start, end).trim())
      out.push({
        range: { start: block.range.start + start, end: block.range.start + end },
        text: block.text.slice(start, end),
      });
  };
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(raw); m; m = SENTENCE_END.exec(raw)) {
    const end = m.index + m[0].length;
    push(end);
    start = end;
    if (m[0].length === 0) SENTENCE_END.lastIndex++;
  }
  push(raw.length);
  return out;
}

/** The paragraph (between blank lines, before a heading line) that holds `range`; read line by line from it, so local. */
export function paragraphAround(text: string, range: TextRange): TextRange {
  const isBreak = (line: string) => line.trim() === '' || /^ {0,3}#/.test(line);
  let start = text.lastIndexOf('\n', range.start - 1) + 1;
  while (start > 0) {
    const prev = text.lastIndexOf('\n', start - 2) + 1;
    if (isBreak(text.slice(prev, start - 1))) break;
    start = prev;
  }
  let end = range.end;
  for (;;) {
    const next = text.indexOf('\n', end);
    if (next === -1) return { start, end: text.length };
    const after = text.indexOf('\n', next + 1);
    if (isBreak(text.slice(next + 1, after === -1 ? text.length : after))) return { start, end: next };
    end = next + 1;
  }
}

/** A table or bullet that someone left empty is not a record: a skeleton counts only once filled. */
export function sectionFilled(document: PostmortemDocument, section: Section): boolean {
  const raw = document.text.slice(section.contentRange.start, section.contentRange.end);
  for (const line of raw.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || /^<!--.*-->$/.test(t)) continue;
    if (t.startsWith('|')) {
      if (/^\|[\s|:-]*\|?$/.test(t)) continue;
      const cells = t
        .split('|')
        .map((c) => c.trim())
        .filter(Boolean);
      if (cells.length > 0 && !isSkeletonHeader(cells)) return true;
      continue;
    }
    if (/^#/.test(t)) continue;
    if (/\w{2,}/.test(t.replace(/^[-*+]\s*|^\d+[.)]\s*/, '').replace(/\*\*[^*]+:\*\*|^[\w ]+:\s*$/g, '')))
      return true;
  }
  return false;
}

const SKELETON_HEADERS = new Set([
  'time',
  'agent',
  'observed',
  'concluded',
  'chose',
  'gate',
  'replays (n)',
  'bad outputs (k)',
  'rate',
  'interval',
  'same prompt, model and seed',
]);
function isSkeletonHeader(cells: readonly string[]): boolean {
  return cells.every((c) => SKELETON_HEADERS.has(c.toLowerCase()));
}

/**
 * A line that stands as a heading without `#`: bold or italic text alone on its line ("**root cause**", "*Why:*"), as
 * hurried notes and chat exports write them. At most 60 characters of title; a trailing colon inside or after the marks.
 */
const PSEUDO_HEADING = /^[ \t]{0,3}(\*\*|__|\*|_)(?=\S)([^*_\r\n]{1,60}?)\s*:?\1[ \t]*:?[ \t]*$/gm;
/**
 * A paragraph that opens with a follow-up label and a comma or colon, in documents that write their follow-ups as prose:
 * "Going forward, Hannah will…", "What we have done: on 10 November I…". The label is classified like a heading.
 */
const PROSE_LABEL = /^[ \t]{0,3}([A-Z][\w' ]{2,40}?)[ \t]*[,:][ \t]+(?=\S)/gm;

const pseudoCache = new WeakMap<PostmortemDocument, readonly Section[]>();

/**
 * Sections a document opens without a heading: a bold or italic line alone ("**why**", "*todo*") up to the next such
 * line or heading, classified like a heading (`classify`), and follow-up paragraphs that open with a label ("Going
 * forward, …"). Linear in the document; computed once per document.
 */
export function pseudoSections(
  document: PostmortemDocument,
  classify: (title: string) => SectionKind,
): readonly Section[] {
  const known = pseudoCache.get(document);
  if (known) return known;
  const { text } = document;
  const from = document.frontmatter?.range.end ?? 0;
  const headings = document.sections.map((s) => s.headingRange.start).filter((p) => p >= from);
  const lines: Array<{ start: number; end: number; title: string }> = [];
  PSEUDO_HEADING.lastIndex = from;
  for (let m = PSEUDO_HEADING.exec(text); m; m = PSEUDO_HEADING.exec(text))
    lines.push({ start: m.index, end: m.index + m[0].length, title: m[2]!.trim() });
  const out: Section[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const kind = classify(line.title);
    if (kind === 'other') continue;
    // Up to the next pseudo-heading or heading, whichever comes first.
    const next = Math.min(
      lines[i + 1]?.start ?? text.length,
      headings.find((h) => h > line.end) ?? text.length,
    );
    out.push({
      kind,
      title: line.title,
      depth: 7,
      range: { start: line.start, end: next },
      headingRange: { start: line.start, end: line.end },
      contentRange: { start: line.end, end: next },
    });
  }
  PROSE_LABEL.lastIndex = from;
  for (let m = PROSE_LABEL.exec(text); m; m = PROSE_LABEL.exec(text)) {
    // Only the opening of a paragraph: after a blank line or at the start of the body.
    const before = text.slice(Math.max(from, m.index - 8), m.index);
    if (text.slice(from, m.index).trim() !== '' && !/\n[ \t]*\r?\n$/.test(before)) continue;
    const kind = classify(m[1]!);
    if (kind !== 'action-items' && kind !== 'resolution') continue;
    const paragraph = paragraphAround(text, { start: m.index, end: m.index + m[0].length });
    out.push({
      kind,
      title: m[1]!,
      depth: 7,
      range: { start: m.index, end: paragraph.end },
      headingRange: { start: m.index, end: m.index + m[0].length },
      contentRange: { start: m.index + m[0].length, end: paragraph.end },
    });
  }
  out.sort((a, b) => a.range.start - b.range.start);
  pseudoCache.set(document, out);
  return out;
}
