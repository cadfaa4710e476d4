/** Text to document model: frontmatter, sections, timeline rows, action items, directives. */
import type { Html, List, ListItem, Nodes, Root, Table, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { ActionItem, Located, Section, TextRange, TimelineEntry } from '../types.js';
import { readFrontmatter, type Frontmatter, type ParseProblem } from './frontmatter.js';
import { LineIndex } from './line-index.js';
import { memoText, paragraphs } from '../memo.js';
import { parseMarkdown } from './markdown.js';
import { ACTION_LABEL_LINE, classifyHeading } from './sections.js';
import { parseTime } from './time.js';

export interface ParseLimits {
  /** Documents longer than this (UTF-16 units) get frontmatter checks only. */
  readonly maxDocumentLength: number;
  readonly maxFrontmatterLength: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxDocumentLength: 1024 * 1024,
  maxFrontmatterLength: 64 * 1024,
};

/** An HTML comment, the only place suppression directives live. */
export interface HtmlComment {
  readonly range: TextRange;
  /** Text between `<!--` and `-->`, trimmed. */
  readonly body: string;
}

/** Everything the rules read. Built once per lint; rules never re-parse. */
export interface PostmortemDocument {
  readonly text: string;
  readonly lines: LineIndex;
  /** `undefined` when the document has no frontmatter block. */
  readonly frontmatter: Frontmatter | undefined;
  /** The Markdown tree, or `undefined` when the document was too large to parse. */
  readonly tree: Root | undefined;
  readonly sections: readonly Section[];
  readonly timeline: readonly TimelineEntry[];
  readonly actionItems: readonly ActionItem[];
  readonly comments: readonly HtmlComment[];
  readonly problems: readonly ParseProblem[];
}

function rangeOf(node: {
  position?: { start: { offset?: number | undefined }; end: { offset?: number | undefined } } | undefined;
}): TextRange {
  return { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
}

/** A frontmatter block that opens but never closes is a common typo worth its own message. */
function unclosedFence(text: string): TextRange | undefined {
  const m = /^(---|\+\+\+)[ \t]*(\r\n|\r|\n)/.exec(text);
  if (!m) return undefined;
  return { start: 0, end: 3 };
}

/** The prefix of `text` that holds a frontmatter block, so an oversize document still gets it checked. */
function frontmatterPrefix(text: string): string {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const re = /^(---|\+\+\+)[ \t]*$/gm;
  const first = re.exec(text.slice(bom, bom + 8));
  if (!first || first.index !== 0) return '';
  re.lastIndex = bom + first[0].length;
  const closing = re.exec(text);
  if (!closing) return '';
  const end = closing.index + closing[0].length;
  return text.slice(0, end);
}

/**
 * Parse one document. Never throws on any input string. `markdown` replaces the one-shot Markdown
 * parse (the incremental linter passes `ChunkedParser.parse`, whose tree is deep-equal).
 */
export function parsePostmortem(
  text: string,
  limits: ParseLimits = DEFAULT_LIMITS,
  markdown?: (text: string) => Root,
): PostmortemDocument {
  const problems: ParseProblem[] = [];
  const lines = new LineIndex(text);
  const oversize = text.length > limits.maxDocumentLength;
  if (oversize) {
    problems.push({
      ruleId: 'document-size',
      message: `Document is ${text.length} characters, over the limit of ${limits.maxDocumentLength}: only the frontmatter was checked`,
      range: {
        start: 0,
        end: Math.min(text.length, lines.lineCount > 1 ? lines.lineStart(2) - 1 : text.length),
      },
      fatal: false,
    });
  }
  // Inputs that would make the Markdown parser quadratic or overflow its stack (notes/security.md)
  // get the frontmatter checks only, like an oversize document; a parser crash is a finding too.
  const complexity = oversize ? undefined : tooComplex(text);
  if (complexity) {
    problems.push({
      ruleId: 'document-size',
      message: `Document is too complex to parse safely (${complexity}): only the frontmatter was checked`,
      range: {
        start: 0,
        end: Math.min(text.length, lines.lineCount > 1 ? lines.lineStart(2) - 1 : text.length),
      },
      fatal: false,
    });
  }
  const source = oversize || complexity ? frontmatterPrefix(text) : text;
  let parsed: Root;
  let reduced = oversize || complexity !== undefined;
  try {
    parsed = markdown ? markdown(source) : parseMarkdown(source);
  } catch (error) {
    problems.push({
      ruleId: 'document-size',
      message: `Document could not be parsed as Markdown (${error instanceof Error ? error.message : String(error)}): only the frontmatter was checked`,
      range: { start: 0, end: 0 },
      fatal: true,
    });
    reduced = true;
    try {
      parsed = parseMarkdown(frontmatterPrefix(text));
    } catch {
      parsed = { type: 'root', children: [] };
    }
  }
  // micromark drops a leading U+FEFF and counts offsets without it; ours count it (found by a property test).
  // A copy, not in place: an incremental parser may hand out trees it reuses.
  const tree = text.charCodeAt(0) === 0xfeff ? (shifted(parsed, 1) as Root) : parsed;
  let frontmatter: Frontmatter | undefined;
  const first = tree.children[0];
  if (first && (first.type === 'yaml' || (first.type as string) === 'toml')) {
    frontmatter = frontmatterOf(first, text, limits, problems);
  } else {
    const fence = unclosedFence(text);
    if (fence && first?.type === 'thematicBreak' && first.position?.start.offset === 0) {
      problems.push({
        ruleId: 'frontmatter-format',
        message: 'Unclosed frontmatter: missing the closing fence after the opening `---`',
        range: fence,
        fatal: false,
      });
    }
  }
  if (reduced) {
    return {
      text,
      lines,
      frontmatter,
      tree: undefined,
      sections: [],
      timeline: [],
      actionItems: [],
      comments: [],
      problems,
    };
  }
  const sections = buildSections(tree, text.length);
  const comments: HtmlComment[] = [];
  collectComments(tree, comments);
  const timeline: TimelineEntry[] = [];
  const actionItems: ActionItem[] = [];
  for (const section of sections) {
    if (section.kind === 'timeline') collectTimeline(tree, section.range, text, timeline);
    if (section.kind === 'action-items') collectActionItems(tree, section.range, text, actionItems);
    // A "Remediation" or "Resolution" table with an Owner column is a list of follow-ups, not a narrative.
    if (section.kind === 'resolution')
      for (const table of nodesIn(tree, section.range, isTable))
        if (tableRows(table, 'actions').roles.includes('owner')) tableActions(table, text, actionItems);
  }
  labelledActions(tree.children, text, actionItems);
  timeline.sort((a, b) => a.range.start - b.range.start);
  actionItems.sort((a, b) => a.range.start - b.range.start);
  return {
    text,
    lines,
    frontmatter,
    tree,
    sections,
    timeline: dedupe(timeline),
    actionItems: dedupe(actionItems),
    comments,
    problems,
  };
}

/**
 * The last read of each frontmatter node: a chunked parser hands out the same node while the chunk holding it is
 * unchanged, so a re-lint after an edit elsewhere does not parse the YAML again. Checked against the block's text.
 */
const frontmatterReads = new WeakMap<
  object,
  { readonly key: string; readonly frontmatter: Frontmatter; readonly problems: readonly ParseProblem[] }
>();

function frontmatterOf(
  node: Nodes,
  text: string,
  limits: ParseLimits,
  problems: ParseProblem[],
): Frontmatter {
  const kind = node.type === 'yaml' ? 'yaml' : 'toml';
  const range = rangeOf(node);
  const value = (node as { value: string }).value;
  const key = `${kind}\u0000${limits.maxFrontmatterLength}\u0000${range.start}\u0000${value}\u0000${text.slice(range.start, range.end)}`;
  const known = frontmatterReads.get(node);
  if (known?.key === key) {
    problems.push(...known.problems);
    return known.frontmatter;
  }
  const mark = problems.length;
  const frontmatter = readFrontmatter(text, kind, range, value, limits.maxFrontmatterLength, problems);
  frontmatterReads.set(node, { key, frontmatter, problems: problems.slice(mark) });
  return frontmatter;
}

function shifted(node: Nodes, by: number): Nodes {
  const p = node.position;
  const position = p && {
    start: {
      ...p.start,
      column: p.start.line === 1 ? p.start.column + by : p.start.column,
      ...(p.start.offset === undefined ? {} : { offset: p.start.offset + by }),
    },
    end: {
      ...p.end,
      column: p.end.line === 1 ? p.end.column + by : p.end.column,
      ...(p.end.offset === undefined ? {} : { offset: p.end.offset + by }),
    },
  };
  const children = 'children' in node ? { children: node.children.map((c) => shifted(c as Nodes, by)) } : {};
  return { ...node, ...(position ? { position } : {}), ...children } as Nodes;
}

/** Most delimiters and deepest container nesting the Markdown parser is given (it is quadratic past them). */
export const COMPLEXITY_LIMITS = { delimiters: 10_000, brackets: 10_000, nesting: 100 } as const;

/**
 * Why `text` would be too costly for micromark, or `undefined`. Linear: counts emphasis
 * delimiters and brackets (unmatched ones make its resolution quadratic) and the deepest run of
 * block-quote and list markers opening one line (deep nesting overflows the stack of the GFM
 * transforms).
 */
export function tooComplex(text: string): string | undefined {
  let delimiters = 0;
  let brackets = 0;
  let deepest = 0;
  // Counted paragraph by paragraph (whole lines), each paragraph's counts remembered: a re-lint counts the edited one.
  for (const piece of paragraphs(text)) {
    const c = complexityOf(piece.text);
    delimiters += c.delimiters;
    brackets += c.brackets;
    if (c.deepest > deepest) deepest = c.deepest;
  }
  if (delimiters > COMPLEXITY_LIMITS.delimiters)
    return `${delimiters} emphasis markers \`*\` and \`_\`, over the limit of ${COMPLEXITY_LIMITS.delimiters}`;
  if (brackets > COMPLEXITY_LIMITS.brackets)
    return `${brackets} brackets \`[\`, over the limit of ${COMPLEXITY_LIMITS.brackets}`;
  if (deepest > COMPLEXITY_LIMITS.nesting)
    return `block quotes or lists nested ${deepest} deep on one line, over the limit of ${COMPLEXITY_LIMITS.nesting}`;
  return undefined;
}

const complexityOf = memoText((text: string) => {
  let delimiters = 0;
  let brackets = 0;
  let deepest = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 || c === 95) delimiters++;
    else if (c === 91) brackets++;
    if (lineStart) {
      const depth = containerDepth(text, i);
      if (depth > deepest) deepest = depth;
    }
    lineStart = c === 10 || c === 13;
  }
  return { delimiters, brackets, deepest };
});

