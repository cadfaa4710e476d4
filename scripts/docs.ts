/** `npm run docs`: regenerate docs/rules/*.md (with the figures of docs/rules/measured.json) and the README rules table from the registry. */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { ENGINE_RULES, RULES } from '../src/core/index.js';
import { renderRulePage, renderRulesTable } from './docs-lib.js';
import { MEASURED_FILE, type Measurement } from './eval-lib.js';

const all = [...RULES, ...ENGINE_RULES];
mkdirSync('docs/rules', { recursive: true });
const measurement = existsSync(MEASURED_FILE)
  ? (JSON.parse(readFileSync(MEASURED_FILE, 'utf8')) as Measurement)
  : undefined;
for (const rule of all) writeFileSync(`docs/rules/${rule.id}.md`, renderRulePage(rule, measurement));
const readme = readFileSync('README.md', 'utf8');
const next = readme.replace(/<!-- rules:start -->[\s\S]*?<!-- rules:end -->/, renderRulesTable(all));
if (next === readme && !readme.includes('<!-- rules:start -->'))
  throw new Error('README.md has no <!-- rules:start --> marker');
writeFileSync('README.md', next);
console.log(`wrote ${all.length} rule pages and the README table`);
