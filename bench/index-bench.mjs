// Repository index benchmark: 10,000 generated postmortems (bench/generate.mjs, seeded, each given
// a failure class chain) → records (parse + record, the cost a shell pays per file) → index →
// report summary and renderers → the `recurrence` rule on a sample. Prints one line per phase.
//   npm run build && npx tsc -b && node bench/index-bench.mjs [count]
import { performance } from 'node:perf_hooks';
import { generateCorpus, rng } from './generate.mjs';
import {
  buildRepositoryIndex,
  createRuleParser,
  lint,
  recordText,
  renderReportHtml,
  renderReportJson,
  renderReportMarkdown,
  summarizeRepository,
} from '../out/src/core/index.js';

const count = Number(process.argv[2] ?? 10_000);
const CLASSES = [
  'excessive-agency/missing-approval-gate',
  'tool-misuse',
  'hallucination/stale-retrieval',
  'prompt-injection/indirect',
  'runaway-loop',
  'cost-blowup',
  'task-failure/degraded-model',
  'insecure-output',
  'double-side-effect',
  'other',
];

function ms(start) {
  return (performance.now() - start).toFixed(0);
}

const r = rng(7);
const files = generateCorpus({ seed: 11, count }).map((f) => {
  const chain = [r.pick(CLASSES), ...(r.chance(0.5) ? [r.pick(CLASSES)] : [])];
  return {
    path: f.path,
    text: f.text.replace(/^kind: postmortem$/m, `kind: postmortem\nfailure_classes: [${chain.join(', ')}]`),
  };
});
const chars = files.reduce((n, f) => n + f.text.length, 0);
console.log(`${files.length} generated postmortems, ${(chars / 1e6).toFixed(1)} M characters`);

// As the CLI records them: the parser that parses only what the rules read (createRuleParser).
const markdown = createRuleParser();
let t = performance.now();
const records = files.map((f) => recordText(f, { markdown }));
const recordMs = ms(t);
console.log(
  `record (rule parser + AI signals + record): ${recordMs} ms (${((Number(recordMs) * 1000) / files.length).toFixed(0)} µs per postmortem; parsing is almost all of it)`,
);

t = performance.now();
const index = buildRepositoryIndex(records);
console.log(
  `buildRepositoryIndex from records: ${ms(t)} ms (${index.size} records, ${index.classRoots().length} classes, ${index.services().length} services)`,
);

t = performance.now();
const bytes = JSON.stringify(records).length;
const copy = JSON.parse(JSON.stringify(records));
buildRepositoryIndex(copy);
console.log(
  `records as plain data (what a worker receives): ${(bytes / 1e6).toFixed(1)} MB, JSON round trip + rebuild ${ms(t)} ms`,
);

t = performance.now();
const summary = summarizeRepository(index, { asOf: '2026-12-31' });
console.log(
  `summarizeRepository: ${ms(t)} ms (${summary.recurring.length} recurring classes, ${summary.openItems.total} open action items)`,
);

t = performance.now();
const html = renderReportHtml(summary);
const md = renderReportMarkdown(summary);
const json = renderReportJson(summary);
console.log(
  `render html + md + json: ${ms(t)} ms (${(html.length / 1024).toFixed(0)} KB, ${(md.length / 1024).toFixed(0)} KB, ${(json.length / 1024).toFixed(0)} KB)`,
);

const sample = files.filter((_, i) => i % 100 === 0);
t = performance.now();
for (const f of sample) lint(f.text);
const plain = performance.now() - t;
t = performance.now();
let findings = 0;
for (const f of sample)
  findings += lint(f.text, { repository: index, path: f.path }).findings.filter(
    (x) => x.ruleId === 'recurrence',
  ).length;
const across = performance.now() - t;
console.log(
  `lint of ${sample.length} files: ${plain.toFixed(0)} ms without the index, ${across.toFixed(0)} ms with it (${findings} recurrence findings)`,
);
