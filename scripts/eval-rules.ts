/**
 * `npm run eval:rules [-- --set tuned|heldout|heldout2|heldout3|heldout4|heldout5|heldout6]`: precision and recall per rule on the labelled sets, and AI findings
 * on the real corpus. Without `--set`, both sets are printed, the tuned one first; the held-out figures are the honest
 * ones (that set was written blind, after the rules).
 */
import { aiFindings, AI_RULES, evaluate, SETS, type SetName } from './eval-lib.js';

const TITLES: Record<SetName, string> = { tuned: 'Tuned set', heldout: 'Held-out set', heldout2: 'Second held-out set', heldout3: 'Third held-out set', heldout4: 'Fourth held-out set', heldout5: 'Fifth held-out set', heldout6: 'Sixth held-out set' };

function parseSet(argv: readonly string[]): SetName[] {
  const i = argv.indexOf('--set');
  if (i === -1) return ['tuned', 'heldout'];
  const name = argv[i + 1];
  if (name === undefined || !Object.hasOwn(SETS, name)) {
    console.error(`Unexpected --set value \`${name ?? ''}\`, expected one of ${Object.keys(SETS).map((s) => `\`${s}\``).join(', ')}`);
    process.exit(2);
  }
  return [name as SetName];
}

for (const set of parseSet(process.argv.slice(2))) {
  const { files, scores } = evaluate(SETS[set]);
  console.log(`${TITLES[set]}: ${files} labelled postmortems in ${SETS[set]}\n`);
  console.log('rule                        tp  fp  fn  precision  recall');
  for (const s of scores) {
    const ai = (AI_RULES as readonly string[]).includes(s.rule) ? '*' : ' ';
    console.log(`${(s.rule + ai).padEnd(27)} ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}  ${s.precision.toFixed(2).padStart(9)}  ${s.recall.toFixed(2).padStart(6)}`);
    for (const f of s.falsePositives) console.log(`    false positive: ${f}`);
    for (const f of s.falseNegatives) console.log(`    false negative: ${f}`);
  }
  console.log(set === 'tuned' ? '\n* AI rule (targets: precision >= 0.95, recall >= 0.9)' : '\n* AI rule (a measurement, not a gate)');
  if (set === 'tuned') {
    const corpus = aiFindings('test/fixtures/corpus/markdown');
    console.log(`\nAI-rule findings on the real non-AI postmortems: ${corpus.length}`);
    for (const f of corpus) console.log(`    ${f.file}: ${f.rule}: ${f.message}`);
  }
  console.log('');
}
