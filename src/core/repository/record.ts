/**
 * One postmortem as the repository index sees it: plain data (JSON-serialisable, so a shell can
 * post it to a worker thread or cache it), computed from the same `PostmortemDocument` the rules
 * read.
 */
import type { PostmortemDocument } from '../document/parse.js';
import { LineIndex, type Position } from '../document/line-index.js';
import { aiSignals, frontmatterRange, SIX_VARIABLES, type SixVariable } from '../rules/_ai-signals.js';
import type { PhraseLists } from '../rules/phrases.js';
import type { TextRange } from '../types.js';

export { SIX_VARIABLES, type SixVariable };

/** A place in a postmortem, with its 1-based positions for shells that do not hold that file's text. */
export interface Anchor {
  readonly range: TextRange;
  readonly start: Position;
  readonly end: Position;
}

/**
 * What the root cause says: `inference-aware` when it (or the contributing factors, or a filled
 * agent-decision section) speaks of what a model inferred; `deterministic-only` when a root cause
 * is written without that; `missing` when the document has no root cause at all.
 */
export type RootCauseKind = 'inference-aware' | 'deterministic-only' | 'missing';

/**
 * An action item's state: `done` when checked or marked done, or when the postmortem's `status`
 * is `closed` (the schema says closed means every action item is done); `open` when it is an
 * unchecked task-list item or has an open status cell; `unknown` for a plain bullet.
 */
export type ActionItemState = 'open' | 'done' | 'unknown';

export interface ActionItemRecord {
  readonly text: string;
  readonly owner: string | undefined;
  readonly due: string | undefined;
  readonly state: ActionItemState;
  readonly anchor: Anchor;
}

export interface VariableState {
  /** The frontmatter records it (a non-empty value). */
  readonly recorded: boolean;
  /** It moved before or during the incident (see `movedVariables`). */
  readonly moved: boolean;
}

export interface PostmortemRecord {
  /** As the shell named the file (the CLI: an absolute POSIX path). */
  readonly path: string;
  readonly id: string | undefined;
  /** `title`, else the first heading, else the file name. */
  readonly title: string;
  /** `YYYY-MM-DD` (the day of `date`), `undefined` when missing or malformed. */
  readonly date: string | undefined;
  readonly status: string | undefined;
  readonly severity: string | undefined;
  readonly services: readonly string[];
  /** `failure_classes` as written (lower-cased), the causal chain root first. */
  readonly failureClasses: readonly string[];
  /** The class of each chain entry without its `/subclass`, each once, in chain order. */
  readonly classRoots: readonly string[];
  readonly variables: Readonly<Record<SixVariable, VariableState>>;
  /** The variables that moved, in the order of `SIX_VARIABLES`. */
  readonly movedVariables: readonly SixVariable[];
  /** `declared`: from the `moved_variables` key; `inferred`: from the rules in `movedBy`. */
  readonly movedSource: 'declared' | 'inferred';
  readonly aiInvolved: boolean;
  /** Agent or model decisions the document records (frontmatter, timeline, prose). */
  readonly agentDecisions: number;
  readonly rootCause: RootCauseKind;
  readonly actionItems: readonly ActionItemRecord[];
  /** Where the frontmatter keys are: `failure_classes`, `services`, the six variables, `moved_variables`; `fence` when there is no frontmatter key to point at. */
  readonly anchors: Readonly<Record<string, Anchor>>;
  /** One anchor per `failure_classes` entry (same order as `failureClasses`). */
  readonly classAnchors: readonly Anchor[];
}

/**
 * Classes that say "nothing fits" (`other`): two of them are not the same failure, so they never
 * count as recurring; they are still counted by class.
 */
export const CATCH_ALL_CLASSES: ReadonlySet<string> = new Set(['other']);

/** A timestamp this many days before the incident day (or on it) counts as a change that moved the variable. */
export const MOVE_WINDOW_DAYS = 7;

const DAY = 86_400_000;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function objects(value: unknown): Array<Record<string, unknown>> {
  return list(value).filter(
    (v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v),
  );
}

function nonEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** The day of a `date` value (`2026-03-14` or an RFC 3339 date-time), or `undefined`. */
export function dayOf(value: unknown): string | undefined {
  const raw =
    value instanceof Date ? (Number.isNaN(value.getTime()) ? undefined : value.toISOString()) : text(value);
  const m = raw === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})(?:$|[Tt ])/.exec(raw);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === m[0].slice(0, 10) ? m[0].slice(0, 10) : undefined;
}

