/**
 * The CLI's start-up cache: Node's own compile cache where the runtime has `module.enableCompileCache`
 * (src/cli/index.ts), else the V8 code cache of src/cli/code-cache.ts, where a run reuses the bytecode of an
 * earlier one, and a missing, stale, corrupt or unusable cache changes nothing but speed. No timings: what is
 * checked is which cache a load used, what it wrote, and that the output is the same.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { codeCacheDir } from '../src/cli/code-cache.js';

const BIN = path.resolve('bin/postmortem.js');
const LOAD = path.resolve('out/test/support/load-bundle.js');

interface Load {
  readonly status: string;
  readonly file: string | null;
  readonly exports: { answer: number; strict: boolean; dir: string };
}

/** `loadBundle` then `save`, in a new process (within one process V8 reuses its first compile and reads no cache). */
function loadBundle(file: string, options: { cacheDir: string | undefined; runtime?: string }): Load {
  const args = [
    LOAD,
    file,
    options.cacheDir ?? '-',
    ...(options.runtime === undefined ? [] : [options.runtime]),
  ];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Load;
}

/** A small CommonJS bundle in a fresh folder, and a cache folder beside it. */
function bundleWith(source: string): { file: string; cacheDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-code-cache-'));
  const file = path.join(dir, 'bundle.cjs');
  writeFileSync(file, source);
  return { file, cacheDir: path.join(dir, 'cache') };
}

const SOURCE =
  "'use strict';\nfunction twice(n) { return n * 2; }\nmodule.exports = { answer: twice(21), strict: (function () { return this === undefined; })(), dir: __dirname };\n";

function answer(exports: Load['exports']): number {
  return exports.answer;
}

describe('code cache: loadBundle', () => {
  it('runs the bundle without a cache, writes one, and the next load uses it without rewriting it', () => {
    const { file, cacheDir } = bundleWith(SOURCE);
    const first = loadBundle(file, { cacheDir });
    assert.equal(first.status, 'miss');
    assert.equal(answer(first.exports), 42);
    assert.equal(first.exports.strict, true);
    assert.equal(first.exports.dir, path.dirname(file));
    assert.ok(
      first.file && first.file.startsWith(cacheDir) && first.file.endsWith('.v8cache'),
      String(first.file),
    );
    assert.deepEqual(readdirSync(cacheDir), [path.basename(first.file)]);
    assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
    const written = statSync(first.file);

    const second = loadBundle(file, { cacheDir });
    assert.equal(second.status, 'hit');
    assert.equal(answer(second.exports), 42);
    // A load that used the cache leaves the file as it was (same inode: no rewrite).
    assert.equal(statSync(first.file).ino, written.ino);
  });

  it('refuses data whose digest does not match, or that V8 rejects, still runs the bundle, and replaces the file', () => {
    const { file, cacheDir } = bundleWith(SOURCE);
    const first = loadBundle(file, { cacheDir });
    const cache = first.file!;
    const stored = readFileSync(cache);
    const end = stored.indexOf(0x0a);
    const header = stored.subarray(0, end).toString('latin1');
    const data = stored.subarray(end + 1);

    // One flipped bit in V8's data: the digest no longer matches.
    const flipped = Buffer.from(data);
    flipped[flipped.length >> 1]! ^= 0x01;
    writeFileSync(cache, Buffer.concat([stored.subarray(0, end + 1), flipped]));
    const corrupt = loadBundle(file, { cacheDir });
    assert.equal(corrupt.status, 'rejected');
    assert.equal(answer(corrupt.exports), 42);
    assert.notDeepEqual(readFileSync(cache).subarray(end + 1), flipped);
    assert.equal(loadBundle(file, { cacheDir }).status, 'hit');

    // Garbage with a matching digest reaches V8, which refuses it.
    const garbage = Buffer.alloc(data.length, 0x5a);
    const digest = createHash('sha256').update(garbage).update('\u0000').digest('hex');
    writeFileSync(
      cache,
      Buffer.concat([
        Buffer.from(`${header.slice(0, header.lastIndexOf(' '))} ${digest}\n`, 'latin1'),
        garbage,
      ]),
    );
    const refused = loadBundle(file, { cacheDir });
    assert.equal(refused.status, 'rejected');
    assert.equal(answer(refused.exports), 42);
    assert.equal(loadBundle(file, { cacheDir }).status, 'hit');
  });

  it('treats a cache of another bundle content or a truncated file as stale, and keeps one file per runtime', () => {
    const { file, cacheDir } = bundleWith(SOURCE);
    const first = loadBundle(file, { cacheDir });
    // The same length with another content: V8 alone would accept the old bytecode, the key must not.
    writeFileSync(file, SOURCE.replace('n * 2', 'n + 2'));
    const changed = loadBundle(file, { cacheDir });
    assert.equal(changed.status, 'stale');
    assert.equal(answer(changed.exports), 23);
    assert.equal(loadBundle(file, { cacheDir }).status, 'hit');
    // Another runtime has a file of its own, and this one's stays usable.
    assert.equal(loadBundle(file, { cacheDir, runtime: 'another node' }).status, 'miss');
    assert.equal(loadBundle(file, { cacheDir, runtime: 'another node' }).status, 'hit');
    assert.equal(loadBundle(file, { cacheDir }).status, 'hit');
    assert.equal(readdirSync(cacheDir).length, 2);

    writeFileSync(first.file!, 'ai-postmortem-code-cache-2');
    const truncated = loadBundle(file, { cacheDir });
    assert.equal(truncated.status, 'stale');
    assert.equal(answer(truncated.exports), 23);
  });

  it('turns the cache off, and still runs, when there is no folder or it cannot be used', () => {
    const { file, cacheDir } = bundleWith(SOURCE);
    const none = loadBundle(file, { cacheDir: undefined });
    assert.equal(none.status, 'off');
    assert.equal(none.file, null);
    // A file where the folder should be.
    writeFileSync(cacheDir, 'not a folder');
    const blocked = loadBundle(file, { cacheDir });
    assert.equal(blocked.status, 'off');
    assert.equal(answer(blocked.exports), 42);
    assert.equal(readFileSync(cacheDir, 'utf8'), 'not a folder');
    // A folder others can write to: cached data is code, so it is not trusted.
    const open = `${cacheDir}-open`;
    mkdirSync(open);
    chmodSync(open, 0o777);
    const shared = loadBundle(file, { cacheDir: open });
    assert.equal(shared.status, 'off');
    assert.equal(answer(shared.exports), 42);
    assert.deepEqual(readdirSync(open), []);
  });

  it(
    'turns the cache off, and still runs, for a folder that is read-only or owned by another user',
    { skip: process.getuid?.() === 0 ? false : 'runs a child as another user, which needs root' },
    () => {
      const { file, cacheDir } = bundleWith(SOURCE);
      const nobody = 65534;
      chmodSync(path.dirname(file), 0o755);
      const readOnly = `${cacheDir}-read-only`;
      mkdirSync(readOnly, { mode: 0o500 });
      chownSync(readOnly, nobody, nobody);
      const rootOwned = `${cacheDir}-root`;
      mkdirSync(rootOwned, { mode: 0o777 });
      chmodSync(rootOwned, 0o755);
      for (const dir of [readOnly, rootOwned]) {
        const r = spawnSync(process.execPath, [LOAD, file, dir], {
          encoding: 'utf8',
          uid: nobody,
          gid: nobody,
        });
        assert.equal(r.status, 0, r.stderr);
        const load = JSON.parse(r.stdout) as Load;
        assert.equal(load.status, 'off');
        assert.equal(answer(load.exports), 42);
        assert.deepEqual(readdirSync(dir), []);
      }
    },
  );

  it('finds the folder in XDG_CACHE_HOME, else in the temporary folder per user, and none when turned off', () => {
    assert.equal(
      codeCacheDir({ XDG_CACHE_HOME: path.join(path.sep, 'home', 'u', '.cache') }),
      path.join(path.sep, 'home', 'u', '.cache', 'ai-postmortem'),
    );
    assert.equal(path.dirname(codeCacheDir({ XDG_CACHE_HOME: 'relative' })!), tmpdir());
    assert.match(path.basename(codeCacheDir({})!), /^ai-postmortem-/);
    assert.equal(
      codeCacheDir({ AI_POSTMORTEM_CODE_CACHE: '0', XDG_CACHE_HOME: path.join(path.sep, 'x') }),
      undefined,
    );
  });
});

