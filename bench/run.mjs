// The benchmark of issue 7: ai-postmortem against remark-lint-frontmatter-schema (remark-cli) and
// markdownlint-cli2 on the same generated corpus, in one run, as ratios; writes bench/RESULTS.md.
// A second corpus, from a generator that writes differently (the shared folder's `bench/gen-corpus.mjs`, run from
// there into bench/.corpus, never copied), is linted by the same tools in the same run (`--second N` files; 0 skips it).
// Usage: npm run bench [-- --quick] [-- --sizes 2000,10000 --runs 2 --peer-max 10000 --second 1000]
//        [-- --parts whole,second,cold,keystroke,activation] (a subset, to rerun one part; the report says what did not run)
// Needs `npm run build` and `tsc -b` (npm run bench does both). Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate.mjs';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    'peer-max': { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    second: { type: 'string' },
    shared: { type: 'string' },
    parts: { type: 'string' },
  },
});
const quick = values.quick === true;
const sizes = (values.sizes ?? (quick ? '100' : '2000,10000')).split(',').map(Number);
const runs = Number(values.runs ?? (quick ? 1 : 2));
const peerMax = Number(values['peer-max'] ?? Infinity);
const seed = Number(values.seed ?? 7);
const PARTS = ['whole', 'second', 'cold', 'keystroke', 'activation'];
const parts = new Set((values.parts ?? PARTS.join(',')).split(','));
for (const part of parts)
  if (!PARTS.includes(part)) throw new Error(`--parts: unknown part ${part} (known: ${PARTS.join(', ')})`);
const secondCount = Number(values.second ?? (quick ? 100 : 1000));
// The shared folder beside the checkout (read-only third-party material), unless `--shared` names another.
const sharedDir = path.resolve(values.shared ?? path.join(root, '..', 'shared'));
const secondGenerator = path.join(sharedDir, 'bench/gen-corpus.mjs');
const resultsFile = path.resolve(
  values.out ?? path.join(root, quick ? 'bench/.corpus/RESULTS.quick.md' : 'bench/RESULTS.md'),
);
const bin = (p) => path.join(root, 'node_modules', p);
const version = (pkg) => JSON.parse(readFileSync(bin(`${pkg}/package.json`), 'utf8')).version;

for (const needed of ['dist/cli.js', 'dist/cli-main.cjs', 'dist/lint-worker.js', 'out/src/core/index.js']) {
  if (!existsSync(path.join(root, needed)))
    throw new Error(`${needed} is missing: run \`npm run build && npx tsc -b\` first (npm run bench does)`);
}

/** Write the corpus once per (seed, size); a `.git` folder makes it a repository root of its own. */
function corpus(count) {
  const dir = path.join(root, 'bench/.corpus', `n${count}-s${seed}`);
  const stamp = path.join(dir, '.complete');
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    let bytes = 0;
    for (const file of generateCorpus({ seed, count, huge: count < 1000 })) {
      const full = path.join(dir, file.path);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, file.text);
      bytes += Buffer.byteLength(file.text);
    }
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    // The peer validates the same schema; its ajv has no draft 2020-12 meta-schema, so the copy says draft-07
    // (the schema uses no 2020-only keyword).
    const schema = JSON.parse(readFileSync(path.join(root, 'schemas/postmortem.schema.json'), 'utf8'));
    schema.$schema = 'http://json-schema.org/draft-07/schema#';
    writeFileSync(path.join(dir, 'peer.schema.json'), JSON.stringify(schema, null, 2));
    writeFileSync(
      path.join(dir, '.remarkrc.json'),
      JSON.stringify({
        plugins: [
          'remark-frontmatter',
          ['remark-lint-frontmatter-schema', { schemas: { './peer.schema.json': ['**/*.md'] } }],
        ],
      }),
    );
    writeFileSync(stamp, JSON.stringify({ count, seed, bytes }));
  }
  return { dir, ...JSON.parse(readFileSync(stamp, 'utf8')) };
}

