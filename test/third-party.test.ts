/**
 * The project holds only what it wrote: third-party documents, traces and schemas stay in the shared folder, and the
 * fixture folders keep pointers to them (a table in their PROVENANCE.md: shared file → the project's files that belong
 * to it). This test parses the pointers and fails when a fixture folder gains a file a pointer says came from
 * elsewhere, or when any file of the project is byte-identical to a file of the shared folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SHARED_PREFIX } from '../scripts/eval-lib.js';
import { needsShared, sharedFolder } from '../scripts/shared-folder.js';

/** One row of a pointer table. */
interface Pointer {
  /** The PROVENANCE.md holding the row (repository-relative). */
  readonly provenance: string;
  /** The fixture folder it describes. */
  readonly folder: string;
  /** A file of the shared folder, relative to it. */
  readonly shared: string;
  /** The project's files belonging to it, relative to `folder` (none for `—`). */
  readonly project: readonly string[];
}

const HEADER = /^\|\s*Shared file\s*\|\s*Project files that belong to it\s*\|\s*$/;
const CODE = /`([^`]+)`/g;

/** The rows of the pointer table of one PROVENANCE.md; a malformed row is an error naming its line. */
function parsePointers(provenance: string, text: string): Pointer[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => HEADER.test(l));
  if (start === -1) return [];
  const folder = path.dirname(provenance);
  const rows: Pointer[] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const cells = lines[i]!.split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const shared = [...(cells[0] ?? '').matchAll(CODE)].map((m) => m[1]!);
    const project = [...(cells[1] ?? '').matchAll(CODE)].map((m) => m[1]!);
    if (cells.length !== 2 || shared.length !== 1 || (project.length === 0 && cells[1] !== '—')) {
      throw new Error(
        `${provenance}:${i + 1}: expected \`| \`<shared file>\` | \`<project file>\`… or — |\`, got ${lines[i]}`,
      );
    }
    rows.push({ provenance, folder, shared: shared[0]!, project });
  }
  return rows;
}

/** Every file under `dir` (repository-relative), skipping what is not the project's: dependencies and build output. */
function filesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'out', 'dist', '.git', '.vscode-host', '.corpus'].includes(entry.name))
        filesUnder(full, out);
    } else if (entry.isFile()) out.push(full);
  }
  return out;
}

const PROVENANCE = filesUnder('test/fixtures')
  .filter((f) => path.basename(f) === 'PROVENANCE.md')
  .sort();
const POINTERS = PROVENANCE.flatMap((f) => parsePointers(f, readFileSync(f, 'utf8')));

describe('third-party material stays in the shared folder', () => {
  it('keeps a pointer table in every fixture folder that refers to third-party files', () => {
    const folders = new Set(POINTERS.map((p) => p.folder.split(path.sep).join('/')));
    for (const folder of [
      'test/fixtures/traces',
      'test/fixtures/corpus',
      'test/fixtures/schemas-external',
      'test/fixtures/labelled',
      'test/fixtures/ai-writeups',
    ]) {
      assert.ok(folders.has(folder), `${folder}/PROVENANCE.md has no pointer table`);
    }
    assert.ok(POINTERS.length >= 80, `${POINTERS.length} pointers`);
  });

  it('finds every project file a pointer names, beside the pointer', () => {
    const missing = POINTERS.flatMap((p) =>
      p.project.filter((f) => !existsSync(path.join(p.folder, f))).map((f) => `${p.provenance}: ${f}`),
    );
    assert.deepEqual(missing, []);
  });

  it('has no file anywhere under test/ named like a third-party file a pointer names', () => {
    const thirdParty = new Map(POINTERS.map((p) => [path.basename(p.shared), p]));
    const found = filesUnder('test')
      .filter((f) => thirdParty.has(path.basename(f)))
      .map(
        (f) =>
          `${f} is the third-party file ${thirdParty.get(path.basename(f))!.shared} (${thirdParty.get(path.basename(f))!.provenance}); read it from the shared folder instead`,
      );
    assert.deepEqual(found, []);
  });

  it('names in a pointer every shared document a labels.json labels', () => {
    const pointed = new Set(POINTERS.map((p) => `${p.folder}\n${p.shared}`));
    const unpointed = filesUnder('test/fixtures')
      .filter((f) => path.basename(f) === 'labels.json')
      .flatMap((f) =>
        Object.keys(JSON.parse(readFileSync(f, 'utf8')) as object)
          .filter(
            (k) =>
              k.startsWith(SHARED_PREFIX) &&
              !pointed.has(`${path.dirname(f)}\n${k.slice(SHARED_PREFIX.length)}`),
          )
          .map((k) => `${f}: ${k}`),
      );
    assert.deepEqual(unpointed, []);
  });

  it('ships no test file in the npm tarball or the .vsix (both are allowlists)', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'silent' },
    });
    assert.equal(r.status, 0, r.stderr);
    const packed = (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map(
      (f) => f.path,
    );
    assert.ok(
      packed.includes('package.json') && packed.some((f) => f.startsWith('dist/')),
      'the tarball was listed',
    );
    assert.deepEqual(
      packed.filter((f) => f.startsWith('test/') || f.startsWith('bench/') || f.startsWith('scripts/')),
      [],
    );
    const vsix = readFileSync('.vscodeignore', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1).trim());
    assert.ok(vsix.includes('dist/extension.cjs'), 'the .vsix allowlist was read');
    assert.deepEqual(
      vsix.filter(
        (f) =>
          !/^(package\.json|README\.md|CHANGELOG\.md|LICENSE|language-configuration\.json|dist\/|syntaxes\/|snippets\/|schemas\/|images\/icon\.png$)/.test(
            f,
          ),
      ),
      [],
    );
  });

  const skip = needsShared();
  it('finds every shared file a pointer names in the shared folder', { skip }, () => {
    const root = sharedFolder().path;
    assert.deepEqual(
      POINTERS.filter((p) => !existsSync(path.join(root, p.shared))).map(
        (p) => `${p.provenance}: ${p.shared}`,
      ),
      [],
    );
  });

  it('has no file in the project byte-identical to a file of the shared folder', { skip }, () => {
    // Tiny files (an empty file, `{}`) say nothing about where they came from.
    const MIN = 64;
    const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
    const root = sharedFolder().path;
    const shared = new Map<number, Map<string, string>>();
    for (const f of filesUnder(root)) {
      const size = statSync(f).size;
      if (size < MIN) continue;
      if (!shared.has(size)) shared.set(size, new Map());
      shared.get(size)!.set(hash(f), path.relative(root, f));
    }
    assert.ok(shared.size > 50, 'the shared folder was read');
    const copies = filesUnder('.').flatMap((f) => {
      const bySize = shared.get(statSync(f).size);
      const match = bySize?.get(hash(f));
      return match === undefined ? [] : [`${f} is a copy of the shared folder's ${match}`];
    });
    assert.deepEqual(copies, []);
  });
});