describe('code cache: the CLI', () => {
  function cli(cacheHome: string, extraEnv: Record<string, string> = {}) {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome, ...extraEnv };
    delete env['GITHUB_ACTIONS'];
    delete env['GITHUB_STEP_SUMMARY'];
    const r = spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', 'examples'], {
      encoding: 'utf8',
      env,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('gives the same findings and exit code with no cache, a fresh one, a corrupt one and the cache turned off', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'pm-code-cache-cli-'));
    const dir = path.join(home, 'ai-postmortem');
    const first = cli(home);
    assert.equal(first.status, 1, first.stderr);
    assert.ok(JSON.parse(first.stdout), 'json output');
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /\.v8cache$/);
    const file = path.join(dir, files[0]!);
    const made = statSync(file);

    // The second run uses the cache: it does not rewrite it (a miss, stale or rejected cache is replaced by rename).
    const second = cli(home);
    assert.deepEqual(second, first);
    assert.equal(statSync(file).ino, made.ino);

    writeFileSync(file, Buffer.concat([readFileSync(file).subarray(0, 100), Buffer.alloc(4096, 7)]));
    const corrupt = cli(home);
    assert.deepEqual(corrupt, first);
    assert.notEqual(statSync(file).ino, made.ino);
    assert.ok(statSync(file).size > 4196, 'rewritten with real cached data');

    const offHome = mkdtempSync(path.join(tmpdir(), 'pm-code-cache-off-'));
    const off = cli(offHome, { AI_POSTMORTEM_CODE_CACHE: '0' });
    assert.deepEqual(off, first);
    assert.deepEqual(readdirSync(offHome), []);
  });

  it('writes no cache after a run that linted nothing on this thread, and the first one-file lint writes it', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'pm-code-cache-first-'));
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: home };
    const dir = path.join(home, 'ai-postmortem');
    const missing = spawnSync(process.execPath, [BIN, 'lint', path.join(home, 'no-such-file.md')], {
      encoding: 'utf8',
      env,
    });
    assert.equal(missing.status, 2);
    assert.equal(missing.stdout, '', 'a missing path is an error, never a pass line');
    assert.match(missing.stderr, /no-such-file\.md: no such file or directory/);
    // The run compiled neither the parser nor the rules: a cache of it would leave later one-file runs compiling them.
    assert.deepEqual(readdirSync(dir), []);
    const first = spawnSync(
      process.execPath,
      [BIN, 'lint', 'examples/support-bot-refund-policy.postmortem.md'],
      { encoding: 'utf8', env },
    );
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /\.v8cache$/);
    const made = statSync(path.join(dir, files[0]!));
    // Then it is left alone, and the output never changes.
    const second = spawnSync(
      process.execPath,
      [BIN, 'lint', 'examples/support-bot-refund-policy.postmortem.md'],
      { encoding: 'utf8', env },
    );
    assert.equal(statSync(path.join(dir, files[0]!)).ino, made.ino);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.status, first.status);
    assert.ok(first.stdout.length > 0);
  });

  it('gives the same stylish, SARIF and GitHub output from a run that writes the cache and one that reads it', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['GITHUB_ACTIONS'];
    delete env['GITHUB_STEP_SUMMARY'];
    // The first format's writing run leaves its cache for every reading run.
    let home: string | undefined;
    for (const format of ['stylish', 'sarif', 'github']) {
      const args = [BIN, 'lint', '--format', format, 'examples'];
      const fresh = mkdtempSync(path.join(tmpdir(), 'pm-code-cache-new-'));
      const writing = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        env: { ...env, XDG_CACHE_HOME: fresh },
      });
      home ??= fresh;
      const reading = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        env: { ...env, XDG_CACHE_HOME: home },
      });
      assert.equal(reading.status, writing.status);
      assert.equal(reading.stdout, writing.stdout);
      assert.equal(reading.stderr, writing.stderr);
      assert.ok(writing.stdout.length > 0);
    }
  });
});

