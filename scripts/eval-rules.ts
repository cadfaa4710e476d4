/** `npm run eval:rules`: precision and recall per rule on test/fixtures/labelled, and AI findings on the real corpus. */
import { aiFindings, AI_RULES, evaluate } from './eval-lib.js';

const { files, scores } = evaluate('test/fixtures/labelled');
console.log(`${files} labelled postmortems\n`);
console.log('rule                        tp  fp  fn  precision  recall');
for (const s of scores) {
  const ai = (AI_RULES as readonly string[]).includes(s.rule) ? '*' : ' ';
  console.log(`${(s.rule + ai).padEnd(27)} ${String(s.tp).padStart(3)} ${String(s.fp).padStart(3)} ${String(s.fn).padStart(3)}  ${s.precision.toFixed(2).padStart(9)}  ${s.recall.toFixed(2).padStart(6)}`);
  for (const f of s.falsePositives) console.log(`    false positive: ${f}`);
  for (const f of s.falseNegatives) console.log(`    false negative: ${f}`);
}
console.log('\n* AI rule (targets: precision >= 0.95, recall >= 0.9)');
const corpus = aiFindings('test/fixtures/corpus/markdown');
console.log(`\nAI-rule findings on the real non-AI postmortems: ${corpus.length}`);
for (const f of corpus) console.log(`    ${f.file}: ${f.rule}: ${f.message}`);
