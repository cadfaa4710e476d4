/**
 * What `postmortem report` says about a repository, as data: counts by failure class, service,
 * moved variable and month, root-cause kinds, open action items by age, and what recurs. The
 * three renderers (`report-json.ts`, `report-md.ts`, `report-html.ts`) only present this.
 */
import {
  CATCH_ALL_CLASSES,
  label,
  SIX_VARIABLES,
  type PostmortemRecord,
  type RootCauseKind,
  type SixVariable,
} from './record.js';
import type { RepositoryIndex } from './repository.js';

/** Bumped when a field of the JSON report changes meaning or disappears. */
export const REPORT_VERSION = 1;

export interface PostmortemRef {
  readonly id: string;
  readonly path: string;
  readonly title: string;
  readonly date: string | undefined;
}

export interface ClassCount {
  readonly class: string;
  readonly count: number;
  /** Subclasses written under this class (`tool-misuse/wrong-arguments` → `wrong-arguments`), by count. */
  readonly subclasses: ReadonlyArray<{ readonly name: string; readonly count: number }>;
}

export interface AgeBucket {
  readonly label: string;
  /** Inclusive lower bound in days; `max` exclusive (`undefined`: no upper bound). */
  readonly min: number;
  readonly max: number | undefined;
  readonly count: number;
}

export interface OpenItemRow {
  readonly postmortem: PostmortemRef;
  readonly text: string;
  readonly owner: string | undefined;
  readonly due: string | undefined;
  readonly ageDays: number | undefined;
  /** Whether `due` is a date before `asOf`. */
  readonly overdue: boolean;
}

export interface Recurrence {
  readonly class: string;
  /** Oldest first. */
  readonly postmortems: readonly PostmortemRef[];
  /** Open action items across those postmortems. */
  readonly openItems: number;
}

export interface ServiceVariableRecurrence {
  readonly service: string;
  readonly variable: SixVariable;
  readonly postmortems: readonly PostmortemRef[];
}

export type RootCauseCounts = Readonly<Record<RootCauseKind, number>>;

export interface RepositorySummary {
  readonly version: number;
  /** The day ages are counted to (`YYYY-MM-DD`). */
  readonly asOf: string;
  readonly postmortems: number;
  readonly aiInvolved: number;
  readonly first: string | undefined;
  readonly last: string | undefined;
  readonly undated: number;
  readonly byClass: readonly ClassCount[];
  /** Postmortems with no `failure_classes`. */
  readonly unclassified: number;
  readonly byService: ReadonlyArray<{ readonly service: string; readonly count: number }>;
  /** All six, in their fixed order: in how many postmortems each moved, and in how many it is recorded at all. */
  readonly byVariable: ReadonlyArray<{
    readonly variable: SixVariable;
    readonly moved: number;
    readonly recorded: number;
  }>;
  /** Every month from the first to the last postmortem, empty months included. */
  readonly byMonth: ReadonlyArray<{ readonly month: string; readonly count: number; readonly ai: number }>;
  readonly rootCause: { readonly all: RootCauseCounts; readonly ai: RootCauseCounts };
  readonly openItems: {
    readonly total: number;
    readonly overdue: number;
    /** Open items of postmortems that have a recurring class (each item once). */
    readonly onRecurring: number;
    readonly byAge: readonly AgeBucket[];
    readonly oldest: readonly OpenItemRow[];
  };
  /** Classes in two postmortems or more (not the catch-all `other`), most frequent first. */
  readonly recurring: readonly Recurrence[];
  /** A service with the same moved variable in two postmortems or more. */
  readonly recurringServiceVariables: readonly ServiceVariableRecurrence[];
}

export interface SummaryOptions {
  /** `YYYY-MM-DD`; ages and overdue items are counted to this day. */
  readonly asOf: string;
  /** How many of the oldest open action items to list. */
  readonly oldest?: number;
}

const AGE_BUCKETS: ReadonlyArray<Omit<AgeBucket, 'count'>> = [
  { label: 'under 30 days', min: 0, max: 30 },
  { label: '30 to 89 days', min: 30, max: 90 },
  { label: '90 to 179 days', min: 90, max: 180 },
  { label: '180 to 364 days', min: 180, max: 365 },
  { label: 'a year or more', min: 365, max: undefined },
];

function ref(r: PostmortemRecord): PostmortemRef {
  return { id: label(r), path: r.path, title: r.title, date: r.date };
}

function byCount<T extends { count: number }>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

function kinds(records: readonly PostmortemRecord[]): RootCauseCounts {
  const out: Record<RootCauseKind, number> = { 'inference-aware': 0, 'deterministic-only': 0, missing: 0 };
  for (const r of records) out[r.rootCause]++;
  return out;
}

