/** Precision and recall of the rules on the labelled fixtures, shared by `npm run eval:rules` and its tests. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { lint, DEFAULT_CONFIG } from '../src/core/index.js';
import { needsShared, sharedPath } from './shared-folder.js';

/** The rules about AI incidents; the targets apply to them. */
export const AI_RULES = [
  'ai-context',
  'behavior-rate',
  'deterministic-action-items',
  'deterministic-root-cause',
  'fix-the-prompt',
  'fourth-party',
] as const;
/** Every rule the labels cover. */
export const LABELLED_RULES = [...AI_RULES, 'action-item-owner', 'blameless', 'timeline-order'] as const;

export interface RuleScore {
  readonly rule: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  /** Files where the rule fired without a label, or stayed silent with one. */
  readonly falsePositives: readonly string[];
  readonly falseNegatives: readonly string[];
}

/** The rule ids that report at least once on `text`. */
export function firing(text: string): Set<string> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return new Set(lint(body, { config: DEFAULT_CONFIG }).findings.map((f) => f.ruleId));
}

/** A label key naming a third-party document in the shared folder rather than a file of the set's folder. */
export const SHARED_PREFIX = 'shared:';

export interface Evaluation {
  /** False when the set has no `labels.json` (yet): nothing is scored. */
  readonly labelled: boolean;
  /** The labelled documents read and scored. */
  readonly files: number;
  readonly scores: RuleScore[];
  /** Labelled documents of the shared folder left out because it is missing, and the reason. */
  readonly unread: readonly string[];
  readonly unreadReason: string | false;
}

/**
 * Score every labelled rule on the documents listed in `<dir>/labels.json` (keys starting with `$` are comments). A key
 * is a file of `dir`, or `shared:<path>` for a third-party document of the shared folder; with `documents` (a folder of
 * the shared folder), a plain key is a file there instead, so the project keeps only the labels. Documents of a missing
 * shared folder are left out and listed in `unread`; a labelled file that is not there is an error.
 */
export function evaluate(dir: string, options: { readonly documents?: string } = {}): Evaluation {
  const labelsFile = path.join(dir, 'labels.json');
  if (!existsSync(labelsFile))
    return { labelled: false, files: 0, scores: [], unread: [], unreadReason: false };
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, string[] | string>;
  const entries = Object.entries(labels).filter(([file]) => !file.startsWith('$'));
  const sharedOf = (file: string): string | undefined =>
    file.startsWith(SHARED_PREFIX)
      ? file.slice(SHARED_PREFIX.length)
      : options.documents !== undefined
        ? `${options.documents}/${file}`
        : undefined;
  const unread: string[] = [];
  let unreadReason: string | false = false;
  const results = entries.flatMap(([file, expected]) => {
    if (!Array.isArray(expected) || !expected.every((r) => typeof r === 'string'))
      throw new Error(
        `${labelsFile}: \`${file}\` must map to an array of rule ids, got ${JSON.stringify(expected)}`,
      );
    const shared = sharedOf(file);
    if (shared !== undefined) {
      const reason = needsShared(shared);
      if (reason) {
        unread.push(file);
        unreadReason = reason;
        return [];
      }
    }
    const text = readFileSync(shared !== undefined ? sharedPath(shared) : path.join(dir, file), 'utf8');
    return [{ file, expected: new Set(expected), got: firing(text) }];
  });
  const scores = LABELLED_RULES.map((rule) => {
    const fp = results.filter((r) => r.got.has(rule) && !r.expected.has(rule)).map((r) => r.file);
    const fn = results.filter((r) => !r.got.has(rule) && r.expected.has(rule)).map((r) => r.file);
    const tp = results.filter((r) => r.got.has(rule) && r.expected.has(rule)).length;
    return {
      rule,
      tp,
      fp: fp.length,
      fn: fn.length,
      precision: tp + fp.length === 0 ? 1 : tp / (tp + fp.length),
      recall: tp + fn.length === 0 ? 1 : tp / (tp + fn.length),
      falsePositives: fp,
      falseNegatives: fn,
    };
  });
  return { labelled: true, files: results.length, scores, unread, unreadReason };
}

/**
 * The labelled sets: `tuned` is the set the rules were developed against, `heldout` was written blind afterwards (and
 * tuned against since), `heldout2` is a second blind set, written by another author after those fixes, and `heldout3` a
 * third, written blind by yet another author and measured once after the fixes `heldout2` prompted; `heldout4` a fourth,
 * written blind and measured once after the fixes `heldout3` prompted; `heldout5` a fifth, written blind while the
 * fixes `heldout4` prompted were made, and measured once after them; `heldout7` and `heldout8` (20 postmortems each) were written blind from the product's intent alone
 * (`test/fixtures/INTENT.md`), by authors who never saw the rule pages or code, for issue 15; `heldout6` a sixth, likewise after the fixes
 * `heldout5` prompted. `ai-writeups` is real writing: published AI incident write-ups of the shared folder
 * (`corpus/ai-writeups/`), labelled in the project's `test/fixtures/ai-writeups/labels.json`.
 */
