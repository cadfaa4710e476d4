/**
 * Loads the CLI bundle (`dist/cli-main.cjs`) through V8's code cache on Node before 22.1, which has no
 * `module.enableCompileCache` (`index.ts` uses the runtime's cache where it exists): the bytecode V8 compiled
 * in an earlier run (the bundle's top level and every function that run called) is handed back to
 * `vm.Script`, so a start-up neither parses the 1 MB bundle nor compiles those functions again. Without it a
 * one-file lint on Node 20 misses the 150 ms cold-start target (README, Performance). `vm` takes cached data only
 * for scripts, which is why the bundle is CommonJS. Delete this file when `engines` leaves Node 20.
 *
 * The cache is an optimisation only: a file that is missing, stale (another bundle, Node, V8 or flags),
 * unreadable or rejected by V8 is ignored and rewritten after the run, and a directory that cannot be
 * used (not ours, writable by others, read-only) turns the cache off. Nothing here throws past
 * `loadBundle` except a failure to read or run the bundle itself.
 */
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * What became of the cache in one load: `off` (disabled or no usable folder), `miss` (no file), `stale`
 * (a file for another bundle or runtime), `rejected` (corrupt: the digest or V8 refused the data) or
 * `hit` (V8 used it).
 */
export type CodeCacheStatus = 'off' | 'miss' | 'stale' | 'rejected' | 'hit';

export interface LoadOptions {
  /** The cache folder; `undefined` turns the cache off. */
  readonly cacheDir: string | undefined;
  /** Runtime facts the key includes besides the bundle's content; defaults to this process's. */
  readonly runtime?: string;
}

export interface LoadedBundle {
  /** `module.exports` of the bundle. */
  readonly exports: unknown;
  readonly status: CodeCacheStatus;
  /** The cache file this load read or will write (`undefined` when `off`). */
  readonly file: string | undefined;
  /**
   * Write the cache now (call it after the run, so the functions the run compiled are in it) when the
   * load did not use one. Never throws; a cache that cannot be written is left alone.
   */
  save(): void;
}

const MAGIC = 'ai-postmortem-code-cache-3';

/** Node, V8, platform and flags: cached data is valid only for the same runtime. */
export function runtimeKey(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return [
    process.version,
    process.versions.v8,
    process.platform,
    process.arch,
    process.execArgv.join(' '),
    env['NODE_OPTIONS'] ?? '',
  ].join('\u0000');
}

/**
 * The per-user cache folder: `$XDG_CACHE_HOME/ai-postmortem` when that is set, else
 * `<tmpdir>/ai-postmortem-<uid>`; `undefined` when `AI_POSTMORTEM_CODE_CACHE=0` turns the cache off.
 */
export function codeCacheDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  if (env['AI_POSTMORTEM_CODE_CACHE'] === '0') return undefined;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'ai-postmortem');
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : safeUserName();
  return path.join(os.tmpdir(), `ai-postmortem-${user}`);
}

function safeUserName(): string {
  try {
    return os.userInfo().username.replace(/[^\w.-]/g, '_') || 'user';
  } catch {
    return 'user';
  }
}

/**
 * Whether `dir` may hold cached code: a real folder (created 0700 if missing), owned by this user,
 * writable by this process and by nobody else. Cached data is code V8 runs, so a folder someone else can write to is never used.
 */
function usableDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0))
      return false;
    // A folder this process cannot write to (read-only file system) would make every run a miss that warms up for nothing.
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function sha256(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** Read, compile (with the cached data when it fits) and run the CommonJS bundle at `file`. */
export function loadBundle(file: string, options: LoadOptions): LoadedBundle {
  const bytes = readFileSync(file);
  const source = bytes.toString('utf8');
  const dir = options.cacheDir !== undefined && usableDir(options.cacheDir) ? options.cacheDir : undefined;
  const runtime = options.runtime ?? runtimeKey();
  // One file per bundle path and runtime: runs with other flags (NODE_OPTIONS, a test's preload) keep their own.
  const cacheFile =
    dir === undefined
      ? undefined
      : path.join(dir, `${sha256(path.resolve(file)).slice(0, 16)}-${sha256(runtime).slice(0, 8)}.v8cache`);
  // `MAGIC key digest\n` then V8's data: the key names the bundle's content and the runtime, the digest guards the
  // data (V8 checks only its header and length in release builds, so a flipped bit could otherwise reach the deserializer).
  const prefix = `${MAGIC} ${sha256(bytes, runtime)} `;

  let status: CodeCacheStatus = cacheFile === undefined ? 'off' : 'miss';
  let cachedData: Buffer | undefined;
  if (cacheFile !== undefined) {
    let stored: Buffer | undefined;
    try {
      stored = readFileSync(cacheFile);
    } catch {
      stored = undefined;
    }
    if (stored !== undefined) {
      const end = stored.indexOf(0x0a);
      const header = end < 0 ? '' : stored.subarray(0, end).toString('latin1');
      if (!header.startsWith(prefix)) status = 'stale';
      else {
        const data = stored.subarray(end + 1);
        if (data.length > 0 && header.slice(prefix.length) === sha256(data)) cachedData = data;
        else status = 'rejected';
      }
    }
  }

  // The CommonJS wrapper on a line of its own, so line numbers in stacks are the bundle's; strict, as the ESM sources are.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname) { 'use strict';\n${source}\n})`,
    {
      filename: file,
      lineOffset: -1,
      ...(cachedData === undefined ? {} : { cachedData }),
    },
  );
  if (cachedData !== undefined) status = script.cachedDataRejected === true ? 'rejected' : 'hit';

  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: { exports: unknown },
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));

  let saved = false;
  return {
    exports: module.exports,
    status,
    file: cacheFile,
    save() {
      if (saved || cacheFile === undefined || status === 'hit') return;
      saved = true;
      const temp = `${cacheFile}.${process.pid}.tmp`;
      try {
        // Temp file + rename: a concurrent run reads the old file or the new one, never half of one.
        const data = script.createCachedData();
        writeFileSync(temp, Buffer.concat([Buffer.from(`${prefix}${sha256(data)}\n`, 'latin1'), data]), {
          mode: 0o600,
        });
        renameSync(temp, cacheFile);
      } catch {
        try {
          rmSync(temp, { force: true });
        } catch {
          // Nothing more to do: the cache is an optimisation.
        }
      }
    },
  };
}