function months(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
  const end = last.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= end) break;
    m++;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** A due cell counts as a date only when it starts with `YYYY-MM-DD`. */
function overdue(due: string | undefined, asOf: string): boolean {
  const m = due === undefined ? null : /^\d{4}-\d{2}-\d{2}/.exec(due.trim());
  return m !== null && m[0] < asOf;
}

export function summarizeRepository(index: RepositoryIndex, options: SummaryOptions): RepositorySummary {
  const { records } = index;
  const dated = records.filter((r) => r.date !== undefined);
  const first = dated[0]?.date;
  const last = dated[dated.length - 1]?.date;

  const classes = new Map<string, { count: number; subs: Map<string, number> }>();
  for (const r of records) {
    for (const root of r.classRoots) {
      const entry = classes.get(root) ?? { count: 0, subs: new Map<string, number>() };
      entry.count++;
      const subs = new Set(
        r.failureClasses.filter((c) => c.startsWith(`${root}/`)).map((c) => c.slice(root.length + 1)),
      );
      for (const s of subs) entry.subs.set(s, (entry.subs.get(s) ?? 0) + 1);
      classes.set(root, entry);
    }
  }
  const byClass = [...classes]
    .map(([c, e]) => ({
      class: c,
      count: e.count,
      subclasses: [...e.subs].map(([name, count]) => ({ name, count })).sort(byCount((s) => s.name)),
    }))
    .sort(byCount((c) => c.class));

  const byService = index
    .services()
    .map((service) => ({ service, count: index.withService(service).length }))
    .sort(byCount((s) => s.service));

  const byVariable = SIX_VARIABLES.map((variable) => ({
    variable,
    moved: records.filter((r) => r.variables[variable].moved).length,
    recorded: records.filter((r) => r.variables[variable].recorded).length,
  }));

  const byMonth =
    first === undefined || last === undefined
      ? []
      : months(first, last).map((month) => {
          const inMonth = dated.filter((r) => r.date!.startsWith(month));
          return { month, count: inMonth.length, ai: inMonth.filter((r) => r.aiInvolved).length };
        });

  const open = index.openItems(options.asOf);
  const byAge = AGE_BUCKETS.map((b) => ({
    ...b,
    count: open.filter(
      (o) => o.ageDays !== undefined && o.ageDays >= b.min && (b.max === undefined || o.ageDays < b.max),
    ).length,
  }));
  const oldest = open.slice(0, options.oldest ?? 10).map((o) => ({
    postmortem: ref(o.record),
    text: o.item.text,
    owner: o.item.owner,
    due: o.item.due,
    ageDays: o.ageDays,
    overdue: overdue(o.item.due, options.asOf),
  }));

  const recurring = byClass
    .filter((c) => c.count >= 2 && !CATCH_ALL_CLASSES.has(c.class))
    .map((c) => {
      const rs = index.withClass(c.class);
      return {
        class: c.class,
        postmortems: rs.map(ref),
        openItems: rs.reduce((n, r) => n + r.actionItems.filter((i) => i.state === 'open').length, 0),
      };
    });

  const recurringClasses = new Set(recurring.map((r) => r.class));
  const recurringServiceVariables: ServiceVariableRecurrence[] = [];
  for (const service of index.services()) {
    for (const variable of SIX_VARIABLES) {
      const rs = index.withServiceAndMoved(service, variable);
      if (rs.length >= 2) recurringServiceVariables.push({ service, variable, postmortems: rs.map(ref) });
    }
  }
  recurringServiceVariables.sort(
    (a, b) =>
      b.postmortems.length - a.postmortems.length ||
      (a.service < b.service
        ? -1
        : a.service > b.service
          ? 1
          : SIX_VARIABLES.indexOf(a.variable) - SIX_VARIABLES.indexOf(b.variable)),
  );

  const ai = records.filter((r) => r.aiInvolved);
  return {
    version: REPORT_VERSION,
    asOf: options.asOf,
    postmortems: records.length,
    aiInvolved: ai.length,
    first,
    last,
    undated: records.length - dated.length,
    byClass,
    unclassified: records.filter((r) => r.classRoots.length === 0).length,
    byService,
    byVariable,
    byMonth,
    rootCause: { all: kinds(records), ai: kinds(ai) },
    openItems: {
      total: open.length,
      overdue: open.filter((o) => overdue(o.item.due, options.asOf)).length,
      onRecurring: open.filter((o) => o.record.classRoots.some((c) => recurringClasses.has(c))).length,
      byAge,
      oldest,
    },
    recurring,
    recurringServiceVariables,
  };
}
