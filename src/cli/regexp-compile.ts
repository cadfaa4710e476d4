/**
 * How V8 compiles this process's regular expressions. The rules' phrase lists are large expressions: optimising one
 * (irregexp's analysis of its alternatives) costs more than it saves when it runs over a few kilobytes, and saves
 * far more than it costs over a repository (bench/: one small file 10 ms faster; 2,000 files 40% slower when never
 * optimised). So a run that lints a few small files on this thread compiles them plain, any other run optimised.
 * Flags are process-wide and read when an expression is first run, so this is set before linting and reset after.
 * The same matches either way: the flags choose how V8 compiles, never what an expression means.
 */
import { setFlagsFromString } from 'node:v8';

/** V8 prints an error line for a flag it does not know (it never throws): only the versions known to have these (Node 14 to 24). */
const KNOWN = (() => {
  const major = Number(process.versions.v8.split('.')[0]);
  return major >= 8 && major <= 13;
})();

/**
 * V8 first runs an expression through its bytecode interpreter and compiles it to machine code on the second run
 * ("tier-up"): two compiles for every expression used twice. The phrase lists are used many times, so compiling each
 * once, straight to machine code, saves about 15 ms of a one-file run and slows nothing over a repository. Called by
 * the CLI's loader before the bundle's first expression; process-wide, so the lint workers share it.
 */
export function compileRegExpsOnce(): void {
  if (KNOWN) setFlagsFromString('--no-regexp-tier-up');
}

/** At most this many files and characters are "a few small files". */
export const LEAN_MAX_FILES = 4;
export const LEAN_MAX_LENGTH = 256 * 1024;

/** Run `work` (a lint of `files` files, `length` characters, on this thread) with the compile mode that suits it. */
export async function withRegExpCompileFor<T>(files: number, length: number, work: () => Promise<T>): Promise<T> {
  const lean = KNOWN && files <= LEAN_MAX_FILES && length <= LEAN_MAX_LENGTH;
  if (lean) setFlagsFromString('--no-regexp-optimization');
  try {
    return await work();
  } finally {
    if (lean) setFlagsFromString('--regexp-optimization');
  }
}