/** Milliseconds of an RFC 3339 timestamp, or `undefined`. */
function instant(value: unknown): number | undefined {
  const raw = value instanceof Date ? value.toISOString() : text(value);
  if (raw === undefined || !/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/.test(raw)) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether `value` is a timestamp in the move window of the incident day (any timestamp when the day is unknown). */
function inWindow(value: unknown, day: string | undefined): boolean {
  const at = instant(value);
  if (at === undefined) return false;
  if (day === undefined) return true;
  const end = Date.parse(`${day}T00:00:00Z`) + DAY;
  return at < end && at >= end - (MOVE_WINDOW_DAYS + 1) * DAY;
}

/** Two entries of the same `name` with different identities (version or hash): a before and an after. */
function twoRevisions(entries: ReadonlyArray<Record<string, unknown>>, fields: readonly string[]): boolean {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const name = text(e['name']);
    const identity = fields.map((f) => text(e[f]) ?? '').join('\u0000');
    if (name === undefined || identity.replace(/\u0000/g, '') === '') continue;
    const before = seen.get(name);
    if (before !== undefined && before !== identity) return true;
    seen.set(name, identity);
  }
  return false;
}

/**
 * When a variable counts as moved, if the frontmatter has no `moved_variables` list. Each reads
 * only the frontmatter, so the answer never depends on wording.
 */
export const movedBy: Readonly<
  Record<
    SixVariable,
    { readonly rule: string; readonly moved: (value: unknown, day: string | undefined) => boolean }
  >
> = {
  prompt_revision: {
    rule: `an entry has \`changed_at\` in the ${MOVE_WINDOW_DAYS} days up to the end of the incident day, or the same prompt \`name\` is listed with two versions or hashes`,
    moved: (v, day) =>
      objects(v).some((e) => inWindow(e['changed_at'], day)) || twoRevisions(objects(v), ['version', 'hash']),
  },
  model_slice: {
    rule: 'an entry has both `requested_model` and `served_model`, and they differ',
    moved: (v) =>
      objects(v).some(
        (e) =>
          text(e['requested_model']) !== undefined &&
          text(e['served_model']) !== undefined &&
          text(e['requested_model']) !== text(e['served_model']),
      ),
  },
  judge: {
    rule: 'an entry has `fired: false` (the judge stayed silent on the bad output)',
    moved: (v) => objects(v).some((e) => e['fired'] === false),
  },
  retrieval_index_state: {
    rule: `an entry has \`last_refresh\` in the ${MOVE_WINDOW_DAYS} days up to the end of the incident day`,
    moved: (v, day) => objects(v).some((e) => inWindow(e['last_refresh'], day)),
  },
  tool_schemas: {
    rule: 'an entry records a `version` or a `schema_hash` (a tool definition pinned by the write-up because it mattered)',
    moved: (v) =>
      objects(v).some((e) => text(e['version']) !== undefined || text(e['schema_hash']) !== undefined),
  },
  traffic_mix: {
    rule: 'a `by_model`, `by_operation` or `by_tenant` share is recorded',
    moved: (v) =>
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      ['by_model', 'by_operation', 'by_tenant'].some((k) => nonEmpty((v as Record<string, unknown>)[k])),
  },
};

function anchor(lines: LineIndex, range: TextRange): Anchor {
  return { range, start: lines.position(range.start), end: lines.position(range.end) };
}

/** The key node's range (the `failure_classes` in `failure_classes: […]`), for a related location that reads well. */
function keyRange(document: PostmortemDocument, key: string): TextRange | undefined {
  const fm = document.frontmatter;
  if (!fm?.doc) return undefined;
  const root = fm.doc.contents as {
    items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } | null }>;
  } | null;
  const pair = root?.items?.find((p) => p.key?.value === key);
  const r = pair?.key?.range;
  return r ? { start: fm.base + r[0], end: fm.base + r[1] } : undefined;
}

