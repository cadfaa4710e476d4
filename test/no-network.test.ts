/**
 * Lint makes no network request (ARCHITECTURE.md invariant 11): the CLI runs over every fixture
 * folder with a preloaded module that makes sockets, DNS, http(s) and fetch throw and log.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { needsShared, sharedPath } from '../scripts/shared-folder.js';

const BIN = path.resolve('bin/postmortem.js');
const GUARD = path.resolve('out/test/support/no-network.js');

function guarded(args: string[], cwd = '.') {
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'pm-net-')), 'attempts.log');
  const r = spawnSync(process.execPath, ['--import', GUARD, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GITHUB_ACTIONS: '', PM_NETWORK_LOG: logFile },
  });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    attempts: existsSync(logFile) ? readFileSync(logFile, 'utf8') : '',
  };
}

describe('no network during lint', () => {
  it('the guard works: a fetch, a DNS lookup and a socket under it fail and are logged', () => {
    const probe =
      "const out=[];for (const f of [()=>fetch('http://127.0.0.1:9'),()=>require('node:dns').lookup('example.com',()=>{}),()=>require('node:net').connect(9,'127.0.0.1')]){try{f();out.push('ran')}catch(e){out.push(e.message)}};console.log(out.join('|'))";
    const r = guarded(['--input-type=commonjs', '-e', probe]);
    assert.equal(
      r.stdout.trim(),
      [
        'network access during lint: globalThis.fetch',
        'network access during lint: dns.lookup',
        'network access during lint: net.connect',
      ].join('|'),
    );
    assert.equal(r.attempts, 'globalThis.fetch\ndns.lookup\nnet.connect\n');
  });

  // The real postmortems are third-party and stay in the shared folder: the CLI lints them there, as a user would.
  const REAL = 'corpus/postmortems/markdown';
  const realSkip = needsShared(REAL);
  // The project's own folders go through one CLI run (one start-up, each file still under its own folder's config);
  // each test below checks its folder's files in it.
  const OWN = [
    'examples',
    'test/fixtures/labelled',
    'test/fixtures/adversarial',
    'test/fixtures/cli/custom-schema',
    'test/fixtures/cli/bad-config',
  ];
  let own: ReturnType<typeof guarded> | undefined;
  const ownRun = () =>
    (own ??= guarded([BIN, 'lint', '--format', 'json', ...OWN.map((f) => `${f}/**/*.md`)]));
  const folders: ReadonlyArray<{
    readonly name: string;
    readonly run: () => ReturnType<typeof guarded>;
    /** Keeps the report's files of this folder. */
    readonly mine: (file: string) => boolean;
    readonly skip: string | false;
  }> = [
    ...OWN.map((f) => ({
      name: f,
      run: ownRun,
      mine: (file: string) => file.startsWith(`${f}/`),
      skip: false as const,
    })),
    {
      name: `the shared folder's ${REAL}`,
      run: () => guarded([BIN, 'lint', '--format', 'json', '**/*.md'], sharedPath(REAL)),
      mine: () => true,
      skip: realSkip,
    },
  ];
  for (const { name, run, mine, skip } of folders) {
    it(`lints ${name} without a single network attempt`, { skip }, () => {
      const r = run();
      assert.equal(r.attempts, '', 'no attempt logged');
      assert.doesNotMatch(r.stderr, /network access|internal error/);
      assert.ok(r.code === 0 || r.code === 1 || r.code === 2, `exit ${String(r.code)}`);
      const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string }[] }[] };
      const files = report.files.filter((f) => mine(f.path));
      assert.ok(files.length > 0, 'files were linted');
      assert.ok(!files.some((f) => f.findings.some((x) => x.ruleId === 'internal-error')));
    });
  }

  it('turns a remote `$ref` and a `$schema` URL into findings, not fetches', () => {
    const r = guarded([BIN, 'lint', '.'], 'test/fixtures/adversarial/schemas/remote-ref');
    assert.equal(r.attempts, '');
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /references `https:\/\/schemas\.invalid\/title\.schema\.json`, which is not fetched: remote `\$ref` is never loaded during lint/,
    );
    assert.match(r.stdout, /is a URL, which is never fetched during lint/);
  });
});
