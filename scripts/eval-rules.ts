/**
 * `npm run eval:rules [-- --set tuned|heldout|heldout2|heldout3|heldout4|heldout5|heldout6|heldout7|heldout8|heldout9|heldout10|heldout11|heldout12|heldout13|heldout14|ai-writeups]`: precision and
 * recall per rule on the labelled sets, and AI findings on the real corpus. Without `--set`, the tuned set, the first
 * held-out set and the real AI write-ups are printed; the held-out and real-writing figures are the honest ones (written
 * blind, after the rules). Third-party documents are read from the shared folder (scripts/shared-folder.ts).
 * `--write` measures every set and writes docs/rules/measured.json (per-rule figures, date, commit), which `npm run docs`
 * renders into the rule pages.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  aiFindings,
  AI_RULES,
  evaluateSet,
  firing,
  LABELLED_RULES,
  MEASURED_FILE,
  measureAll,
  REAL_NON_AI,
  SETS,
  SHARED_DOCUMENTS,
  type SetName,
} from './eval-lib.js';
import { needsShared, sharedPath } from './shared-folder.js';

const TITLES: Record<SetName, string> = {
  tuned: 'Tuned set',
  heldout: 'Held-out set',
  heldout2: 'Second held-out set',
  heldout3: 'Third held-out set',
  heldout4: 'Fourth held-out set',
  heldout5: 'Fifth held-out set',
  heldout6: 'Sixth held-out set',
  heldout7: 'Seventh held-out set (blind set A)',
  heldout8: 'Eighth held-out set (blind set B)',
  heldout9: 'Ninth held-out set (blind set C)',
  heldout10: 'Tenth held-out set (blind set D)',
  heldout11: 'Eleventh held-out set (blind set E)',
  heldout12: 'Twelfth held-out set (blind set F)',
  heldout13: 'Thirteenth held-out set (blind set G)',
  heldout14: 'Fourteenth held-out set (blind set H)',
  'ai-writeups': 'Real AI incident write-ups',
};

function parseSet(argv: readonly string[]): SetName[] {
  const i = argv.indexOf('--set');
  if (i === -1) return ['tuned', 'heldout', 'ai-writeups'];
  const name = argv[i + 1];
  if (name === undefined || !Object.hasOwn(SETS, name)) {
    console.error(
      `Unexpected --set value \`${name ?? ''}\`, expected one of ${Object.keys(SETS)
        .map((s) => `\`${s}\``)
        .join(', ')}`,
    );
    process.exit(2);
  }
  return [name as SetName];
}

/** An unlabelled set of shared documents: which rules fire on each, for whoever writes its labels. */
function printUnlabelled(set: SetName): void {
  const documents = SHARED_DOCUMENTS[set];
  console.log(`${TITLES[set]}: unlabelled (no ${SETS[set]}/labels.json yet); nothing is scored.`);
  if (documents === undefined) return;
  const skip = needsShared(documents);
  if (skip) {
    console.log(`Documents not read: ${skip}.`);
    return;
  }
  const files = readdirSync(sharedPath(documents))
    .filter((f) => f.endsWith('.md') && !/^(README|PROVENANCE)\.md$/.test(f))
    .sort();
  console.log(
    `Labelled rules that report on each of the ${files.length} documents of the shared folder's ${documents}/:\n`,
  );
  for (const file of files) {
    const got = firing(readFileSync(sharedPath(`${documents}/${file}`), 'utf8'));
    console.log(`  ${file}: ${LABELLED_RULES.filter((r) => got.has(r)).join(', ') || '(none)'}`);
  }
}

if (process.argv.includes('--write')) {
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const measurement = measureAll(new Date().toISOString().slice(0, 10), commit);
  writeFileSync(MEASURED_FILE, `${JSON.stringify(measurement, null, 2)}\n`);
  console.log(
    `wrote ${MEASURED_FILE}: ${Object.keys(measurement.sets).length} sets, commit ${commit.slice(0, 12)}; run \`npm run docs\` to render it`,
  );
  process.exit(0);
}

for (const set of parseSet(process.argv.slice(2))) {
  const evaluation = evaluateSet(set);
  if (!evaluation.labelled) {
    printUnlabelled(set);
    console.log('');
    continue;
  }
  const { files, scores, unread, unreadReason } = evaluation;
  const where =
    SHARED_DOCUMENTS[set] === undefined
      ? SETS[set]
      : `the shared folder's ${SHARED_DOCUMENTS[set]}/ (labels in ${SETS[set]})`;
  console.log(`${TITLES[set]}: ${files} labelled postmortems in ${where}\n`);
  if (unread.length > 0 && files === 0) {
    console.log(
      `Not measured: none of its ${unread.length} labelled documents was read (${unreadReason}).\n`,
    );
    continue;
  }
  if (unread.length > 0)
    console.log(
      `Not read: ${unread.length} labelled documents (${unreadReason}); the figures below leave them out.\n`,
    );
  console.log('rule                        tp  fp  fn  precision  recall');
  for (const s of scores) {
    const ai = (AI_RULES as readonly string[]).includes(s.rule) ? '*' : ' ';
    console.log(
      `${(s.rule + ai).padEnd(27)} ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}  ${s.precision.toFixed(2).padStart(9)}  ${s.recall.toFixed(2).padStart(6)}`,
    );
    for (const f of s.falsePositives) console.log(`    false positive: ${f}`);
    for (const f of s.falseNegatives) console.log(`    false negative: ${f}`);
  }
  console.log(
    set === 'tuned'
      ? '\n* AI rule (targets: precision >= 0.95, recall >= 0.9)'
      : '\n* AI rule (a measurement, not a gate)',
  );
  if (set === 'tuned') {
    const skip = needsShared(REAL_NON_AI);
    if (skip) console.log(`\nAI-rule findings on the real non-AI postmortems: not measured (${skip})`);
    else {
      const corpus = aiFindings(sharedPath(REAL_NON_AI));
      console.log(`\nAI-rule findings on the real non-AI postmortems: ${corpus.length}`);
      for (const f of corpus) console.log(`    ${f.file}: ${f.rule}: ${f.message}`);
    }
  }
  console.log('');
}
