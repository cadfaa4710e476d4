/** `--fix` never loses text: temp file + rename, and only over the bytes that were linted. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  lstatSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sha256, writeIfUnchanged } from '../src/cli/safe-write.js';

const BIN = path.resolve('bin/postmortem.js');
const PRELOAD = path.resolve('out/test/support/concurrent-edit.js');
const FIXABLE = '---\ntitle: Outage\ndate: 2026-03-14\nseverity: sev4\nstatus: draft\n---\n\n# Outage\n';

function dirWith(name: string, content: string | Buffer): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-write-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return { dir, file };
}

describe('writeIfUnchanged', () => {
  it('replaces the file by rename (a new inode), keeps its permission bits and leaves no temp file', async () => {
    const { dir, file } = dirWith('a.md', 'old text\n');
    chmodSync(file, 0o640);
    const inode = statSync(file).ino;
    const outcome = await writeIfUnchanged(file, sha256(readFileSync(file)), 'new text\n');
    assert.equal(outcome, 'written');
    assert.equal(readFileSync(file, 'utf8'), 'new text\n');
    assert.notEqual(statSync(file).ino, inode);
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['a.md']);
  });

  it('refuses when the file changed between the read and the write, and leaves it untouched', async () => {
    const { dir, file } = dirWith('a.md', 'linted text\n');
    const hash = sha256(readFileSync(file));
    writeFileSync(file, 'linted text\nand a line the user just typed\n');
    const outcome = await writeIfUnchanged(file, hash, 'fixed text\n');
    assert.equal(outcome, 'changed-on-disk');
    assert.equal(readFileSync(file, 'utf8'), 'linted text\nand a line the user just typed\n');
    assert.deepEqual(readdirSync(dir), ['a.md']);
  });

  it('refuses when the file changes while the temporary file is being written', async () => {
    const { dir, file } = dirWith('a.md', 'linted text\n');
    const outcome = await writeIfUnchanged(file, sha256(readFileSync(file)), 'fixed text\n', {
      beforeCommit: async () => writeFileSync(file, 'saved by an editor meanwhile\n'),
    });
    assert.equal(outcome, 'changed-on-disk');
    assert.equal(readFileSync(file, 'utf8'), 'saved by an editor meanwhile\n');
    assert.deepEqual(readdirSync(dir), ['a.md']);
  });

  it('writes through a symbolic link, so the link stays a link', async () => {
    const { dir, file } = dirWith('real.md', 'old\n');
    const link = path.join(dir, 'link.md');
    symlinkSync(file, link);
    assert.equal(await writeIfUnchanged(link, sha256(readFileSync(file)), 'new\n'), 'written');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir).sort(), ['link.md', 'real.md']);
  });
});

describe('postmortem lint --fix with a concurrent edit', () => {
  it('does not write over an edit made after the read: clear message, exit 2, the edit kept', () => {
    const { dir, file } = dirWith('f.postmortem.md', FIXABLE);
    const r = spawnSync(process.execPath, ['--import', PRELOAD, BIN, 'lint', '--fix', 'f.postmortem.md'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GITHUB_ACTIONS: '',
        PM_CONCURRENT_EDIT_FILE: file,
        PM_CONCURRENT_EDIT_TEXT: 'Typed meanwhile.\n',
      },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /f\.postmortem\.md: changed on disk since it was read; fixes not written, the file is untouched/,
    );
    assert.equal(readFileSync(file, 'utf8'), `${FIXABLE}Typed meanwhile.\n`);
    assert.deepEqual(readdirSync(dir), ['f.postmortem.md']);
  });

  it('without a concurrent edit the same run writes the fix', () => {
    const { dir, file } = dirWith('f.postmortem.md', FIXABLE);
    const r = spawnSync(process.execPath, ['--import', PRELOAD, BIN, 'lint', '--fix', 'f.postmortem.md'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTIONS: '' },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(file, 'utf8'), FIXABLE.replace('sev4', 'SEV4'));
    assert.deepEqual(readdirSync(dir), ['f.postmortem.md']);
  });
});
