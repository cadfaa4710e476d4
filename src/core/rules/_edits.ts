/** Edits the AI rules offer as fixes: a new section inserted without losing a character of the document. */
import type { PostmortemDocument } from '../document/parse.js';
import type { Section, SectionKind, TextRange } from '../types.js';

/**
 * An edit that inserts a new section right after `after` (at the same heading depth), keeping
 * every character of the document; `undefined` when a section of `kind` already exists.
 */
export function insertSectionAfter(
  document: PostmortemDocument,
  after: Section | undefined,
  kind: SectionKind,
  title: string,
  content: string,
): { range: TextRange; newText: string } | undefined {
  if (document.sections.some((s) => s.kind === kind)) return undefined;
  const { text } = document;
  const depth = after?.depth ?? 2;
  const at = after ? after.range.end : text.length;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const before = text.slice(0, at);
  // Inside a fenced code block or an HTML comment (or script, `<?`, `<!X`, CDATA block) left open, the inserted heading
  // would be code or HTML: the finding would stay and every fix pass would insert the section again. No fix there.
  if (endsInOpenBlock(before)) return undefined;
  const lead =
    before.length === 0 || before.endsWith(`${eol}${eol}`) ? '' : before.endsWith(eol) ? eol : `${eol}${eol}`;
  const trail = at < text.length ? eol : '';
  const block = `${'#'.repeat(depth)} ${title}${eol}${eol}${content.replace(/\n/g, eol)}${trail}`;
  return { range: { start: at, end: at }, newText: `${lead}${block}` };
}

/** HTML blocks that run until an end marker, not a blank line (CommonMark kinds 1 to 5): start and end expressions. */
const HTML_BLOCKS: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^<!--/, /-->/],
  [/^<\?/, /\?>/],
  [/^<![A-Za-z]/, />/],
  [/^<!\[CDATA\[/, /\]\]>/],
];

/**
 * Whether `text` ends inside a fenced code block (``` or ~~~ opened and not closed) or one of the HTML blocks that end
 * only at their end marker (an HTML comment, `<script>`, …), as CommonMark reads them at the top level.
 */
export function endsInOpenBlock(text: string): boolean {
  let open: { char: string; length: number } | undefined;
  let html: RegExp | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (html) {
      if (html.test(line)) html = undefined;
      continue;
    }
    if (!open) {
      const indent = /^ {0,3}/.exec(line)![0].length;
      const start = HTML_BLOCKS.find(([re]) => re.test(line.slice(indent)));
      if (start) {
        // The end marker may close it on its opening line, after the opening itself.
        const rest = line.slice(indent + (start[0].exec(line.slice(indent))?.[0].length ?? 0));
        if (!start[1].test(rest)) html = start[1];
        continue;
      }
    }
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) continue;
    const fence = m[1]!;
    if (!open) {
      // A backtick fence's info string may not contain a backtick.
      if (fence[0] === '`' && m[2]!.includes('`')) continue;
      open = { char: fence[0]!, length: fence.length };
    } else if (fence[0] === open.char && fence.length >= open.length && m[2]!.trim() === '') open = undefined;
  }
  return open !== undefined || html !== undefined;
}
