/** A failure class, or a service with the same moved variable, that earlier postmortems already had. */
import { frontmatterRange } from './_ai-signals.js';
import { defineRule } from './rule.js';
import {
  CATCH_ALL_CLASSES,
  label,
  type Anchor,
  type RecurrenceRecord,
  type SixVariable,
} from '../repository/record.js';
import type { RelatedLocation, TextRange } from '../types.js';
import type { PostmortemDocument } from '../document/parse.js';
import { compareRecords, type RepositoryIndex } from '../repository/repository.js';
import type { Report } from './rule.js';

/** Earlier postmortems named in a message before "and N more"; related locations list them all (up to `MAX_RELATED`). */
const NAMED = 4;
const MAX_RELATED = 50;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function at(record: RecurrenceRecord, anchor: Anchor, message: string): RelatedLocation {
  return {
    path: record.path,
    range: anchor.range,
    position: { start: anchor.start, end: anchor.end },
    message,
  };
}

const openCounts = new WeakMap<RecurrenceRecord, number>();

/** How many action items of `records` are open. */
function openCount(records: readonly RecurrenceRecord[]): number {
  let total = 0;
  for (const r of records) {
    let n = openCounts.get(r);
    if (n === undefined) {
      n = r.actionItems.filter((i) => i.state === 'open').length;
      openCounts.set(r, n);
    }
    total += n;
  }
  return total;
}

/**
 * The related locations of a finding: the earlier postmortems, newest first, then their open action items, newest
 * postmortem first; `MAX_RELATED` in all. Built only as far as they are kept: in a repository of thousands, a class
 * recurs in hundreds of postmortems, and building every location for every file made the run quadratic.
 */
function relatedOf(
  earlier: readonly RecurrenceRecord[],
  locate: (r: RecurrenceRecord) => RelatedLocation,
): RelatedLocation[] {
  const out = earlier.slice(-MAX_RELATED).reverse().map(locate);
  for (let k = earlier.length - 1; k >= 0 && out.length < MAX_RELATED; k--) {
    const r = earlier[k]!;
    for (const i of r.actionItems) {
      if (out.length >= MAX_RELATED) break;
      if (i.state === 'open')
        out.push(
          at(
            r,
            i.anchor,
            `Still open in ${label(r)}: ${i.text.length > 100 ? `${i.text.slice(0, 97)}…` : i.text}`,
          ),
        );
    }
  }
  return out;
}

function openSuffix(open: number, earlier: number): string {
  return open === 0
    ? ''
    : `; ${plural(open, 'action item')} from ${earlier === 1 ? 'it' : 'them'} ${open === 1 ? 'is' : 'are'} still open`;
}

/**
 * Where `recurrence` puts its findings in a document: the opening fence, and the value of each
 * `failure_classes` entry by its index in `PostmortemRecord.failureClasses`. Plain data, so a
 * shell can compute it next to the record (in a worker) and the findings later from records alone.
 */
export interface RecurrencePlaces {
  readonly fence: TextRange;
  readonly hasFrontmatter: boolean;
  readonly classRanges: ReadonlyArray<TextRange | undefined>;
}

export function recurrencePlaces(document: PostmortemDocument, self: RecurrenceRecord): RecurrencePlaces {
  return {
    fence: document.frontmatter?.openingFence ?? { start: 0, end: 0 },
    hasFrontmatter: document.frontmatter !== undefined,
    classRanges: self.failureClasses.map((_, i) => frontmatterRange(document, 'failure_classes', i)),
  };
}

/**
 * The earlier postmortems a finding names: how many, their open action items, and the newest `MAX_RELATED` of them
 * (oldest first), which is all that the message (`names`) and the related locations (`relatedOf`) read.
 */
interface Earlier {
  readonly count: number;
  readonly open: number;
  readonly tail: readonly RecurrenceRecord[];
}

function earlierOf(records: readonly RecurrenceRecord[]): Earlier {
  return { count: records.length, open: openCount(records), tail: records.slice(-MAX_RELATED) };
}

function namesOf(earlier: Earlier): string {
  const shown = earlier.tail
    .slice(-NAMED)
    .reverse()
    .map((r) => `${label(r)} (${r.date ?? 'undated'})`);
  return earlier.count > NAMED ? `${shown.join(', ')} and ${earlier.count - NAMED} more` : shown.join(', ');
}

/** The earlier postmortems of one class, and of each service with one moved variable (with the services they share). */
interface Selection {
  byClass(root: string): Earlier;
  byVariable(variable: SixVariable): {
    readonly earlier: Earlier;
    readonly services: readonly string[];
    readonly servicesOf: (r: RecurrenceRecord) => readonly string[];
  };
}

