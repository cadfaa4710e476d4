/**
 * `npm run docs`: rewrite the generated blocks of docs/rules/<id>.md (a missing page is started), copy the prose the
 * core shows into src/core/rules/docs.generated.json, and rewrite the README rules table. The prose of a page is the
 * writer's: this never changes it.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { ENGINE_RULES, RULES } from '../src/core/index.js';
import {
  CORE_PROSE_FILE,
  RulePageError,
  coreProseJson,
  newRulePage,
  refreshRulePage,
  renderRulesTable,
  ruleProse,
  type RuleProse,
} from './docs-lib.js';
import { MEASURED_FILE, type Measurement } from './eval-lib.js';

const all = [...RULES, ...ENGINE_RULES];
mkdirSync('docs/rules', { recursive: true });
const measurement = existsSync(MEASURED_FILE)
  ? (JSON.parse(readFileSync(MEASURED_FILE, 'utf8')) as Measurement)
  : undefined;
const prose = new Map<string, RuleProse>();
const problems: string[] = [];
for (const rule of all) {
  const file = `docs/rules/${rule.id}.md`;
  try {
    const page = existsSync(file) ? readFileSync(file, 'utf8') : newRulePage(rule, measurement);
    const next = refreshRulePage(rule, page, measurement);
    if (next !== page || !existsSync(file)) writeFileSync(file, next);
    prose.set(rule.id, ruleProse(rule.id, next));
  } catch (error) {
    if (!(error instanceof RulePageError)) throw error;
    problems.push(error.message);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const data = coreProseJson(prose);
if (!existsSync(CORE_PROSE_FILE) || readFileSync(CORE_PROSE_FILE, 'utf8') !== data)
  writeFileSync(CORE_PROSE_FILE, data);
const readme = readFileSync('README.md', 'utf8');
const next = readme.replace(/<!-- rules:start -->[\s\S]*?<!-- rules:end -->/, renderRulesTable(all));
if (next === readme && !readme.includes('<!-- rules:start -->'))
  throw new Error('README.md has no <!-- rules:start --> marker');
writeFileSync('README.md', next);
console.log(`refreshed ${all.length} rule pages, ${CORE_PROSE_FILE} and the README table`);