/**
 * The second corpus: written by the shared folder's generator (its own layout, draft-07 schema and remark config,
 * which it documents), with a `.postmortem.json` that makes a folder lint validate the same schema. `undefined`, with
 * the reason on stderr, when the shared folder is not there.
 */
function secondCorpus(count) {
  if (!existsSync(secondGenerator)) {
    process.stderr.write(
      `second corpus skipped: ${secondGenerator} not found (the shared folder beside the checkout; \`--shared DIR\` names another)\n`,
    );
    return undefined;
  }
  const dir = path.join(root, 'bench/.corpus', `gen2-n${count}`);
  const stamp = path.join(dir, '.complete');
  if (!existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    const r = spawnSync(node, [secondGenerator, '--out', dir, '--count', String(count)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) throw new Error(`${secondGenerator} failed:\n${r.stderr}`);
    const summary = JSON.parse(r.stdout);
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    writeFileSync(
      path.join(dir, '.postmortem.json'),
      JSON.stringify({ schema: 'schema/postmortem.schema.json', files: ['postmortems/**/*.md'] }),
    );
    // remark-cli loads the generator's documented config; the project's node_modules resolve from bench/.corpus.
    writeFileSync(
      path.join(dir, '.remarkrc.mjs'),
      readFileSync(path.join(sharedDir, 'bench/configs/remarkrc.mjs')),
    );
    writeFileSync(
      stamp,
      JSON.stringify({ count, bytes: summary.totalBytes, seed: summary.seed, sha256: summary.sha256 }),
    );
  }
  return { dir, ...JSON.parse(readFileSync(stamp, 'utf8')) };
}

/** Wall time (ms) and peak resident memory (MB, from /usr/bin/time -v) of one command. */
function measure(cmd, args, cwd) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - t;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  const status = /Exit status: (\d+)/.exec(r.stderr ?? '');
  return { ms, mb: rss ? Number(rss[1]) / 1024 : NaN, exit: status ? Number(status[1]) : r.status };
}

function repeat(n, fn) {
  const all = Array.from({ length: n }, fn);
  const ms = all.map((m) => m.ms);
  const mb = all.map((m) => m.mb);
  return {
    ms: ms.reduce((a, b) => a + b, 0) / n,
    min: Math.min(...ms),
    max: Math.max(...ms),
    mb: Math.max(...mb),
    exit: all[0].exit,
    n,
  };
}

const node = process.execPath;
const cli = path.join(root, 'dist/cli.js');
const tools = {
  // Every tool prints its default report (ours: stylish, like remark's and markdownlint's), which the benchmark discards.
  ours: (dir) => [node, [cli, 'lint', '.'], dir],
  oursOneThread: (dir) => [node, [cli, 'lint', '--jobs', '1', '.'], dir],
  oursWarm: (dir) => [
    node,
    [
      cli,
      'lint',
      '--cache',
      '--cache-location',
      path.join(dir, '..', `${path.basename(dir)}.postmortemcache`),
      '.',
    ],
    dir,
  ],
  remark: (dir) => [node, [bin('remark-cli/cli.js'), '.', '--quiet', '--no-stdout'], dir],
  remarkSecond: (dir) => [node, [bin('remark-cli/cli.js'), 'postmortems', '--quiet', '--no-stdout'], dir],
  markdownlint: (dir) => [node, [bin('markdownlint-cli2/markdownlint-cli2-bin.mjs'), '**/*.md'], dir],
  floorRead: (dir) => [node, [path.join(root, 'bench/floor.mjs'), 'read', '.'], dir],
  floorParse: (dir) => [node, [path.join(root, 'bench/floor.mjs'), 'parse', '.'], dir],
  floorFrontmatter: (dir) => [node, [path.join(root, 'bench/floor.mjs'), 'frontmatter', '.'], dir],
};
const run = (name, dir, n = runs) => {
  const [cmd, args, cwd] = tools[name](dir);
  process.stderr.write(`  ${name} ×${n} … `);
  const r = repeat(n, () => measure(cmd, args, cwd));
  process.stderr.write(
    `${(r.ms / 1000).toFixed(2)} s (${(r.min / 1000).toFixed(2)}-${(r.max / 1000).toFixed(2)}), ${r.mb.toFixed(0)} MB, exit ${r.exit}\n`,
  );
  return r;
};