/** As the rule was first written: every earlier record of every group, filtered and sorted for each postmortem. */
function plainSelection(
  self: RecurrenceRecord,
  repository: RepositoryIndex<RecurrenceRecord>,
  path: string | undefined,
  date: string,
): Selection {
  const notSelf = (r: RecurrenceRecord) => r.path !== path && (self.id === undefined || r.id !== self.id);
  return {
    byClass: (root) => earlierOf(repository.earlier(repository.withClass(root), date, path).filter(notSelf)),
    byVariable: (variable) => {
      const byRecord = new Map<RecurrenceRecord, string[]>();
      for (const service of self.services) {
        for (const r of repository
          .earlier(repository.withServiceAndMoved(service, variable), date, path)
          .filter(notSelf)) {
          byRecord.set(r, [...(byRecord.get(r) ?? []), service]);
        }
      }
      const earlier = [...byRecord.keys()].sort((a, b) =>
        a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : a.path < b.path ? -1 : 1,
      );
      return {
        earlier: earlierOf(earlier),
        services: [...new Set([...byRecord.values()].flat())],
        servicesOf: (r) => byRecord.get(r)!,
      };
    },
  };
}

/** How many records of `list` (sorted as the index sorts: by date, undated last) are dated strictly before `date`. */
function countBefore(list: readonly RecurrenceRecord[], date: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const d = list[mid]!.date;
    if (d !== undefined && d < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const openPrefixes = new WeakMap<readonly RecurrenceRecord[], Float64Array>();

/** `at(k)`: open action items of the first `k` records of `list`. */
function openPrefix(list: readonly RecurrenceRecord[]): Float64Array {
  let sums = openPrefixes.get(list);
  if (!sums) {
    sums = new Float64Array(list.length + 1);
    for (let k = 0; k < list.length; k++) sums[k + 1] = sums[k]! + openCount([list[k]!]);
    openPrefixes.set(list, sums);
  }
  return sums;
}

/**
 * The records of the services `services` in which `variable` moved, for every postmortem of those services: `union`
 * in the index's order, and for the message's service order, the order the plain selection meets them in (`groups[i]`:
 * the records of the i-th service that no service before it has; `first[i][j]`: where in it the j-th service shows).
 */
interface ServiceUnion {
  readonly union: readonly RecurrenceRecord[];
  readonly groups: ReadonlyArray<readonly RecurrenceRecord[]>;
  readonly first: ReadonlyArray<readonly number[]>;
}

const UNIONS_LIMIT = 512;
const MAX_UNION_SERVICES = 32;
const unionsOf = new WeakMap<RepositoryIndex<RecurrenceRecord>, Map<string, ServiceUnion | null>>();

/** `null` when a record appears twice in one list (a record not made by `recordRecurrence`): the plain selection then. */
function serviceUnion(
  repository: RepositoryIndex<RecurrenceRecord>,
  services: readonly string[],
  variable: SixVariable,
): ServiceUnion | null {
  let unions = unionsOf.get(repository);
  if (!unions) unionsOf.set(repository, (unions = new Map()));
  const key = JSON.stringify([variable, ...services]);
  let hit = unions.get(key);
  if (hit !== undefined) return hit;
  const seen = new Set<RecurrenceRecord>();
  const groups: RecurrenceRecord[][] = [];
  let twice = false;
  for (const [i, service] of services.entries()) {
    const list = repository.withServiceAndMoved(service, variable);
    if (new Set(list).size !== list.length) twice = true;
    groups.push(list.filter((r) => !services.slice(0, i).some((s) => r.services.includes(s))));
    for (const r of list) seen.add(r);
  }
  const first = groups.map((group) =>
    services.map((s) => {
      const k = group.findIndex((r) => r.services.includes(s));
      return k < 0 ? Infinity : k;
    }),
  );
  hit = twice ? null : { union: [...seen].sort(compareRecords), groups, first };
  if (unions.size >= UNIONS_LIMIT) unions.delete(unions.keys().next().value as string);
  unions.set(key, hit);
  return hit;
}

/**
 * The same selection from the index's sorted lists: a binary search for the records dated before this postmortem,
 * prefix sums for their open items, and only the newest `MAX_RELATED` read. A postmortem of thousands thus costs a
 * few lookups, not a pass over every record of its class (quadratic over a repository). Undefined (use the plain
 * selection) where the shortcut's assumptions fail: paths that repeat, or an earlier record with this one's `id`.
 */
function indexedSelection(
  self: RecurrenceRecord,
  repository: RepositoryIndex<RecurrenceRecord>,
  path: string | undefined,
  date: string,
): Selection | undefined {
  if (!repository.pathsUnique || new Set(self.services).size !== self.services.length) return undefined;
  // The message's service order costs services × services per variable: a postmortem listing hundreds is filtered plainly.
  const fewServices = self.services.length <= MAX_UNION_SERVICES;
  // The records the plain selection leaves out: this path and this id. Only this one (dated `date`, never before it) is allowed.
  const left = [
    ...(path === undefined ? [] : [repository.byPath(path)]),
    ...(self.id === undefined ? [] : repository.byId(self.id)),
  ];
  if (left.some((r) => r !== undefined && r.date !== undefined && r.date < date)) return undefined;
  const plain = plainSelection(self, repository, path, date);
  const tailOf = (list: readonly RecurrenceRecord[], count: number): Earlier => ({
    count,
    open: openPrefix(list)[count]!,
    tail: list.slice(Math.max(0, count - MAX_RELATED), count),
  });
  return {
    byClass: (root) => {
      const list = repository.withClass(root);
      return tailOf(list, countBefore(list, date));
    },
    byVariable: (variable) => {
      const u = fewServices ? serviceUnion(repository, self.services, variable) : null;
      if (!u) return plain.byVariable(variable);
      const earlier = tailOf(u.union, countBefore(u.union, date));
      // The services in the order the plain selection first meets them: group by group, then by place in the group.
      const services: string[] = [];
      const placed = new Set<number>();
      u.groups.forEach((group, i) => {
        const before = countBefore(group, date);
        const here = self.services.map((_, j) => j).filter((j) => !placed.has(j) && u.first[i]![j]! < before);
        here.sort((a, b) => u.first[i]![a]! - u.first[i]![b]! || a - b);
        for (const j of here) {
          placed.add(j);
          services.push(self.services[j]!);
        }
      });
      return { earlier, services, servicesOf: (r) => self.services.filter((s) => r.services.includes(s)) };
    },
  };
}

/**
 * The rule's reports for one postmortem, from its record, its places and the index: no document needed. `plain`: select
 * the earlier postmortems by filtering every group (tests compare it with the indexed selection).
 */
export function recurrenceReports(
  self: RecurrenceRecord,
  repository: RepositoryIndex<RecurrenceRecord>,
  path: string | undefined,
  places: RecurrencePlaces,
  plain = false,
): Report[] {
  const reports: Report[] = [];
  if (repository.size === 0 || self.date === undefined) return reports;
  const date = self.date;
  const select =
    (plain ? undefined : indexedSelection(self, repository, path, date)) ??
    plainSelection(self, repository, path, date);
  const fence = places.fence;

  for (const root of self.classRoots) {
    if (CATCH_ALL_CLASSES.has(root)) continue;
    const earlier = select.byClass(root);
    if (earlier.count === 0) continue;
    const index = self.failureClasses.findIndex((c) => c.split('/')[0] === root);
    const range: TextRange = places.classRanges[index] ?? fence;
    const { open } = earlier;
    const related = relatedOf(earlier.tail, (r) => {
      const i = r.failureClasses.findIndex((c) => c.split('/')[0] === root);
      return at(
        r,
        r.classAnchors[i] ?? r.anchors['failure_classes'] ?? r.anchors['fence']!,
        `${label(r)} (${r.date}): \`${r.failureClasses[i] ?? root}\`, ${r.title}`,
      );
    });
    reports.push({
      range,
      message: `Failure class \`${root}\` recurs: also in ${plural(earlier.count, 'earlier postmortem')}, ${namesOf(earlier)}${openSuffix(open, earlier.count)}`,
      related,
      ...(open > 0 ? { escalate: true } : {}),
    });
  }

  for (const variable of self.movedVariables) {
    const { earlier, services, servicesOf } = select.byVariable(variable);
    if (earlier.count === 0) continue;
    const key = self.movedSource === 'declared' ? 'moved_variables' : variable;
    const range = (places.hasFrontmatter ? self.anchors[key]?.range : undefined) ?? fence;
    const { open } = earlier;
    const related = relatedOf(earlier.tail, (r) =>
      at(
        r,
        r.anchors[r.movedSource === 'declared' ? 'moved_variables' : variable] ??
          r.anchors['services'] ??
          r.anchors['fence']!,
        `${label(r)} (${r.date}): \`${variable}\` moved on ${servicesOf(r)
          .map((s) => `\`${s}\``)
          .join(', ')}, ${r.title}`,
      ),
    );
    const where = services.map((s) => `\`${s}\``).join(', ');
    reports.push({
      range,
      message: `\`${variable}\` moved again on ${where}: it also moved in ${plural(earlier.count, 'earlier postmortem')} of ${services.length === 1 ? 'that service' : 'those services'}, ${namesOf(earlier)}${openSuffix(open, earlier.count)}`,
      // Only a class recurring over open action items escalates: a service's variable moves for many reasons.
      related,
    });
  }
  return reports;
}

export default defineRule({
  id: 'recurrence',
  meta: {
    summary:
      'Say when a failure class, or a service with the same moved variable, already appeared in earlier postmortems',
    defaultSeverity: 'info',
    category: 'ai',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'A failure class seen in an earlier postmortem is listed, with its place as a related location',
        input:
          '---\nid: PM-2026-014\ntitle: Refund agent skipped approval again\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\nservices: [support-agent]\nfailure_classes:\n  - excessive-agency/missing-approval-gate\n---\n\n# Refund agent skipped approval again\n',
        repository: {
          'pm-2025-031.postmortem.md':
            '---\nid: PM-2025-031\ntitle: Refund agent refunded delivered orders\ndate: 2025-11-02\nseverity: SEV2\nstatus: published\nservices: [refund-api]\nfailure_classes: [excessive-agency, tool-misuse]\n---\n\n# Refunds\n\n## Action items\n\n- [x] Add an approval gate to issue_refund (owner: @dana)\n',
        },
        output: [
          '9:5-9:43 info Failure class `excessive-agency` recurs: also in 1 earlier postmortem, PM-2025-031 (2025-11-02)  recurrence',
        ],
      },
      {
        name: 'An open action item in the earlier postmortem makes it a warning',
        input:
          '---\nid: PM-2026-014\ntitle: Refund agent skipped approval again\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\nfailure_classes: [excessive-agency/missing-approval-gate]\n---\n\n# Refund agent skipped approval again\n',
        repository: {
          'pm-2025-031.postmortem.md':
            '---\nid: PM-2025-031\ntitle: Refund agent refunded delivered orders\ndate: 2025-11-02\nseverity: SEV2\nstatus: published\nfailure_classes: [excessive-agency]\n---\n\n# Refunds\n\n## Action items\n\n- [ ] Add an approval gate to issue_refund (owner: @dana)\n',
        },
        output: [
          '7:19-7:57 warning Failure class `excessive-agency` recurs: also in 1 earlier postmortem, PM-2025-031 (2025-11-02); 1 action item from it is still open  recurrence',
        ],
      },
      {
        name: 'The same service with the same moved variable is listed',
        input:
          '---\nid: PM-2026-020\ntitle: Router served the small model\ndate: 2026-04-02\nseverity: SEV3\nstatus: draft\nservices: [model-router]\nmodel_slice:\n  - requested_model: gpt-4.1\n    served_model: gpt-4.1-mini\n---\n\n# Router served the small model\n',
        repository: {
          'pm-2026-003.postmortem.md':
            '---\nid: PM-2026-003\ntitle: EU tenants got the fallback model\ndate: 2026-01-20\nseverity: SEV3\nstatus: closed\nservices: [model-router, gateway]\nmoved_variables: [model_slice]\n---\n\n# Fallback\n',
        },
        output: [
          '8:1-8:12 info `model_slice` moved again on `model-router`: it also moved in 1 earlier postmortem of that service, PM-2026-003 (2026-01-20)  recurrence',
        ],
      },
      {
        name: 'A later postmortem of the same class is not history',
        input:
          '---\nid: PM-2025-031\ntitle: Refund agent refunded delivered orders\ndate: 2025-11-02\nseverity: SEV2\nstatus: published\nfailure_classes: [excessive-agency]\n---\n\n# Refunds\n',
        repository: {
          'pm-2026-014.postmortem.md':
            '---\nid: PM-2026-014\ntitle: Again\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\nfailure_classes: [excessive-agency]\n---\n\n# Again\n',
        },
        output: [],
      },
      {
        name: 'Without a repository index the rule is silent',
        input:
          '---\ntitle: Refund agent skipped approval again\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\nfailure_classes: [excessive-agency]\n---\n\n# Again\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  across: {
    prepare: ({ document, record }): RecurrencePrepared => {
      const self = record();
      return { self, places: recurrencePlaces(document, self) };
    },
    check({ prepared, repository, path, fastPaths, report }) {
      const { self, places } = prepared as RecurrencePrepared;
      if (repository.size === 0) return;
      for (const r of recurrenceReports(self, repository, path, places, !fastPaths)) report(r);
    },
  },
});

/** What `recurrence` takes of a document in the first phase: its record and where its findings go. */
interface RecurrencePrepared {
  readonly self: RecurrenceRecord;
  readonly places: RecurrencePlaces;
}