/** Block-quote and list markers that open the line at `at`, counted up to one past the limit. */
function containerDepth(text: string, at: number): number {
  let depth = 0;
  let i = at;
  while (depth <= COMPLEXITY_LIMITS.nesting) {
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const c = text.charCodeAt(i);
    if (c === 62) i++;
    else if (
      (c === 45 || c === 42 || c === 43) &&
      (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)
    )
      i += 2;
    else {
      let j = i;
      while (j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      if (
        j > i &&
        (text.charCodeAt(j) === 46 || text.charCodeAt(j) === 41) &&
        (text.charCodeAt(j + 1) === 32 || text.charCodeAt(j + 1) === 9)
      )
        i = j + 2;
      else break;
    }
    depth++;
  }
  return depth;
}

function dedupe<T extends { range: TextRange }>(items: T[]): T[] {
  return items.filter((item, i) => i === 0 || items[i - 1]?.range.start !== item.range.start);
}

function buildSections(tree: Root, length: number): Section[] {
  const headings = tree.children.flatMap((node) => (node.type === 'heading' ? [node] : []));
  return headings.map((heading, i) => {
    const headingRange = rangeOf(heading);
    let end = length;
    for (const next of headings.slice(i + 1)) {
      if (next.depth <= heading.depth) {
        end = rangeOf(next).start;
        break;
      }
    }
    const title = toString(heading).trim();
    return {
      kind: classifyHeading(title),
      title,
      depth: heading.depth,
      range: { start: headingRange.start, end },
      headingRange,
      contentRange: { start: Math.min(headingRange.end, end), end },
    };
  });
}

function collectComments(node: Nodes, out: HtmlComment[]): void {
  if (node.type === 'html') {
    const html = node as Html;
    const base = rangeOf(html).start;
    const re = /<!--([\s\S]*?)-->/g;
    for (let m = re.exec(html.value); m; m = re.exec(html.value)) {
      out.push({
        range: { start: base + m.index, end: base + m.index + m[0].length },
        body: (m[1] ?? '').trim(),
      });
    }
    return;
  }
  if ('children' in node) for (const child of node.children) collectComments(child as Nodes, out);
}

/** Every node of `type` inside `range`, in document order, not descending into matches. */
function nodesIn<T extends Nodes>(
  node: Nodes,
  range: TextRange,
  test: (n: Nodes) => n is T,
  out: T[] = [],
): T[] {
  const r = rangeOf(node);
  if (r.end <= range.start || r.start >= range.end) return out;
  if (test(node) && r.start >= range.start && r.end <= range.end) {
    out.push(node);
    return out;
  }
  if ('children' in node) for (const child of node.children) nodesIn(child as Nodes, range, test, out);
  return out;
}

const isList = (n: Nodes): n is List => n.type === 'list';
const isTable = (n: Nodes): n is Table => n.type === 'table';

/** The plain text of a list item's own paragraph (not its nested lists), with its source range. */
function itemLead(item: ListItem): { text: string; range: TextRange } | undefined {
  const lead = item.children.find((c) => c.type === 'paragraph');
  if (!lead) return undefined;
  return { text: toString(lead), range: rangeOf(lead) };
}

/** A table cell's range without its pipes and padding. */
function cellRange(source: string, cell: Nodes): TextRange {
  let { start, end } = rangeOf(cell);
  while (start < end && /[|\s]/.test(source[start]!)) start++;
  while (end > start && /[|\s]/.test(source[end - 1]!) && source[end - 2] !== '\\') end--;
  return { start, end };
}

/** Offset of `needle` in the source slice `range`, or the slice start. */
function findIn(source: string, range: TextRange, needle: string): TextRange {
  const slice = source.slice(range.start, range.end);
  const i = needle ? slice.indexOf(needle) : -1;
  return i < 0 ? range : { start: range.start + i, end: range.start + i + needle.length };
}

const AGENT_TAG = /\[(agent|ai|llm|model)\]/i;
/** `Actor:` or `**Actor**:` right after the time: short, capitalised or a handle. */
const ACTOR_PREFIX = /^[\s*_`]*(?:[-–—|:]\s*)?\**([A-Za-z@[][\w@ ./()[\]'-]{0,40}?)\**\s*:\s+/;

function listTimeline(list: List, source: string, out: TimelineEntry[], nested: boolean): void {
  for (const item of list.children) {
    const lead = itemLead(item);
    if (lead) {
      const raw = source.slice(lead.range.start, lead.range.end);
      const time = parseTime(raw, lead.range.start);
      if (time || !nested) {
        let rest = (time ? raw.slice(time.range.end - lead.range.start) : raw).replace(
          /^(\s*[-–—|:]?\s*)\[(?:agent|ai|llm|model)\]\s*/i,
          '$1',
        );
        let actor: Located | undefined;
        const m = ACTOR_PREFIX.exec(rest);
        if (m && m[1] && m[1].trim().split(/\s+/).length <= 5) {
          const name = m[1].trim();
          const at = source.indexOf(name, time?.range.end ?? lead.range.start);
          actor = { value: name.replace(/^\[|\]$/g, ''), range: { start: at, end: at + name.length } };
          rest = rest.slice(m[0].length);
        }
        const textStart = lead.range.end - rest.length;
        out.push({
          range: rangeOf(item),
          source: 'list',
          time,
          actor,
          text: lead.text,
          textRange: { start: textStart, end: lead.range.end },
          agentTag: AGENT_TAG.test(raw),
        });
      }
    }
    for (const child of item.children) if (child.type === 'list') listTimeline(child, source, out, true);
  }
}

/** Column roles a table header can play. */
type Role = 'time' | 'actor' | 'text' | 'owner' | 'due' | 'status' | 'other';

const HEADER_ROLES: ReadonlyArray<readonly [Role, RegExp]> = [
  ['time', /^(time|timestamp|when|date|date\s*\/\s*time|datetime|time\s*\(.*\)|clock)$/],
  ['actor', /^(actor|who|by|agent|source|component|system|party)$/],
  ['owner', /^(owner|owners|assignee|assigned\s*to|responsible|dri|who)$/],
  ['due', /^(due|due\s*date|deadline|eta|target(\s*date)?|by\s*when)$/],
  ['status', /^(status|state|done|progress)$/],
  [
    'text',
    /^(event|events|description|what|what\s*happened|action|actions|action\s*item|item|task|details?|notes?|summary|activity|step|remediation)$/,
  ],
];

function roleOf(header: string, kind: 'timeline' | 'actions'): Role {
  const h = header.toLowerCase().replace(/[*_`]/g, '').trim();
  for (const [role, re] of HEADER_ROLES) {
    if (kind === 'timeline' && (role === 'owner' || role === 'due' || role === 'status')) continue;
    if (kind === 'actions' && (role === 'time' || role === 'actor')) continue;
    if (re.test(h)) return role;
  }
  return 'other';
}