function firstHeading(document: PostmortemDocument): string | undefined {
  const h = document.sections.find((s) => s.depth === 1) ?? document.sections[0];
  return h?.title.trim() || undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * What the `recurrence` rule reads of another postmortem: a record without the AI signals (whether an AI was
 * involved, its decisions, the root-cause kind), which cost a rule pass over the whole text. `lint` indexes the
 * postmortems it is not linting this way; the report and the editor's view use whole records.
 */
export type RecurrenceRecord = Omit<PostmortemRecord, 'aiInvolved' | 'agentDecisions' | 'rootCause'>;

/** Index one parsed postmortem for `recurrence` only (see `RecurrenceRecord`). Never throws. */
export function recordRecurrence(path: string, document: PostmortemDocument): RecurrenceRecord {
  const data = document.frontmatter?.data ?? {};
  const lines = document.lines;
  const day = dayOf(data['date']);
  const fence = document.frontmatter?.openingFence ?? { start: 0, end: 0 };

  const failureClasses: string[] = [];
  const classAnchors: Anchor[] = [];
  list(data['failure_classes']).forEach((value, i) => {
    const c = text(value)?.toLowerCase();
    if (c === undefined) return;
    failureClasses.push(c);
    classAnchors.push(anchor(lines, frontmatterRange(document, 'failure_classes', i) ?? fence));
  });
  const classRoots = [...new Set(failureClasses.map((c) => c.split('/')[0]!).filter((c) => c !== ''))];
  const services = [...new Set(list(data['services']).flatMap((s) => text(s) ?? []))];

  const declared = Array.isArray(data['moved_variables'])
    ? new Set(data['moved_variables'].filter((v): v is string => typeof v === 'string'))
    : undefined;
  const variables = {} as Record<SixVariable, VariableState>;
  for (const v of SIX_VARIABLES) {
    const value = data[v];
    variables[v] = {
      recorded: nonEmpty(value),
      moved: declared ? declared.has(v) : nonEmpty(value) && movedBy[v].moved(value, day),
    };
  }

  const anchors: Record<string, Anchor> = { fence: anchor(lines, fence) };
  for (const key of ['failure_classes', 'services', 'moved_variables', ...SIX_VARIABLES]) {
    const r = keyRange(document, key);
    if (r) anchors[key] = anchor(lines, r);
  }

  const closed = data['status'] === 'closed';
  const actionItems: ActionItemRecord[] = document.actionItems.map((item) => ({
    // The owner and due date have their own fields: drop a trailing "(owner: …, due: …)".
    text: item.text
      .replace(/\s+/g, ' ')
      .replace(/\s*\([^()]*\b(?:owners?|assignee|due|deadline)\b[^()]*\)\s*$/i, '')
      .trim(),
    owner: item.owner?.value,
    due: item.due?.value,
    state: closed || item.state === 'done' ? 'done' : item.state === 'open' ? 'open' : 'unknown',
    anchor: anchor(lines, item.range),
  }));

  return {
    path,
    id: text(data['id']),
    title: text(data['title']) ?? firstHeading(document) ?? basename(path),
    date: day,
    status: text(data['status']),
    severity: text(data['severity']),
    services,
    failureClasses,
    classRoots,
    variables,
    movedVariables: SIX_VARIABLES.filter((v) => variables[v].moved),
    movedSource: declared ? 'declared' : 'inferred',
    actionItems,
    anchors,
    classAnchors,
  };
}

/**
 * The document as its rendered page reads: every HTML comment (the template's guidance, a note to
 * reviewers) blanked to spaces, line breaks and so every offset kept.
 */
function withoutComments(document: PostmortemDocument): PostmortemDocument {
  const { text } = document;
  const parts: string[] = [];
  let at = 0;
  for (const { range } of document.comments) {
    if (range.start < at) continue;
    parts.push(text.slice(at, range.start), text.slice(range.start, range.end).replace(/[^\r\n]/g, ' '));
    at = range.end;
  }
  parts.push(text.slice(at));
  return { ...document, text: parts.join('') };
}

/** Index one parsed postmortem. Never throws; odd frontmatter values are skipped. */
export function recordPostmortem(
  path: string,
  document: PostmortemDocument,
  phrases: PhraseLists,
): PostmortemRecord {
  const signals = aiSignals(document, phrases);
  // What the root cause says is read without comments, so guidance left in a template is not a root
  // cause. Only a document with comments other than suppression directives pays for a second read.
  const prose = document.comments.some((c) => !/^postmortem-/.test(c.body))
    ? aiSignals(withoutComments(document), phrases)
    : signals;
  const rootCause: RootCauseKind = prose.inferenceAware
    ? 'inference-aware'
    : prose.rootCause.some((b) => /\w/.test(b.text))
      ? 'deterministic-only'
      : 'missing';
  return {
    ...recordRecurrence(path, document),
    aiInvolved: signals.involved,
    agentDecisions: signals.decisions.length,
    rootCause,
  };
}

/** How a record names itself in messages: its `id`, else its file name. */
export function label(record: RecurrenceRecord): string {
  return record.id ?? basename(record.path);
}
