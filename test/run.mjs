// Runs every compiled test (out/test/**/*.test.js) with node:test and ends with the plain
// "N passed, N failed[, N skipped]" line CI counts, after a "skipped:" list naming each skipped test (or
// suite) with its reason (e.g. the shared third-party folder is missing). Exit 1 on any failure or when no test ran.
import { run } from 'node:test';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve('out/test');
const only = process.argv.slice(2);
function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? find(full) : name.endsWith('.test.js') ? [full] : [];
  });
}
const files = find(root).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const skips = [];
const where = (e) => (e.file ? path.relative(process.cwd(), e.file) : '');
const stream = run({ files, concurrency: 2 });
stream.on('test:pass', (e) => {
  // A skipped suite never runs its body: it counts as one skipped entry, named like a test.
  if (e.details?.type === 'suite' && !e.skip) return;
  if (e.skip || e.todo) {
    skipped++;
    const reason = typeof e.skip === 'string' ? e.skip : typeof e.todo === 'string' ? `todo: ${e.todo}` : e.todo ? 'todo' : 'no reason given';
    skips.push(`- ${e.name}${e.details?.type === 'suite' ? ' (suite)' : ''} (${where(e)}): ${reason}`);
  } else passed++;
});
stream.on('test:fail', (e) => {
  if (e.details?.type === 'suite') return;
  failed++;
  const err = e.details?.error;
  failures.push(`✖ ${e.name} (${where(e)}:${e.line ?? ''})\n  ${String(err?.cause?.message ?? err?.message ?? err).split('\n').join('\n  ')}`);
});
stream.on('test:stderr', (e) => process.stderr.write(e.message));
stream.on('end', () => {});
for await (const _ of stream) void _;
if (failures.length) console.log(`\n${failures.join('\n\n')}\n`);
if (skips.length) console.log(`skipped:\n${skips.join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