function tableRows(table: Table, kind: 'timeline' | 'actions'): { roles: Role[]; rows: TableRow[] } {
  const [header, ...rows] = table.children;
  const roles = (header?.children ?? []).map((cell) => roleOf(toString(cell), kind));
  return { roles, rows };
}

function tableTimeline(table: Table, source: string, out: TimelineEntry[]): void {
  const { roles, rows } = tableRows(table, 'timeline');
  let timeCol = roles.indexOf('time');
  if (timeCol < 0) {
    timeCol = (rows[0]?.children ?? []).findIndex((cell) => parseTime(toString(cell), 0) !== undefined);
  }
  const actorCol = roles.indexOf('actor');
  for (const row of rows) {
    const cells = row.children;
    const timeCell = cells[timeCol];
    const actorCell = cells[actorCol];
    const timeRange = timeCell ? cellRange(source, timeCell) : undefined;
    const time = timeRange
      ? parseTime(source.slice(timeRange.start, timeRange.end), timeRange.start, true)
      : undefined;
    const textCells = cells.filter((_, i) => i !== timeCol && i !== actorCol);
    const textCell = cells[roles.indexOf('text')] ?? textCells[0];
    const actorText = actorCell ? toString(actorCell).trim() : '';
    const raw = source.slice(rangeOf(row).start, rangeOf(row).end);
    out.push({
      range: rangeOf(row),
      source: 'table',
      time,
      actor:
        actorCell && actorText
          ? {
              value: actorText.replace(/\s*\[(?:agent|ai|llm|model)\]\s*/i, ' ').trim(),
              range: findIn(source, cellRange(source, actorCell), actorText),
            }
          : undefined,
      text: textCells
        .map((c) => toString(c).trim())
        .filter(Boolean)
        .join(' — '),
      textRange: textCell ? cellRange(source, textCell) : rangeOf(row),
      agentTag: AGENT_TAG.test(raw),
    });
  }
}

