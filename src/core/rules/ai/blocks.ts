/**
 * Blocks: the stretches of a document the AI rules read (sections, labelled paragraphs, sentences, paragraphs), each
 * with its text normalised to single spaces so that expression indexes are source offsets.
 */
import type { PostmortemDocument } from '../../document/parse.js';
import type { Section, SectionKind, TextRange } from '../../types.js';
import { memoByOwner, memoText, paragraphs } from '../../memo.js';

/** A stretch of the document the rules read, with its text normalised to single spaces. */
export interface Block {
  readonly range: TextRange;
  /** Same length as the source slice: every whitespace run character became a space. */
  readonly text: string;
}

/** Whitespace as spaces, same length: expression indexes on the result are source offsets. */
export function flat(text: string): string {
  return text.replace(/\s/g, ' ');
}
const flatParagraph = memoText(flat);

/**
 * A block of `text`: its range, and its text normalised to spaces (`flat`) when first read. Most blocks a rule makes are
 * read in part or not at all, so a 1 MB body is normalised only if a rule reads it whole.
 */
export function blockOf(text: string, range: TextRange): Block {
  let normalized: string | undefined;
  return {
    range,
    get text() {
      return (normalized ??=
        range.end - range.start > BODY_SPLIT_MIN
          ? wholeFlat(text).slice(range.start, range.end)
          : flat(text.slice(range.start, range.end)));
    },
  };
}

/** The last document normalised whole: the rules that read a long block share one normalisation per lint. */
let lastFlat: { readonly text: string; readonly flat: string } | undefined;
function wholeFlat(text: string): string {
  if (lastFlat?.text !== text) lastFlat = { text, flat: flat(text) };
  return lastFlat.flat;
}

/** The document after the frontmatter. */
export function body(document: PostmortemDocument): Block {
  return blockOf(document.text, { start: document.frontmatter?.range.end ?? 0, end: document.text.length });
}

/** A paragraph of the body (`paragraphs`), with its source text and that text normalised (`flat`, the same string object on every lint). */
export interface BodyParagraph {
  readonly start: number;
  readonly raw: string;
  readonly text: string;
}

const bodyParagraphsCache = new WeakMap<PostmortemDocument, readonly BodyParagraph[]>();

/**
 * The body cut into paragraphs at blank lines: what the AI rules scan paragraph by paragraph, each paragraph's findings
 * remembered by its text (`memo.ts`), so a re-lint after a keystroke scans the edited paragraph only.
 */
export function bodyParagraphs(document: PostmortemDocument): readonly BodyParagraph[] {
  let known = bodyParagraphsCache.get(document);
  if (!known) {
    known = paragraphs(document.text, document.frontmatter?.range.end ?? 0).map((p) => ({
      start: p.start,
      raw: p.text,
      text: flatParagraph(p.text),
    }));
    bodyParagraphsCache.set(document, known);
  }
  return known;
}

export function sectionsOf(document: PostmortemDocument, kinds: readonly SectionKind[]): Section[] {
  return document.sections.filter((s) => kinds.includes(s.kind));
}

/** Contents of every section of these kinds, outermost only (a nested match is already inside). */
export function sectionBlocks(document: PostmortemDocument, kinds: readonly SectionKind[]): Block[] {
  return outermost(sectionsOf(document, kinds)).map((s) => blockOf(document.text, s.contentRange));
}

/** Sections not inside another of the list (a nested one is read with its parent). */
export function outermost(sections: readonly Section[]): Section[] {
  return sections.filter(
    (s) =>
      !sections.some(
        (o) =>
          o !== s &&
          o.range.start <= s.range.start &&
          s.range.end <= o.range.end &&
          o.range.start < s.range.start,
      ),
  );
}

/**
 * Paragraphs that open with a label such as `**Root cause:**` or `Resolution -`, wherever they
 * are; terse write-ups put them in the summary.
 */
const labelScans = new Map<string, (paragraph: string) => readonly number[]>();

export function labelledBlocks(document: PostmortemDocument, label: string): Block[] {
  const { text } = document;
  // One scan per label (a handful, built once): where each labelled paragraph's content starts, paragraph by paragraph.
  let scan = labelScans.get(label);
  if (!scan) {
    const re = new RegExp(
      String.raw`^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:${label})(?:\*\*|__)?[ \t]*(?:\*\*|__)?[:—–-](?:\*\*|__)?[ \t]*`,
      'gim',
    );
    scan = memoText((paragraph: string) => {
      const starts: number[] = [];
      re.lastIndex = 0;
      for (let m = re.exec(paragraph); m; m = re.exec(paragraph)) {
        starts.push(m.index + m[0].length);
        if (re.lastIndex === m.index) re.lastIndex++;
      }
      re.lastIndex = 0;
      return starts;
    });
    if (labelScans.size < 64) labelScans.set(label, scan);
  }
  const out: Block[] = [];
  const blank = /\n[ \t]*\r?\n/g;
  for (const p of bodyParagraphs(document)) {
    for (const at of scan(p.raw)) {
      const start = p.start + at;
      blank.lastIndex = start;
      const end = blank.exec(text)?.index ?? text.length;
      if (end > start) out.push(blockOf(text, { start, end }));
    }
  }
  return out;
}

/**
 * Whether a range lies inside one of `ranges`: by binary search over the ranges sorted by start, with the furthest end
 * reached so far (a range inside any of them is inside the one reaching furthest among those starting before it).
 */
