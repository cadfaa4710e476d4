// Per-keystroke re-lint latency, in process: our incremental linter and plain `lint`, and the peers'
// in-process APIs (a remark processor with remark-lint-frontmatter-schema, markdownlint's `lint`)
// on the same documents and the same seeded random edits. Prints one JSON object.
// Usage: node bench/keystroke.mjs <edits> <peerRuns> <schemaPath>
import { readFileSync } from 'node:fs';
import { generateDocument, rng } from './generate.mjs';

const core = await import('../out/src/core/index.js');
const [edits = '200', peerRuns = '20', schemaPath] = process.argv.slice(2);

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

/** Typing: mostly one character inserted, sometimes a newline, a deletion or a pasted word. */
function edit(r, text) {
  const at = r.int(0, text.length);
  const k = r.next();
  if (k < 0.7) return text.slice(0, at) + r.pick(['a', 'e', 't', ' ', '.', '1']) + text.slice(at);
  if (k < 0.8) return text.slice(0, at) + '\n' + text.slice(at);
  if (k < 0.95) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + ' inference ' + text.slice(at);
}

async function peers() {
  const { unified } = await import('unified');
  const remarkParse = (await import('remark-parse')).default;
  const remarkFrontmatter = (await import('remark-frontmatter')).default;
  const remarkLintFrontmatterSchema = (await import('remark-lint-frontmatter-schema')).default;
  const { VFile } = await import('vfile');
  const remark = unified()
    .use(remarkParse)
    .use(remarkFrontmatter)
    .use(remarkLintFrontmatterSchema, { schemas: { [schemaPath]: ['**/*.md'] } });
  const { lint: markdownlint } = await import('markdownlint/sync');
  return {
    remark: async (text) => {
      const file = new VFile({ path: 'doc.md', value: text, cwd: process.cwd() });
      await remark.run(remark.parse(file), file);
      return file.messages.length;
    },
    markdownlint: (text) => Object.values(markdownlint({ strings: { doc: text } })).flat().length,
  };
}

const out = {};
const peer = await peers();
for (const [name, size, seed] of [
  ['60 KB', 60_000, 11],
  ['1 MB', 1_000_000, 12],
]) {
  const base = generateDocument(seed, 1, size, false);
  const r = rng(seed);
  // Warm up the JIT and the schema cache on another document of the same kind.
  core.lint(generateDocument(seed + 100, 1, 60_000, false));
  const linter = core.createIncrementalLinter();
  linter.lint(base);
  let text = base;
  const incremental = [];
  const parsed = [];
  for (let i = 0; i < Number(edits); i++) {
    text = edit(r, text);
    const t = performance.now();
    linter.lint(text);
    incremental.push(performance.now() - t);
    parsed.push(linter.stats.parsedLength);
  }
  const runs = size > 100_000 ? Math.max(3, Math.round(Number(peerRuns) / 4)) : Number(peerRuns);
  const time = async (fn) => {
    const times = [];
    await fn(text);
    for (let i = 0; i < runs; i++) {
      text = edit(r, text);
      const t = performance.now();
      await fn(text);
      times.push(performance.now() - t);
    }
    return stats(times);
  };
  out[name] = {
    length: base.length,
    incremental: { ...stats(incremental), medianParsed: stats(parsed).median },
    plain: await time((t) => core.lint(t)),
    remark: await time(peer.remark),
    markdownlint: await time(peer.markdownlint),
  };
}
out.versions = {
  markdownlint: JSON.parse(
    readFileSync(new URL('../node_modules/markdownlint/package.json', import.meta.url), 'utf8'),
  ).version,
};
console.log(JSON.stringify(out));