function collectTimeline(tree: Root, range: TextRange, source: string, out: TimelineEntry[]): void {
  for (const list of nodesIn(tree, range, isList)) listTimeline(list, source, out, false);
  for (const table of nodesIn(tree, range, isTable)) tableTimeline(table, source, out);
  paragraphTimeline(tree, range, source, out);
}

/**
 * One paragraph per event ("2025-11-02, 09:12am: first report."): a top-level paragraph of the section that opens with a
 * time is an entry. A paragraph that merely mentions a time ("All times UTC; the alert fired at 09:12") is not.
 */
function paragraphTimeline(tree: Root, range: TextRange, source: string, out: TimelineEntry[]): void {
  for (const node of tree.children) {
    if (node.type !== 'paragraph') continue;
    const r = rangeOf(node);
    if (r.start < range.start || r.end > range.end) continue;
    const raw = source.slice(r.start, r.end);
    const lead = /^[\s*_]*/.exec(raw)![0].length;
    // "2025-11-02, 09:12am": the comma between date and clock becomes a space (same length, so offsets hold).
    const read = parseTime(raw.replace(/^([\s*_]*\d{4}-\d{2}-\d{2}),(?=\s*\d)/, '$1 '), r.start);
    if (!read || read.range.start !== r.start + lead) continue;
    const time = { ...read, text: source.slice(read.range.start, read.range.end) };
    const rest = raw.slice(time.range.end - r.start);
    const sep = /^[\s*_]*(?:[-–—|:,]\s*)?/.exec(rest)![0].length;
    const textStart = time.range.end + sep;
    out.push({
      range: r,
      source: 'paragraph',
      time,
      actor: undefined,
      text: toString(node),
      textRange: { start: textStart, end: r.end },
      agentTag: AGENT_TAG.test(raw),
    });
  }
}