const started = new Date();
const load = os.loadavg();
const whole = {};
for (const count of parts.has('whole') ? sizes : []) {
  const c = corpus(count);
  process.stderr.write(`corpus ${count} files, ${(c.bytes / 1e6).toFixed(1)} MB (${c.dir})\n`);
  const res = { files: count, bytes: c.bytes };
  res.floorRead = run('floorRead', c.dir);
  res.floorFrontmatter = run('floorFrontmatter', c.dir);
  res.floorParse = run('floorParse', c.dir);
  res.ours = run('ours', c.dir);
  res.oursOneThread = run('oursOneThread', c.dir);
  rmSync(path.join(c.dir, '..', `${path.basename(c.dir)}.postmortemcache`), { force: true });
  // The first `--cache` run (an empty cache, as on a fresh CI machine) writes the cache the warm runs read.
  res.oursFirstCache = run('oursWarm', c.dir, 1);
  res.oursWarm = run('oursWarm', c.dir);
  if (count <= peerMax) {
    res.remark = run('remark', c.dir);
    res.markdownlint = run('markdownlint', c.dir);
  }
  whole[count] = res;
}

// The second corpus: the cold runs and the peers, for the ratios (a `--cache` run adds nothing the first corpus does not show).
const second = secondCount > 0 && parts.has('second') ? secondCorpus(secondCount) : undefined;
let secondRes;
if (second) {
  process.stderr.write(
    `second corpus ${second.count} files, ${(second.bytes / 1e6).toFixed(1)} MB (${second.dir})\n`,
  );
  secondRes = { files: second.count, bytes: second.bytes };
  secondRes.floorParse = run('floorParse', second.dir);
  secondRes.ours = run('ours', second.dir);
  secondRes.oursOneThread = run('oursOneThread', second.dir);
  secondRes.remark = run('remarkSecond', second.dir);
  secondRes.markdownlint = run('markdownlint', second.dir);
}

// Cold start on one small file: alone in a folder (start-up), and named inside the first corpus, where ours also
// indexes the other postmortems for `recurrence` (the peers lint the one file either way).
const small = corpus(sizes[0]);
const smallFile = readdirSync(path.join(small.dir, 'team-0/2025'))
  .map((f) => path.join(small.dir, 'team-0/2025', f))
  .sort((a, b) => statSync(a).size - statSync(b).size)[0];
const alone = path.join(root, 'bench/.corpus/alone');
rmSync(alone, { recursive: true, force: true });
mkdirSync(path.join(alone, '.git'), { recursive: true });
const aloneFile = path.join(alone, path.basename(smallFile));
writeFileSync(aloneFile, readFileSync(smallFile));
writeFileSync(path.join(alone, 'peer.schema.json'), readFileSync(path.join(small.dir, 'peer.schema.json')));
writeFileSync(path.join(alone, '.remarkrc.json'), readFileSync(path.join(small.dir, '.remarkrc.json')));
// The tools take turns (one start each, round after round), so a change in the machine's load falls on all of them.
const starts = {
  ours: [node, [cli, 'lint', aloneFile], alone],
  oursInRepository: [node, [cli, 'lint', smallFile], small.dir],
  remark: [node, [bin('remark-cli/cli.js'), aloneFile, '--quiet', '--no-stdout'], alone],
  markdownlint: [node, [bin('markdownlint-cli2/markdownlint-cli2-bin.mjs'), aloneFile], alone],
  node: [node, ['-e', '0'], root],
};
const coldRounds = !parts.has('cold') ? 0 : quick ? 3 : 20;
const startTimes = Object.fromEntries(Object.keys(starts).map((name) => [name, []]));
// One start each first: it writes what a tool keeps between runs (on Node 20 our V8 code cache, else Node's compile cache).
if (coldRounds > 0) for (const [cmd, args, cwd] of Object.values(starts)) measure(cmd, args, cwd);
for (let i = 0; i < coldRounds; i++)
  for (const [name, [cmd, args, cwd]] of Object.entries(starts))
    startTimes[name].push(measure(cmd, args, cwd).ms);
