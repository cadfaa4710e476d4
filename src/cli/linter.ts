/**
 * The CLI's linter instance: the core's `createLinter` over Node's file system. Every CLI path (lint, the lint
 * workers, --fix, explain, report, init, import-trace) gets its linter here, so they all read configs, schemas and
 * files alike.
 */
import path from 'node:path';
import { createLinter, type Linter, type ReadResult, type ResolvedConfig } from '../core/index.js';
import { ReadError, readOptional, readText, toPosix, walkMarkdown } from './files.js';
import { PRECOMPILED_SCHEMA } from './precompiled.js';
import { repositoryRoot } from './recognise.js';

/** `AI_POSTMORTEM_FAST_PATHS=0` (or `false`, `off`) turns every fast path off: the plain path, for comparison. */
export const FAST_PATHS_ENV = 'AI_POSTMORTEM_FAST_PATHS';

/** Whether the environment leaves the fast paths on. */
export function fastPathsFrom(env: Readonly<Record<string, string | undefined>>): boolean {
  return !/^(0|false|off|no)$/i.test(env[FAST_PATHS_ENV]?.trim() ?? '');
}

/** Absolute POSIX path, as the core names files. */
export function corePath(file: string): string {
  return toPosix(path.resolve(file));
}

/** The core's path back to a native one. */
function nativePath(p: string): string {
  return path.sep === '/' ? p : path.resolve(p.split('/').join(path.sep));
}

/**
 * Where folder names count from for recognition: the repository root (found by its `.git`), as the editor counts them
 * from the workspace folder; else, without a config, `cwd` when the file is under it.
 */
export function recognitionRoot(file: string, config: ResolvedConfig, cwd: string): string | undefined {
  const full = path.resolve(cwd, nativePath(file));
  let root = repositoryRoot(path.dirname(full));
  if (root === undefined && !config.path && !path.relative(cwd, full).startsWith('..')) root = cwd;
  return root === undefined ? undefined : toPosix(root);
}

async function read(file: string): Promise<ReadResult> {
  try {
    return { text: await readText(nativePath(file)) };
  } catch (error) {
    if (error instanceof ReadError) return { error: error.message };
    throw error;
  }
}

/** A linter instance for the CLI: configs and schemas from disk, the precompiled bundled schema, `.gitignore`-aware walks. */
export function cliLinter(options: { readonly cwd: string; readonly fastPaths: boolean }): Linter {
  return createLinter({
    host: { readFile: (p) => readOptional(nativePath(p)) },
    workspace: {
      markdownFiles: async (folder) => (await walkMarkdown(nativePath(folder))).map(corePath),
      readText: read,
      recognitionRoot: (file, config) => recognitionRoot(file, config, options.cwd),
    },
    fastPaths: options.fastPaths,
    precompiledSchema: PRECOMPILED_SCHEMA,
  });
}
