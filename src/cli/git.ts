/**
 * The CLI's git side, for `--changed-since REF` and for repository-relative paths in the CI
 * formats: which files and which lines changed since the merge base of `REF` and `HEAD`
 * (working tree included, so it also works before committing), read from `git diff`.
 */
import type * as ChildProcess from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let childProcess: typeof ChildProcess | undefined;
/** `node:child_process`, loaded on the first git call: most runs never start git, and loading it is a start-up cost. */
function spawnSync(
  ...args: Parameters<typeof ChildProcess.spawnSync>
): ReturnType<typeof ChildProcess.spawnSync> {
  childProcess ??= createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;
  return childProcess.spawnSync(...args);
}

export class GitError extends Error {}

export interface ChangedFiles {
  /** The repository's top-level folder, as git prints it (symlinks resolved). */
  readonly root: string;
  /** Per changed file (POSIX path relative to `root`), the 1-based lines added or modified in the new version. */
  readonly lines: ReadonlyMap<string, ReadonlySet<number>>;
}

/** Run git; on failure, a `GitError` naming the command (`label`, or the whole command line) and git's first error line. */
function git(args: readonly string[], cwd: string, label = `git ${args.join(' ')}`): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
    windowsHide: true,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new GitError(
      code === 'ENOENT'
        ? 'git is not installed or not on PATH'
        : `cannot run git (${code ?? result.error.message})`,
    );
  }
  if (result.status !== 0) {
    const message = result.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    throw new GitError(`\`${label}\` failed: ${message || `exit code ${result.status}`}`);
  }
  return result.stdout.toString('utf8');
}

/**
 * Files and lines changed between the merge base of `ref` and `HEAD` and the working tree
 * (`git diff --merge-base REF`): in a pull request job, exactly the PR's changes. Deleted files
 * are left out; untracked files are not known to git diff and are left out too.
 */
export function changedSince(ref: string, cwd: string): ChangedFiles {
  if (ref.startsWith('-')) throw new GitError(`\`${ref}\` is not a git ref`);
  const root = git(['rev-parse', '--show-toplevel'], cwd).replace(/\r?\n$/, '');
  const base = [
    '-c',
    'core.quotepath=off',
    'diff',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '--merge-base',
    ref,
  ];
  const label = `git diff --merge-base ${ref}`;
  const names = git([...base, '--name-only', '-z', '--diff-filter=d', '--'], root, label)
    .split('\0')
    .filter(Boolean);
  const hunks = parseZeroContextDiff(git([...base, '-U0', '--diff-filter=d', '--'], root, label));
  const lines = new Map<string, ReadonlySet<number>>();
  for (const name of names) lines.set(name, hunks.get(name) ?? new Set());
  return { root, lines };
}

/**
 * Added and modified lines per new path from `git diff -U0` output: each hunk header
 * `@@ -a,b +c,d @@` covers new lines `c … c+d-1` (`d` defaults to 1; `d = 0` is a pure deletion).
 */
export function parseZeroContextDiff(diff: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  // Lines still to come in the current hunk: they may themselves look like `+++ ` or `@@ ` headers.
  let pending = 0;
  for (const line of diff.split('\n')) {
    if (pending > 0) {
      if (!line.startsWith('\\')) pending--;
      continue;
    }
    if (line.startsWith('+++ ')) {
      const name = headerPath(line.slice(4));
      current = name === undefined ? undefined : (out.get(name) ?? new Set());
      if (name !== undefined && current) out.set(name, current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      const removed = hunk[1] === undefined ? 1 : Number(hunk[1]);
      const start = Number(hunk[2]);
      const added = hunk[3] === undefined ? 1 : Number(hunk[3]);
      pending = removed + added;
      if (current) for (let l = start; l < start + added; l++) current.add(l);
    }
  }
  return out;
}

/** The path of a `+++ ` header: `b/name` (git adds a tab after names with spaces), `"b/quoted"`, or `/dev/null`. */
function headerPath(header: string): string | undefined {
  const raw = header.startsWith('"') ? unquoteC(header) : header.replace(/\t$/, '');
  if (raw === undefined || !raw.startsWith('b/')) return undefined;
  return raw.slice(2);
}

/** Git's C-style quoted path: `\"`, `\\`, `\t`, `\n`… and octal bytes (`\303\251` is `é`). */
export function unquoteC(quoted: string): string | undefined {
  const end = quoted.lastIndexOf('"');
  if (end <= 0) return undefined;
  const body = quoted.slice(1, end);
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length;) {
    if (body[i] !== '\\') {
      const ch = String.fromCodePoint(body.codePointAt(i)!);
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 4;
    } else {
      const next = body[i + 1] ?? '\\';
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 2;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The repository root above `cwd` (the nearest folder holding `.git`), else `cwd` itself. */
export async function repoRoot(cwd: string): Promise<string> {
  let dir = path.resolve(cwd);
  for (;;) {
    try {
      await fs.stat(path.join(dir, '.git'));
      return dir;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.resolve(cwd);
      dir = parent;
    }
  }
}
