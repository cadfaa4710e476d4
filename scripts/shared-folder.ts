/**
 * Where third-party material lives: real postmortems, trace files, AI incident write-ups and external schemas are
 * not in this repository (it holds only what the project wrote); tests, evaluations and scripts read them from the
 * shared folder, `$AI_POSTMORTEM_SHARED` when set, else `shared/` beside the repository (`<repo>/../shared`).
 *
 * Where the folder is absent (a clone elsewhere), what needs it is skipped with a reason naming the folder. CI sets
 * `AI_POSTMORTEM_SHARED_REQUIRED=1`: there a missing folder is an error, never a skip.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The environment variable that overrides the folder's place. */
export const SHARED_ENV = 'AI_POSTMORTEM_SHARED';
/** Set to `1` (CI does) to make a missing shared folder an error instead of a skip. */
export const REQUIRED_ENV = 'AI_POSTMORTEM_SHARED_REQUIRED';

/** The repository root: the nearest folder above this file whose package.json is this project's. */
function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'ai-postmortem'
    )
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('shared-folder: no ai-postmortem package.json above this file');
    dir = parent;
  }
}

export interface SharedFolder {
  /** Absolute path of the folder (whether or not it exists). */
  readonly path: string;
  /** How messages name it: `$AI_POSTMORTEM_SHARED (<value>)` or `../shared`. */
  readonly name: string;
  readonly present: boolean;
}

/** Where the shared folder is, and whether it is there. */
export function sharedFolder(): SharedFolder {
  const fromEnv = process.env[SHARED_ENV];
  const folder = fromEnv ? path.resolve(fromEnv) : path.resolve(repositoryRoot(), '..', 'shared');
  const name = fromEnv ? `$${SHARED_ENV} (${fromEnv})` : '../shared';
  let present = false;
  try {
    present = statSync(folder).isDirectory();
  } catch {
    present = false;
  }
  return { path: folder, name, present };
}

/**
 * Why a test needing the shared files `relatives` cannot run: a reason naming the missing folder (node:test's `skip`
 * option prints it), or `false` when it can. A folder that is there but lacks a named file is a broken pointer, not a
 * reason to skip: that throws, as does a missing folder under `AI_POSTMORTEM_SHARED_REQUIRED=1`.
 */
export function needsShared(...relatives: string[]): string | false {
  const folder = sharedFolder();
  if (!folder.present) {
    if (process.env[REQUIRED_ENV] === '1')
      throw new Error(`${REQUIRED_ENV}=1, but the shared third-party folder ${folder.name} is missing`);
    return `needs the shared third-party folder ${folder.name}, which is missing (set ${SHARED_ENV} to its path)`;
  }
  for (const relative of relatives) {
    if (!existsSync(path.join(folder.path, relative)))
      throw new Error(`${relative} is not in the shared folder ${folder.name}; the pointer to it is broken`);
  }
  return false;
}

/** The absolute path of `relative` inside the shared folder; throws with the reason when the folder is absent. */
export function sharedPath(relative: string): string {
  const reason = needsShared(relative);
  if (reason) throw new Error(reason);
  return path.join(sharedFolder().path, relative);
}