describe('start-up cache: the runtime compile cache', () => {
  const args = [BIN, 'lint', '--format', 'json', 'examples'];
  function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of [
      'GITHUB_ACTIONS',
      'GITHUB_STEP_SUMMARY',
      'NODE_COMPILE_CACHE',
      'NODE_DISABLE_COMPILE_CACHE',
    ])
      delete env[name];
    return { ...env, ...extra };
  }

  it('hands start-up to module.enableCompileCache where the runtime has it, and writes no cache of its own', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'pm-compile-cache-'));
    const mark = path.join(home, 'enabled');
    // A runtime with the API (Node >= 22.1), stood in for by a preload on older Node: it records the call.
    const preload = path.join(home, 'with-compile-cache.mjs');
    writeFileSync(
      preload,
      `import module from 'node:module';\nimport { appendFileSync } from 'node:fs';\nmodule.enableCompileCache = () => { appendFileSync(${JSON.stringify(mark)}, 'called\\n'); return { status: 1 }; };\n`,
    );
    const plain = spawnSync(process.execPath, args, {
      encoding: 'utf8',
      env: envWith({ AI_POSTMORTEM_CODE_CACHE: '0' }),
    });
    const withApi = spawnSync(process.execPath, ['--import', preload, ...args], {
      encoding: 'utf8',
      env: envWith({ XDG_CACHE_HOME: home }),
    });
    assert.equal(withApi.status, plain.status, withApi.stderr);
    assert.equal(withApi.stdout, plain.stdout);
    assert.equal(readFileSync(mark, 'utf8'), 'called\n');
    assert.ok(
      !readdirSync(home).includes('ai-postmortem'),
      'no V8 code cache of our own beside the runtime one',
    );

    // AI_POSTMORTEM_CODE_CACHE=0 turns the runtime's cache off too.
    rmSync(mark);
    const off = spawnSync(process.execPath, ['--import', preload, ...args], {
      encoding: 'utf8',
      env: envWith({ XDG_CACHE_HOME: home, AI_POSTMORTEM_CODE_CACHE: '0' }),
    });
    assert.equal(off.stdout, plain.stdout);
    assert.ok(!existsSync(mark), 'enableCompileCache called although the cache is turned off');
  });

  it(
    'fills the runtime compile cache folder and gives the same findings from it',
    {
      skip:
        typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function'
          ? false
          : `Node ${process.version} has no module.enableCompileCache`,
    },
    () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'pm-node-compile-cache-'));
      const env = envWith({ NODE_COMPILE_CACHE: folder });
      const first = spawnSync(process.execPath, args, { encoding: 'utf8', env });
      assert.ok(readdirSync(folder).length > 0, 'nothing written to NODE_COMPILE_CACHE');
      const second = spawnSync(process.execPath, args, { encoding: 'utf8', env });
      assert.equal(second.status, first.status);
      assert.equal(second.stdout, first.stdout);
    },
  );
});