const OWNER_PATTERNS: readonly RegExp[] = [
  // The keyword is a whole word ("drill" is no "dri"); names may hold any letter ("Chloé", "Hélène").
  /\b(?:owners?|assignee|assigned to|dri|responsible)(?![\p{L}\p{N}_])\s*[:=-]?\s*(@?[\p{L}\p{N}_.-]+(?:\s+[A-Z\p{Lu}][\p{L}\p{N}_.-]*)?)/iu,
  /(?:^|[\s([—-])(@[\w][\w.-]*)/,
  // "— Dana Okafor" or " - Platform team" closing the item.
  /\s[—–-]\s+(\p{Lu}\p{Ll}[\p{L}\p{N}_.&-]*(?:\s+[\p{L}&][\p{L}\p{N}_.&-]*){0,2})\s*\.?\s*$/u,
  // "— CRM team", "- payments squad": a team closing the item, whatever the case of its name.
  /\s[—–-]\s+((?:[\p{L}\p{N}&][\p{L}\p{N}_.&-]*\s+){1,2}(?:team|squad|group|guild|crew|on-?call|rotation))\s*\.?\s*$/iu,
  // "(Priya)" or "(Billing ops, Q3)" closing the item: a capitalised word, not "(PR #12)".
  /\((\p{Lu}\p{Ll}[\p{L}\p{N}_.-]*(?:\s+\p{L}[\p{L}\p{N}_.-]*)?)(?:[,;][^)]*)?\)\s*\.?\s*$/u,
];
const DUE_PATTERN =
  /\b(?:due|by|deadline|eta|target)\s*[:=-]?\s*(\d{4}-\d{2}-\d{2}|(?:Q[1-4]\s*\d{4})|(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?)/i;

function locatedIn(source: string, range: TextRange, re: RegExp): Located | undefined {
  const slice = source.slice(range.start, range.end);
  const m = re.exec(slice);
  if (!m || !m[1]) return undefined;
  const at = m.index + m[0].lastIndexOf(m[1]);
  return {
    value: m[1].trim(),
    range: { start: range.start + at, end: range.start + at + m[1].trim().length },
  };
}

function listActions(list: List, source: string, out: ActionItem[]): void {
  for (const item of list.children) {
    const lead = itemLead(item);
    if (!lead) continue;
    const owner = OWNER_PATTERNS.map((re) => locatedIn(source, lead.range, re)).find((l) => l !== undefined);
    out.push({
      range: rangeOf(item),
      source: 'list',
      text: lead.text,
      textRange: lead.range,
      owner,
      due: locatedIn(source, lead.range, DUE_PATTERN),
      state: item.checked === true ? 'done' : item.checked === false ? 'open' : undefined,
    });
  }
}

const DONE = /^(done|closed|complete(d)?|fixed|resolved|shipped|merged|yes|✅|x)$/i;

function tableActions(table: Table, source: string, out: ActionItem[]): void {
  const { roles, rows } = tableRows(table, 'actions');
  const ownerCol = roles.indexOf('owner');
  const dueCol = roles.indexOf('due');
  const statusCol = roles.indexOf('status');
  let textCol = roles.indexOf('text');
  if (textCol < 0) textCol = roles.findIndex((r) => r === 'other');
  for (const row of rows) {
    const cell = (i: number) => (i >= 0 ? row.children[i] : undefined);
    const located = (i: number): Located | undefined => {
      const c = cell(i);
      const value = c ? toString(c).trim() : '';
      return c && value && !/^(-|—|n\/a|tbd|\?)$/i.test(value)
        ? { value, range: findIn(source, rangeOf(c), value) }
        : undefined;
    };
    const textCell = cell(textCol) ?? row.children[0];
    const status = cell(statusCol);
    out.push({
      range: rangeOf(row),
      source: 'table',
      text: textCell ? toString(textCell).trim() : '',
      textRange: textCell ? rangeOf(textCell) : rangeOf(row),
      owner: located(ownerCol),
      due: located(dueCol),
      state: status ? (DONE.test(toString(status).trim()) ? 'done' : 'open') : undefined,
    });
  }
}

/**
 * Follow-ups under a label line instead of a heading: "follow-ups:" (or "**Action items:**", "*todo*") as a paragraph
 * followed by a list, as the lead of a list item with a nested list, or with Slack-style "•" lines under it in the same
 * paragraph. Any depth of lists; `chunks.ts` parses every chunk with such a line and the next (`ACTION_LABEL_LINE`).
 */
function labelledActions(children: readonly Nodes[], source: string, out: ActionItem[]): void {
  children.forEach((node, i) => {
    if (node.type === 'paragraph') {
      const r = rangeOf(node);
      const first = /^[^\r\n]*/.exec(source.slice(r.start, r.end))![0];
      if (!ACTION_LABEL_LINE.test(first)) return;
      const next = children[i + 1];
      if (first.length === r.end - r.start) {
        if (next?.type === 'list') listActions(next, source, out);
      } else bulletActions(source, { start: r.start + first.length, end: r.end }, out);
    } else if (node.type === 'list') {
      for (const item of node.children) labelledActions(item.children, source, out);
    }
  });
}

/** Lines of `range` that open with a "•" (or "◦", "▪", "‣"): one action item each, the bullet left out. */
function bulletActions(source: string, range: TextRange, out: ActionItem[]): void {
  const re = /^[ \t]*[•◦▪‣][ \t]+([^\r\n]*)/gm;
  const slice = source.slice(range.start, range.end);
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const text = m[1]!.trimEnd();
    if (!/\w/.test(text)) continue;
    const start = range.start + m.index + m[0].indexOf(text, m[0].search(/[•◦▪‣]/) + 1);
    const textRange = { start, end: start + text.length };
    out.push({
      range: { start: range.start + m.index, end: textRange.end },
      source: 'list',
      text,
      textRange,
      owner: OWNER_PATTERNS.map((p) => locatedIn(source, textRange, p)).find((l) => l !== undefined),
      due: locatedIn(source, textRange, DUE_PATTERN),
      state: undefined,
    });
  }
}

function collectActionItems(tree: Root, range: TextRange, source: string, out: ActionItem[]): void {
  for (const list of nodesIn(tree, range, isList)) listActions(list, source, out);
  for (const table of nodesIn(tree, range, isTable)) tableActions(table, source, out);
}
