/**
 * The CLI's side of recognising postmortems: the root folder names are counted from (the
 * repository's, found by its `.git`, else the working folder), then the core decides.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { recognisePostmortem, type Recognition, type ResolvedConfig } from '../core/index.js';
import { toPosix } from './files.js';

const repositoryOf = new Map<string, string | undefined>();

/** The nearest folder at or above `dir` that holds `.git`, or `undefined`. */
export function repositoryRoot(dir: string): string | undefined {
  const chain: string[] = [];
  let found: string | undefined;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (repositoryOf.has(d)) {
      found = repositoryOf.get(d);
      break;
    }
    chain.push(d);
    if (existsSync(path.join(d, '.git'))) {
      found = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  for (const d of chain) repositoryOf.set(d, found);
  return found;
}

/**
 * Whether `file` (a native path) is a postmortem, by the core's `recognisePostmortem`. Folder names
 * count from the repository root (as the editor counts them from the workspace folder), else the
 * config's folder, else `cwd` when the file is under it.
 */
export function recognise(file: string, text: string, config: ResolvedConfig, cwd: string): Recognition {
  const full = path.resolve(cwd, file);
  let root = repositoryRoot(path.dirname(full));
  if (root === undefined && !config.path && !path.relative(cwd, full).startsWith('..')) root = cwd;
  return recognisePostmortem({ path: toPosix(full), text, config, ...(root === undefined ? {} : { root: toPosix(root) }) });
}
