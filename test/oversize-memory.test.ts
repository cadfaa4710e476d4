/**
 * A 50 MB postmortem through the CLI (notes/security.md): only its frontmatter is checked, it says so, and the process
 * stays under 1.5 GB of memory. In the slower tier (test/run.mjs SLOW, run by `npm test`): it alone takes more than ten
 * CPU-seconds; the same check on a file just over the 1 MB limit runs in the unit suite (test/adversarial.test.ts).
 * Nothing asserts speed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';

const BIN = path.resolve('bin/postmortem.js');
const RSS = path.resolve('out/test/support/report-rss.js');
const FM = '---\ntitle: Outage\ndate: 2026-03-14\nseverity: sev3\nstatus: draft\n---\n';

it('checks only the frontmatter of a 50 MB file, says so, and stays under 1.5 GB of memory', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-big-'));
  const line = 'The agent retried the tool call and the judge scored it again. '.repeat(16) + '\n';
  const body = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
  writeFileSync(path.join(dir, 'big.postmortem.md'), FM + body);
  const rss = path.join(dir, 'rss.txt');
  const r = spawnSync(process.execPath, ['--import', RSS, BIN, 'lint', 'big.postmortem.md'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GITHUB_ACTIONS: '', PM_RSS_FILE: rss },
  });
  const peakKiB = Number(readFileSync(rss, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stdout,
    /^big\.postmortem\.md:1:1-1:4 warning Document is 5\d{7} characters, over the limit of 1048576: only the frontmatter was checked {2}document-size$/m,
  );
  assert.match(r.stdout, /^big\.postmortem\.md:4:11-4:15 error `severity` must be one of/m);
  assert.ok(peakKiB > 0 && peakKiB < 1.5 * 1024 * 1024, `peak RSS ${Math.round(peakKiB / 1024)} MiB`);
});
