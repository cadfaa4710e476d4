/**
 * Writing a fixed file back without ever losing text: the new content goes to a temporary file in
 * the same folder, and replaces the original by `rename` only if the original's bytes still hash
 * to what was read. A file edited meanwhile (an editor save, another tool) is left untouched.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export type WriteOutcome = 'written' | 'changed-on-disk';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Test seam: runs after the temporary file is written and before the check-and-rename. */
export interface WriteHooks {
  readonly beforeCommit?: () => Promise<void>;
}

/**
 * Replace `file` with `content` if its bytes still hash to `readHash`. The temporary file keeps
 * the original's permission bits; a symbolic link is followed so the link itself survives.
 * A window of a few system calls remains between the last check and the rename; POSIX offers no
 * compare-and-swap for files, and the check right before the rename keeps it as small as it gets.
 */
export async function writeIfUnchanged(
  file: string,
  readHash: string,
  content: string | Uint8Array,
  hooks: WriteHooks = {},
): Promise<WriteOutcome> {
  const target = await fs.realpath(file);
  const before = await fs.readFile(target);
  if (sha256(before) !== readHash) return 'changed-on-disk';
  const { mode } = await fs.stat(target);
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await fs.writeFile(temp, content, { flag: 'wx', mode: mode & 0o7777 });
    await hooks.beforeCommit?.();
    const now = await fs.readFile(target);
    if (sha256(now) !== readHash) {
      await fs.rm(temp, { force: true });
      return 'changed-on-disk';
    }
    await fs.rename(temp, target);
    return 'written';
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
