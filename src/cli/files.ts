/** The CLI's file system side: reading text, walking folders with `.gitignore`, expanding globs. */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/** POSIX form of a native path, for the core and for output. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export class ReadError extends Error {}

/**
 * Read a file as UTF-8 text: one leading BOM is dropped (editors hide it too), invalid UTF-8 is an
 * error with the byte offset.
 */
export async function readText(file: string): Promise<string> {
  return (await readSource(file)).text;
}

/** `readText`, or `undefined` for a file that cannot be read or is not UTF-8 (a walk passes over it). */
export async function readTextIfReadable(file: string): Promise<string | undefined> {
  try {
    return await readText(file);
  } catch (error) {
    if (error instanceof ReadError) return undefined;
    throw error;
  }
}

/** `readText`, plus the bytes the text came from (so `--fix` can tell whether the file changed since). */
export async function readSource(file: string): Promise<{ text: string; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    // Synchronous: a run reads thousands of small files one after the other, and an awaited read pays four
    // thread-pool round trips (open, stat, read, close) each; a warm `--cache` run spent most of its time idle there.
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReadError(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot read (${code ?? String(error)})`,
    );
  }
  return { text: decodeText(bytes), bytes };
}

/** The text the core sees for a file's bytes: strict UTF-8, one leading BOM dropped; `ReadError` otherwise. */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ReadError(`not UTF-8 text (invalid byte at offset ${firstInvalidUtf8(bytes)})`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Offset of the first byte that starts an ill-formed UTF-8 sequence (Unicode's table 3-7), or of
 * an incomplete sequence at the end. A linear scan: a binary search over prefixes is not monotone
 * (a prefix can end inside a character), which a property test showed.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const cont = (at: number, lo = 0x80, hi = 0xbf) =>
    at < bytes.length && bytes[at]! >= lo && bytes[at]! <= hi;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let size: number;
    if (b < 0x80) size = 1;
    else if (b >= 0xc2 && b <= 0xdf) size = cont(i + 1) ? 2 : 0;
    else if (b >= 0xe0 && b <= 0xef) {
      const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      size = cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      size = cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    } else size = 0;
    if (size === 0) return i;
    i += size;
  }
  return i;
}

/** Read a file for the core's `Host`: text or `undefined` when it does not exist. */
export async function readOptional(file: string): Promise<string | undefined> {
  try {
    const text = await fs.readFile(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw error;
  }
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);
const MARKDOWN = /\.(md|markdown|mdown|mkd)$/i;

/** Markdown files under `root`, honouring every `.gitignore` on the way down (nested ones too). */
export function walkMarkdown(root: string): Promise<string[]> {
  return walk(root, (name) => MARKDOWN.test(name));
}

async function walk(root: string, accept: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const stack: Array<{ dir: string; rules: Array<{ base: string; ig: Ignore }> }> = [
    { dir: root, rules: await ancestorIgnores(root) },
  ];
  while (stack.length > 0) {
    const { dir, rules: inherited } = stack.pop()!;
    const rules = [...inherited];
    const gitignore = await readOptional(path.join(dir, '.gitignore'));
    if (gitignore !== undefined) rules.push({ base: dir, ig: ignore().add(gitignore) });
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const isDir = entry.isDirectory();
      if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
      if (ignored(rules, full, isDir)) continue;
      if (isDir) subdirs.push(full);
      else if (entry.isFile() && accept(entry.name)) out.push(full);
    }
    for (const sub of subdirs.reverse()) stack.push({ dir: sub, rules });
  }
  return out.sort();
}

function ignored(rules: ReadonlyArray<{ base: string; ig: Ignore }>, full: string, isDir: boolean): boolean {
  let result = false;
  for (const { base, ig } of rules) {
    const rel = toPosix(path.relative(base, full));
    if (!rel || rel.startsWith('..')) continue;
    const r = ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) result = true;
    else if (r.unignored) result = false;
  }
  return result;
}

/** `.gitignore` files of the folders above `root`, up to the repository root (the folder with `.git`). */
async function ancestorIgnores(root: string): Promise<Array<{ base: string; ig: Ignore }>> {
  const chain: string[] = [];
  let dir = path.resolve(root);
  for (;;) {
    const parent = path.dirname(dir);
    if (parent === dir) return [];
    if (await exists(path.join(dir, '.git'))) break;
    chain.push(parent);
    dir = parent;
  }
  const rules: Array<{ base: string; ig: Ignore }> = [];
  for (const base of chain.reverse()) {
    const text = await readOptional(path.join(base, '.gitignore'));
    if (text !== undefined) rules.push({ base, ig: ignore().add(text) });
  }
  return rules;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

export function isGlob(arg: string): boolean {
  return picomatch.scan(arg).isGlob;
}

/** Files matching a glob, searched from its static base folder (`.gitignore` honoured). */
export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const { base, glob } = picomatch.scan(toPosix(pattern));
  const root = path.resolve(cwd, base || '.');
  const match = picomatch(glob, { dot: false });
  const candidates = await walk(root, () => true);
  return candidates.filter((file) => match(toPosix(path.relative(root, file))));
}