export const SETS = {
  tuned: 'test/fixtures/labelled',
  heldout: 'test/fixtures/heldout',
  heldout2: 'test/fixtures/heldout2',
  heldout3: 'test/fixtures/heldout3',
  heldout4: 'test/fixtures/heldout4',
  heldout5: 'test/fixtures/heldout5',
  heldout6: 'test/fixtures/heldout6',
  heldout7: 'test/fixtures/heldout7',
  heldout8: 'test/fixtures/heldout8',
  heldout9: 'test/fixtures/heldout9',
  heldout10: 'test/fixtures/heldout10',
  heldout11: 'test/fixtures/heldout11',
  heldout12: 'test/fixtures/heldout12',
  heldout13: 'test/fixtures/heldout13',
  heldout14: 'test/fixtures/heldout14',
  'ai-writeups': 'test/fixtures/ai-writeups',
} as const;
/** Sets whose documents all live in the shared folder: their labels' plain keys are files of this shared folder. */
export const SHARED_DOCUMENTS: { readonly [set in keyof typeof SETS]?: string } = {
  'ai-writeups': 'corpus/ai-writeups',
};
export type SetName = keyof typeof SETS;

/** `evaluate` on a named set, its documents looked up where the set keeps them. */
export function evaluateSet(set: SetName): Evaluation {
  const documents = SHARED_DOCUMENTS[set];
  return evaluate(SETS[set], documents === undefined ? {} : { documents });
}

/** The real postmortems without AI (third-party), in the shared folder: the AI rules must stay silent on them. */
export const REAL_NON_AI = 'corpus/postmortems/markdown';

/** The summary line of one rule, as its page's `## Measured` prose quotes it: `precision P, recall R (N documents where it must fire`. */
export function figures(s: RuleScore): string {
  return `precision ${s.precision.toFixed(2)}, recall ${s.recall.toFixed(2)} (${s.tp + s.fn} documents where it must fire, ${s.fp} false positives, ${s.fn} false negatives)`;
}

/** A Markdown table of the scores (AI rules marked `*`), with the files behind each miss. */
export function scoreTable(scores: readonly RuleScore[]): string {
  const rows = scores.map((s) => {
    const ai = (AI_RULES as readonly string[]).includes(s.rule) ? '*' : '';
    return `| \`${s.rule}\`${ai} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} |`;
  });
  const misses = scores.flatMap((s) => [
    ...s.falsePositives.map((f) => `- \`${s.rule}\` false positive: \`${f}\``),
    ...s.falseNegatives.map((f) => `- \`${s.rule}\` false negative: \`${f}\``),
  ]);
  return [
    '| Rule | tp | fp | fn | precision | recall |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(misses.length > 0 ? misses : ['No false positive or false negative.']),
  ].join('\n');
}

/** AI-rule findings on every Markdown file of a folder (e.g. `sharedPath(REAL_NON_AI)`). */
export function aiFindings(dir: string): Array<{ file: string; rule: string; message: string }> {
  const out: Array<{ file: string; rule: string; message: string }> = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'PROVENANCE.md')
    .sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const f of lint(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { config: DEFAULT_CONFIG })
      .findings) {
      if ((AI_RULES as readonly string[]).includes(f.ruleId))
        out.push({ file, rule: f.ruleId, message: f.message });
    }
  }
  return out;
}

/** Where `npm run eval:rules -- --write` records the per-rule figures that `npm run docs` renders into the rule pages. */
export const MEASURED_FILE = 'docs/rules/measured.json';

/** One rule's counts on one set, as the rule pages quote them. */
export interface MeasuredScore {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
}

export interface Measurement {
  /** When and from which commit the figures were measured (`git rev-parse HEAD`; the working tree may hold more). */
  readonly date: string;
  readonly commit: string;
  /** SHA-256 of the rule sources and vocabulary (src/core/rules, recursively): the figures are stale once it changes. */
  readonly rulesHash: string;
  readonly sets: Record<
    string,
    { readonly files: number; readonly labelsHash: string; readonly rules: Record<string, MeasuredScore> }
  >;
}

/** SHA-256 of a set's labels file: the figures of a set are stale once its labels change. */
export function labelsHash(set: SetName): string {
  return createHash('sha256')
    .update(readFileSync(path.join(SETS[set], 'labels.json')))
    .digest('hex');
}

/** SHA-256 of every file under `src/core/rules`, in path order, with its path; the pages' prose copy (docs.generated.json) detects nothing and is left out. */
export function rulesHash(root = 'src/core/rules'): string {
  const hash = createHash('sha256');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
  for (const file of walk(root)
    .filter((f) => path.basename(f) !== 'docs.generated.json')
    .sort())
    hash.update(file.split(path.sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Every labelled set measured now, its documents read (a set whose shared documents are missing is left out). */
export function measureAll(date: string, commit: string): Measurement {
  const sets: Record<string, Measurement['sets'][string]> = {};
  for (const set of Object.keys(SETS) as SetName[]) {
    const e = evaluateSet(set);
    if (!e.labelled || e.unread.length > 0) continue;
    const rules: Record<string, MeasuredScore> = {};
    for (const s of e.scores)
      rules[s.rule] = {
        tp: s.tp,
        fp: s.fp,
        fn: s.fn,
        precision: Number(s.precision.toFixed(2)),
        recall: Number(s.recall.toFixed(2)),
      };
    sets[set] = { files: e.files, labelsHash: labelsHash(set), rules };
  }
  return { date, commit, rulesHash: rulesHash(), sets };
}
