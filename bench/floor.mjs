// The floors of the benchmark, on one core: `read` every Markdown file under a folder, `frontmatter`
// (read + YAML parse + ajv validation against the bundled schema, compiled once), or `parse`
// (read + the core's Markdown parse: remark-parse + remark-gfm + remark-frontmatter, nothing else).
// Usage: node bench/floor.mjs read|frontmatter|parse <folder>
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { bundled } from '../out/src/core/index.js';
import { parseMarkdown } from '../out/src/core/document/chunks.js';

const [mode, dir] = process.argv.slice(2);
function* walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const full = path.join(d, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.name.endsWith('.md')) yield full;
  }
}
const schema = bundled();
let n = 0;
for (const file of walk(dir)) {
  const text = readFileSync(file, 'utf8');
  if (mode === 'parse') n += parseMarkdown(text).children.length;
  else if (mode === 'frontmatter') {
    const m = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
    try {
      if (m && schema.ok && !schema.validate(parseYaml(m[1]))) n++;
    } catch {
      n++;
    }
  } else n += text.length;
}
console.log(n);