const cold = {};
for (const [name, all] of Object.entries(startTimes)) {
  if (all.length === 0) continue;
  all.sort((a, b) => a - b);
  cold[name] = { median: all[Math.floor(all.length / 2)], min: all[0], max: all[all.length - 1] };
  process.stderr.write(
    `cold start ${name}: ${cold[name].median.toFixed(0)} ms (${cold[name].min.toFixed(0)}-${cold[name].max.toFixed(0)})\n`,
  );
}
const nodeFloor = cold.node;

let keystroke = { versions: {} };
if (parts.has('keystroke')) {
  process.stderr.write('keystrokes …\n');
  const ks = spawnSync(
    node,
    [
      path.join(root, 'bench/keystroke.mjs'),
      quick ? '60' : '300',
      quick ? '5' : '20',
      path.join(small.dir, 'peer.schema.json'),
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (ks.status !== 0) throw new Error(`bench/keystroke.mjs failed:\n${ks.stderr}`);
  keystroke = JSON.parse(ks.stdout);
}

let activation = { error: 'skipped by `--parts`' };
if (parts.has('activation')) {
  process.stderr.write('activation …\n');
  const act = spawnSync(
    node,
    [path.join(root, 'bench/activation.mjs'), path.join(root, 'dist/extension.cjs')],
    { encoding: 'utf8' },
  );
  activation =
    act.status === 0
      ? JSON.parse(act.stdout)
      : { error: (act.stderr || act.stdout).trim().split('\n').slice(-1)[0] };
}

const size = (p) => (existsSync(path.join(root, p)) ? statSync(path.join(root, p)).size : undefined);
const vsix = existsSync(path.join(root, 'dist'))
  ? readdirSync(path.join(root, 'dist'))
      .filter((f) => f.endsWith('.vsix'))
      .map((f) => ({ name: f, bytes: size(`dist/${f}`) }))
  : [];

// ---- Report ----
const s = (ms) =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(0)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(1)} s`
      : ms >= 10
        ? `${ms.toFixed(0)} ms`
        : `${ms.toFixed(1)} ms`;
const spread = (r) => (r.n > 1 ? ` (${s(r.min)}–${s(r.max)})` : '');
const ratio = (peer, ours) => (peer && ours ? `${(peer / ours).toFixed(peer / ours >= 10 ? 0 : 1)}×` : '–');
const kb = (b) =>
  b === undefined ? 'not built' : b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(0)} KB`;
const lines = [];
lines.push('# Benchmark results', '');
lines.push(
  `Generated by \`npm run bench${quick ? ' -- --quick' : ''}\` (\`bench/run.mjs\`) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC. Corpus: \`bench/generate.mjs\`, seed ${seed}.`,
  '',
);
lines.push(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}; load average at start ${load.map((l) => l.toFixed(1)).join(' ')}, at the end ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (the machine was shared).`,
  '',
);
lines.push(
  `Versions: ai-postmortem ${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version}, remark-cli ${version('remark-cli')} + remark-frontmatter ${version('remark-frontmatter')} + remark-lint-frontmatter-schema ${version('remark-lint-frontmatter-schema')}, markdownlint-cli2 ${version('markdownlint-cli2')} (markdownlint ${keystroke.versions.markdownlint ?? 'not loaded'}).`,
  '',
);
lines.push(
  `Times are the mean of ${runs} run${runs > 1 ? 's' : ''}, with the spread (fastest–slowest) in parentheses; memory is the peak resident set size. Ratios are the peer's time divided by ours (higher is better for us).`,
  '',
);
lines.push('## Whole repository, CLI', '');
lines.push(
  '| Files (MB) | Tool | Wall time | Peak memory | vs remark-lint-frontmatter-schema | vs markdownlint-cli2 |',
  '| --- | --- | --- | --- | --- | --- |',
);
if (!parts.has('whole')) lines.push('| | not run (`--parts`) | | | | |');
for (const res of Object.values(whole)) {
  const head = `${res.files} (${(res.bytes / 1e6).toFixed(1)})`;
  const row = (name, r) =>
    r
      ? lines.push(
          `| ${head} | ${name} | ${s(r.ms)}${spread(r)} | ${r.mb.toFixed(0)} MB | ${ratio(res.remark?.ms, r.ms)} | ${ratio(res.markdownlint?.ms, r.ms)} |`,
        )
      : undefined;
  row('**ai-postmortem**, cold, one worker per core', res.ours);
  row('ai-postmortem, cold, `--jobs 1`', res.oursOneThread);
  row('ai-postmortem, first `--cache` run (empty cache)', res.oursFirstCache);
  row('**ai-postmortem**, warm `--cache`, nothing changed', res.oursWarm);
  row('remark-cli + remark-lint-frontmatter-schema', res.remark);
  row('markdownlint-cli2 (default rules)', res.markdownlint);
  if (!res.remark) lines.push(`| ${head} | peers | not run (\`--peer-max ${peerMax}\`) | | | |`);
  row('floor: read every file', res.floorRead);
  row('floor: YAML + ajv on every frontmatter, one core', res.floorFrontmatter);
  row('floor: remark-parse (+ gfm, frontmatter) alone, one core', res.floorParse);
  lines.push(
    `| ${head} | floor: remark-parse ÷ ${os.cpus().length} cores | ${s(res.floorParse.ms / os.cpus().length)} | | | |`,
  );
}
lines.push('', '## Whole repository, CLI, on a second corpus from another generator', '');
if (!secondRes)
  lines.push(
    secondCount > 0
      ? `Not run: \`${path.relative(root, secondGenerator)}\` was not found (the shared folder beside the checkout).`
      : 'Not run (`--second 0`).',
  );
