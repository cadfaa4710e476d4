/** `npm run docs`: regenerate docs/rules/*.md and the README rules table from the registry. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { ENGINE_RULES, RULES } from '../src/core/index.js';
import { renderRulePage, renderRulesTable } from './docs-lib.js';

const all = [...RULES, ...ENGINE_RULES];
mkdirSync('docs/rules', { recursive: true });
for (const rule of all) writeFileSync(`docs/rules/${rule.id}.md`, renderRulePage(rule));
const readme = readFileSync('README.md', 'utf8');
const next = readme.replace(/<!-- rules:start -->[\s\S]*?<!-- rules:end -->/, renderRulesTable(all));
if (next === readme && !readme.includes('<!-- rules:start -->')) throw new Error('README.md has no <!-- rules:start --> marker');
writeFileSync('README.md', next);
console.log(`wrote ${all.length} rule pages and the README table`);
