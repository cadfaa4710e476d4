import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/postmortem.js', import.meta.url));

test('a file a worker never finishes gets a fatal document-size finding, exit 2, and the other files still lint', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-timeout-'));
  try {
    for (let i = 0; i < 30; i++) {
      writeFileSync(
        path.join(dir, `pm-${String(i).padStart(2, '0')}.postmortem.md`),
        `---\ntitle: Incident ${i}\n---\n\n# Incident ${i}\n`,
      );
    }
    writeFileSync(path.join(dir, 'stall.postmortem.md'), '---\ntitle: Stalls\n---\n\n# Stalls\n');
    // The test-only hook makes the worker spin forever on this one file: only the time limit ends it.
    const r = spawnSync(
      process.execPath,
      [BIN, 'lint', '.', '--jobs', '2', '--file-timeout', '1', '--format', 'json'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_ACTIONS: '', AI_POSTMORTEM_TEST_STALL: 'stall.postmortem.md' },
      },
    );
    assert.equal(r.status, 2, r.stderr);
    const { files } = JSON.parse(r.stdout) as {
      files: Array<{ path: string; findings: Array<{ ruleId: string; message: string }> }>;
    };
    assert.equal(files.length, 31);
    const stalled = files.find((f) => f.path.endsWith('stall.postmortem.md'))!;
    const findings = stalled.findings;
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.message]),
      [
        [
          'document-size',
          'Document took longer than 1 s to lint; the document is too complex to check (split it, or raise `--file-timeout`)',
        ],
      ],
    );
    const other = files.find((f) => f.path.endsWith('pm-29.postmortem.md'))!;
    assert.ok(other.findings.every((f) => f.ruleId !== 'document-size'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