else {
  lines.push(
    `Written by the shared folder's \`bench/gen-corpus.mjs\` (seed \`${second.seed}\`, sha256 ${second.sha256.slice(0, 12)}…): other section wording, timelines with bold timestamps, nested frontmatter, its own draft-07 schema (validated by both schema linters), about 6% deliberate frontmatter defects, one ~1 MB document per 1,000 files. remark-cli runs with the generator's documented \`.remarkrc.mjs\`; ai-postmortem with \`{"schema": "schema/postmortem.schema.json", "files": ["postmortems/**/*.md"]}\`.`,
    '',
  );
  lines.push(
    '| Files (MB) | Tool | Wall time | Peak memory | vs remark-lint-frontmatter-schema | vs markdownlint-cli2 |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  const res = secondRes;
  const head = `${res.files} (${(res.bytes / 1e6).toFixed(1)})`;
  const row = (name, r) =>
    lines.push(
      `| ${head} | ${name} | ${s(r.ms)}${spread(r)} | ${r.mb.toFixed(0)} MB | ${ratio(res.remark.ms, r.ms)} | ${ratio(res.markdownlint.ms, r.ms)} |`,
    );
  row('**ai-postmortem**, cold, one worker per core', res.ours);
  row('ai-postmortem, cold, `--jobs 1`', res.oursOneThread);
  row('remark-cli + remark-lint-frontmatter-schema', res.remark);
  row('markdownlint-cli2 (default rules)', res.markdownlint);
  row('floor: remark-parse (+ gfm, frontmatter) alone, one core', res.floorParse);
  lines.push(
    `| ${head} | floor: remark-parse ÷ ${os.cpus().length} cores | ${s(res.floorParse.ms / os.cpus().length)} | | | |`,
  );
}
lines.push('', '## Re-lint after a keystroke, in process', '');
lines.push(
  'Seeded random edits (typing, newlines, deletions, pasted words) at random places. ai-postmortem: `createIncrementalLinter()` (schema and every rule), then the plain `lint()` (full parse) for reference; the peers re-process the whole document through their in-process APIs.',
  '',
);
lines.push(
  '| Document | Tool | Median | p95 | vs remark-lint-frontmatter-schema (median) | vs markdownlint (median) |',
  '| --- | --- | --- | --- | --- | --- |',
);
if (!parts.has('keystroke')) lines.push('| | not run (`--parts`) | | | | |');
for (const [name, k] of Object.entries(keystroke)) {
  if (name === 'versions') continue;
  const row = (tool, r, extra = '') =>
    lines.push(
      `| ${name} (${(k.length / 1000).toFixed(0)} K chars) | ${tool}${extra} | ${s(r.median)} | ${s(r.p95)} | ${ratio(k.remark.median, r.median)} | ${ratio(k.markdownlint.median, r.median)} |`,
    );
  row(
    '**ai-postmortem**, incremental',
    k.incremental,
    `, ${k.incremental.n} edits, median ${k.incremental.medianParsed} chars re-parsed`,
  );
  row('ai-postmortem, plain `lint()`', k.plain, `, ${k.plain.n} edits`);
  row('remark + remark-lint-frontmatter-schema', k.remark, `, ${k.remark.n} edits`);
  row('markdownlint', k.markdownlint, `, ${k.markdownlint.n} edits`);
}
lines.push('', '## Start-up and size', '');
lines.push(
  '| Figure | ai-postmortem | remark-cli + schema | markdownlint-cli2 |',
  '| --- | --- | --- | --- |',
);
if (!cold.ours) lines.push('| CLI cold start | not run (`--parts`) | | |');
else
  lines.push(
    `| CLI cold start, one small file alone in a folder (median of ${coldRounds}, tools taking turns; fastest–slowest) | ${s(cold.ours.median)} (${s(cold.ours.min)}–${s(cold.ours.max)}) | ${s(cold.remark.median)} (${s(cold.remark.min)}–${s(cold.remark.max)}) | ${s(cold.markdownlint.median)} (${s(cold.markdownlint.min)}–${s(cold.markdownlint.max)}) |`,
  );
if (cold.ours)
  lines.push(
    `| CLI, the same file named inside the ${small.count}-file corpus (ours also indexes the other postmortems for \`recurrence\`) | ${s(cold.oursInRepository.median)} | – | – |`,
  );
if (cold.ours)
  lines.push(`| \`node -e 0\` on this machine (the floor of any Node CLI) | ${s(nodeFloor.median)} | | |`);
lines.push(
  `| Extension activation | ${activation.error ? `not measured (${activation.error})` : `${s(activation.activateMs)} activate + ${s(activation.loadMs)} load of \`dist/extension.cjs\` (Node, \`vscode\` API stubbed, not a real extension host)`} | – | – |`,
);
lines.push(
  `| CLI bundles (\`dist/cli.js\` loader + \`dist/cli-main.cjs\` + \`dist/lint-worker.js\`) | ${kb(size('dist/cli.js'))} + ${kb(size('dist/cli-main.cjs'))} + ${kb(size('dist/lint-worker.js'))} | – | – |`,
);
lines.push(
  `| Extension bundle (\`dist/extension.cjs\`, web: \`dist/web/extension.cjs\`) | ${kb(size('dist/extension.cjs'))}, web ${kb(size('dist/web/extension.cjs'))} | – | – |`,
);
lines.push(
  `| \`.vsix\` | ${vsix.length ? vsix.map((v) => `${kb(v.bytes)} (\`${v.name}\`)`).join(', ') : 'not built (`npx vsce package`)'} | – | – |`,
);
lines.push('');
writeFileSync(resultsFile, `${lines.join('\n')}\n`);
writeFileSync(
  resultsFile.replace(/\.md$/, '.json'),
  JSON.stringify(
    { whole, second: secondRes, keystroke, cold, nodeFloor, activation, started, load },
    null,
    2,
  ),
);
process.stderr.write(`wrote ${path.relative(root, resultsFile)}\n`);
