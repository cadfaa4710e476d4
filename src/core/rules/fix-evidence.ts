/** A fix of an AI behaviour "shown" by a rate after the fix whose interval still reaches the rate before it. */
import { isMap } from 'yaml';
import { memoText } from '../memo.js';
import { compareRates, roundRate, type RateComparison } from '../trace/stats.js';
import type { TextRange } from '../types.js';
import { body, frontmatterRange, sentences } from './_ai-signals.js';
import PATTERNS from './fix-evidence.patterns.json' with { type: 'json' };
import { defineRule } from './rule.js';

interface Options {
  /** Confidence level of the intervals (0.95). */
  confidence: number;
}

interface Counts {
  failures: number;
  replays: number;
}

const PATTERN_RES = PATTERNS.patterns.map((p) => new RegExp(p, 'i'));
const CONTEXT_RE = new RegExp(PATTERNS.context, 'i');
/** Whether a sentence speaks of a fix and its replays, remembered by sentence text (memo.ts). */
const inContext = memoText((text: string) => CONTEXT_RE.test(text));

function counts(value: unknown): Counts | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { failures, replays } = value as Record<string, unknown>;
  return typeof failures === 'number' &&
    typeof replays === 'number' &&
    Number.isInteger(failures) &&
    Number.isInteger(replays) &&
    replays >= 1 &&
    failures >= 0 &&
    failures <= replays
    ? { failures, replays }
    : undefined;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function message(before: Counts, after: Counts, c: RateComparison, confidence: number): string {
  const level = `${roundRate(confidence * 100, 1)}%`;
  return (
    `The rate after the fix, \`${after.failures} of ${after.replays}\` (${level} interval ${pct(c.after.low)}–${pct(c.after.high)}), still overlaps the rate before it, \`${before.failures} of ${before.replays}\` (${pct(c.before.low)}–${pct(c.before.high)}): ` +
    `the fix is not shown; ${c.replaysNeeded} replays after the fix with no failure would show it`
  );
}

export default defineRule<Options>({
  id: 'fix-evidence',
  meta: {
    summary: 'A fix of an AI behaviour needs an after-fix rate whose interval lies below the before-fix rate',
    defaultSeverity: 'warning',
    category: 'ai',
    fixable: false,
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        confidence: {
          type: 'number',
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          description: 'Confidence level of the Wilson intervals compared (default 0.95).',
        },
      },
    },
  },
  docs: {
    examples: [
      {
        name: '0 of 20 after a fix of a 3-in-100 behaviour is reported, with the replays needed',
        input:
          '---\ntitle: Refund agent promised refunds\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\nbehavior_rate:\n  replays: 100\n  failures: 3\n  after_fix:\n    replays: 20\n    failures: 0\n---\n\n# Refund agent promised refunds\n',
        output: [
          '9:3-11:16 warning The rate after the fix, `0 of 20` (95% interval 0.0%–16.1%), still overlaps the rate before it, `3 of 100` (1.0%–8.5%): the fix is not shown; 371 replays after the fix with no failure would show it  fix-evidence',
        ],
      },
      {
        name: '0 of 400 after the same fix passes: the intervals no longer overlap',
        input:
          '---\ntitle: Refund agent promised refunds\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\nbehavior_rate:\n  replays: 100\n  failures: 3\n  after_fix:\n    replays: 400\n    failures: 0\n---\n\n# Refund agent promised refunds\n',
        output: [],
      },
      {
        name: 'A sentence with both rates is read too',
        input:
          '# Summarizer promised refunds\n\nThe prompt fix worked: 2 of 100 replays failed before, 0 of 20 after.\n',
        output: [
          '3:24-3:69 warning The rate after the fix, `0 of 20` (95% interval 0.0%–16.1%), still overlaps the rate before it, `2 of 100` (0.6%–7.0%): the fix is not shown; 695 replays after the fix with no failure would show it  fix-evidence',
        ],
      },
      {
        name: 'A lower confidence level (option `confidence`) asks for fewer replays: 0 of 150 shows the fix at 80%',
        input:
          '# Summarizer promised refunds\n\nThe failure rate fell from 3 of 100 replays to 0 of 150 after the prompt fix.\n',
        options: { confidence: 0.8 },
        output: [],
      },
      {
        name: 'The same 0 of 150 does not show it at the default 95%',
        input:
          '# Summarizer promised refunds\n\nThe failure rate fell from 3 of 100 replays to 0 of 150 after the prompt fix.\n',
        output: [
          '3:23-3:56 warning The rate after the fix, `0 of 150` (95% interval 0.0%–2.5%), still overlaps the rate before it, `3 of 100` (1.0%–8.5%): the fix is not shown; 371 replays after the fix with no failure would show it  fix-evidence',
        ],
      },
      {
        name: 'A rate before the fix alone is not a claim about the fix',
        input: '# Summarizer promised refunds\n\nWe replayed the conversation: 2 of 100 replays failed.\n',
        output: [],
      },
    ],
  },
  defaultOptions: { confidence: 0.95 },
  check({ document, options, report }) {
    const confidence = options.confidence;
    const data = document.frontmatter?.data;
    const rate = data?.['behavior_rate'];
    const before = counts(rate);
    const after = before ? counts((rate as Record<string, unknown>)['after_fix']) : undefined;
    if (before && after) {
      const c = compareRates(before, after, confidence);
      if (c && c.overlaps && c.replaysNeeded !== undefined) {
        const range = afterFixRange(document) ?? frontmatterRange(document, 'behavior_rate');
        if (range) report({ range, message: message(before, after, c, confidence) });
      }
    }
    for (const sentence of sentences(body(document), document.text)) {
      if (!inContext(sentence.text)) continue;
      for (const re of PATTERN_RES) {
        const m = re.exec(sentence.text);
        const g = m?.groups;
        if (!m || !g) continue;
        const b = counts({ failures: Number(g['kb']), replays: Number(g['nb']) });
        const a = counts({ failures: Number(g['ka']), replays: Number(g['na']) });
        if (!b || !a) break;
        const c = compareRates(b, a, confidence);
        if (c && c.overlaps && c.replaysNeeded !== undefined) {
          const start = sentence.range.start + m.index;
          report({ range: { start, end: start + m[0].length }, message: message(b, a, c, confidence) });
        }
        break;
      }
    }
  },
});

/** The `after_fix` value inside `behavior_rate`, for the finding's range. */
function afterFixRange(document: Parameters<typeof frontmatterRange>[0]): TextRange | undefined {
  const fm = document.frontmatter;
  const root = fm?.doc?.contents;
  if (!fm || !isMap(root)) return undefined;
  const rate = root.get('behavior_rate', true);
  if (!isMap(rate)) return undefined;
  const pair = rate.items.find((p) => (p.key as { value?: unknown } | null)?.value === 'after_fix');
  const key = pair?.key as { range?: [number, number, number] } | undefined;
  const value = pair?.value as { range?: [number, number, number] } | undefined;
  if (!key?.range) return undefined;
  return { start: fm.base + key.range[0], end: fm.base + (value?.range?.[1] ?? key.range[1]) };
}