export function within(ranges: readonly TextRange[]): (r: TextRange) => boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const reach: number[] = [];
  let far = -1;
  for (const r of sorted) reach.push((far = Math.max(far, r.end)));
  return (r) => {
    let lo = 0;
    let hi = sorted.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start <= r.start) [at, lo] = [mid, mid + 1];
      else hi = mid - 1;
    }
    return at >= 0 && reach[at]! >= r.end;
  };
}

const firstMatch = memoByOwner((re: RegExp, text: string) => {
  re.lastIndex = 0;
  const m = re.exec(text);
  re.lastIndex = 0;
  return m ? { index: m.index, text: m[0] } : null;
});

/**
 * `findIn` over the body's paragraphs (`bodyParagraphs`): the first match of `re` in the body, each paragraph's answer
 * remembered per expression. The same as `findIn([body(document)], re)` for an expression that never spans a blank line.
 */
export function findInBody(
  document: PostmortemDocument,
  re: RegExp,
): { range: TextRange; text: string } | undefined {
  for (const p of bodyParagraphs(document)) {
    const m = firstMatch(re, p.text);
    if (m)
      return { range: { start: p.start + m.index, end: p.start + m.index + m.text.length }, text: m.text };
  }
  return undefined;
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

/**
 * The sentences of a block, with source ranges; `source` is the document text. A block that runs to the end of the
 * document (its body, read by most AI rules) is split paragraph by paragraph (a blank line always ends a sentence, so the
 * result is the same) with each paragraph's split remembered, and the last body's sentences are kept for the next rule.
 */
export function sentences(block: Block, source: string): Block[] {
  if (block.range.end !== source.length || block.range.end - block.range.start < BODY_SPLIT_MIN) {
    const spans = sentenceSpans(source.slice(block.range.start, block.range.end));
    const out: Block[] = [];
    for (let i = 0; i < spans.length; i += 2) {
      const [start, end] = [spans[i]!, spans[i + 1]!];
      out.push({
        range: { start: block.range.start + start, end: block.range.start + end },
        text: block.text.slice(start, end),
      });
    }
    return out;
  }
  if (lastBody?.source === source && lastBody.start === block.range.start) return lastBody.sentences;
  const out: Block[] = [];
  for (const p of paragraphs(source, block.range.start))
    for (const s of paragraphSentences(p.text))
      out.push({ range: { start: p.start + s.range.start, end: p.start + s.range.end }, text: s.text });
  lastBody = { source, start: block.range.start, sentences: out };
  return out;
}

/** Below this length a block is split in one piece: the paragraph split pays off on long documents only. */
const BODY_SPLIT_MIN = 4096;
let lastBody: { readonly source: string; readonly start: number; readonly sentences: Block[] } | undefined;

/** The sentences of one paragraph's source text, ranges relative to it: the same objects while the paragraph is unchanged. */
const paragraphSentences = memoText((raw: string): readonly Block[] => {
  const text = flatParagraph(raw);
  const spans = sentenceSpans(raw);
  const out: Block[] = [];
  for (let i = 0; i < spans.length; i += 2)
    out.push({ range: { start: spans[i]!, end: spans[i + 1]! }, text: text.slice(spans[i]!, spans[i + 1]!) });
  return out;
});

/** Where the sentences of a raw text start and end, as pairs; whitespace-only pieces left out. */
export function sentenceSpans(raw: string): number[] {
  const out: number[] = [];
  let start = 0;
  const push = (end: number) => {
    if (raw.slice(start, end).trim()) out.push(start, end);
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

/** The pseudo-headings of one paragraph's source text, relative to it. */
const pseudoHeadings = memoText((raw: string) => {
  const out: Array<{ start: number; end: number; title: string }> = [];
  PSEUDO_HEADING.lastIndex = 0;
  for (let m = PSEUDO_HEADING.exec(raw); m; m = PSEUDO_HEADING.exec(raw))
    out.push({ start: m.index, end: m.index + m[0].length, title: m[2]!.trim() });
  return out;
});

/** The follow-up labels opening lines of one paragraph's source text ("Going forward, "), relative to it. */
const proseLabels = memoText((raw: string) => {
  const out: Array<{ start: number; length: number; label: string }> = [];
  PROSE_LABEL.lastIndex = 0;
  for (let m = PROSE_LABEL.exec(raw); m; m = PROSE_LABEL.exec(raw))
    out.push({ start: m.index, length: m[0].length, label: m[1]! });
  return out;
});

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
  const paras = bodyParagraphs(document);
  const lines: Array<{ start: number; end: number; title: string }> = [];
  for (const p of paras)
    for (const line of pseudoHeadings(p.raw))
      lines.push({ start: p.start + line.start, end: p.start + line.end, title: line.title });
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
  for (const { start, length, label } of paras.flatMap((p) =>
    proseLabels(p.raw).map((l) => ({ ...l, start: p.start + l.start })),
  )) {
    // Only the opening of a paragraph: after a blank line or at the start of the body.
    const before = text.slice(Math.max(from, start - 8), start);
    if (text.slice(from, start).trim() !== '' && !/\n[ \t]*\r?\n$/.test(before)) continue;
    const kind = classify(label);
    if (kind !== 'action-items' && kind !== 'resolution') continue;
    const paragraph = paragraphAround(text, { start, end: start + length });
    out.push({
      kind,
      title: label,
      depth: 7,
      range: { start, end: paragraph.end },
      headingRange: { start, end: start + length },
      contentRange: { start: start + length, end: paragraph.end },
    });
  }
  out.sort((a, b) => a.range.start - b.range.start);
  pseudoCache.set(document, out);
  return out;
}
