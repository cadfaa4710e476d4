/**
 * The npm package as a team gets it: `npm pack`, installed into an empty folder outside the clone,
 * lints a small repository through its `postmortem` and `ai-postmortem` commands, with the
 * README's `.postmortem.json` example copied in as it is. Needs npm and the npm registry (for the
 * package's dependencies); skipped, with the reason, only when npm itself cannot run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
};
// On Windows npm is a .cmd script; this project's CI and tests run on POSIX shells.
const npmRuns = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const skip =
  npmRuns.status === 0
    ? false
    : `npm cannot run here (${npmRuns.error?.message ?? npmRuns.stderr.trim()}), so nothing can be packed or installed`;

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The first ```json block of the README's configuration section, as a reader would copy it. */
function readmeConfigExample(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const m = /```json\n([\s\S]*?)```/.exec(section);
  assert.ok(m, 'the README has a .postmortem.json example');
  return m[1]!;
}

const BAD =
  '---\ntitle: Checkout outage\ndate: 2026-03-14\nseverity: sev2\nstatus: draft\n---\n\n# Checkout outage\n';
const GOOD =
  '---\ntitle: Disk full\ndate: 2026-03-15\nseverity: SEV4\nstatus: draft\n---\n\n# Disk full\n\nThe export job filled the disk.\n';

describe('the packed npm package', { skip }, () => {
  let work = '';
  let install = '';
  let repo = '';
  let tarball = '';

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'pm-pack-'));
    // The test run has built dist/ already; --ignore-scripts skips `prepack`, which would build again.
    npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
    tarball = path.join(work, `${pkg.name}-${pkg.version}.tgz`);
    install = path.join(work, 'install');
    mkdirSync(install);
    writeFileSync(
      path.join(install, 'package.json'),
      '{ "name": "team-tools", "version": "1.0.0", "private": true }\n',
    );
    npm(['install', '--prefer-offline', tarball], install);
    repo = path.join(work, 'repo');
    mkdirSync(path.join(repo, 'postmortems'), { recursive: true });
    writeFileSync(path.join(repo, '.postmortem.json'), readmeConfigExample());
    writeFileSync(path.join(repo, 'postmortems', 'checkout.md'), BAD);
    writeFileSync(path.join(repo, 'postmortems', 'disk-full.md'), GOOD);
    writeFileSync(path.join(repo, 'notes.md'), '# Team notes\n');
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the bin, the CLI bundles, the schemas, the rule docs and the LICENSE, and no sources or tests', () => {
    const list = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    for (const file of [
      'bin/postmortem.js',
      'dist/cli.js',
      'dist/cli-main.cjs',
      'dist/lint-worker.js',
      'schemas/postmortem.schema.json',
      'schemas/config.schema.json',
      'docs/rules/ai-context.md',
      'LICENSE',
      'README.md',
      'package.json',
    ]) {
      assert.ok(list.includes(file), `${file} is in the tarball`);
    }
    assert.deepEqual(
      list.filter((f) => /^(src|test|out|scripts|bench)\/|\.ts$|\.vsix$/.test(f)),
      [],
    );
  });

  it('installs both commands, `postmortem` and `ai-postmortem` (the one `npx ai-postmortem` runs)', () => {
    assert.deepEqual(Object.keys(pkg.bin).sort(), ['ai-postmortem', 'postmortem']);
    const bins = readdirSync(path.join(install, 'node_modules/.bin'));
    assert.ok(bins.includes('postmortem') && bins.includes('ai-postmortem'), `bins: ${bins.join(', ')}`);
  });

  it('lints a repository with the README config example: the schema error at its value, exit 1', () => {
    const r = spawnSync(path.join(install, 'node_modules/.bin/postmortem'), ['lint', '.'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTIONS: '' },
    });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 1);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'postmortems/checkout.md:4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`  frontmatter-schema',
      '1 problem (1 error, 0 warnings, 0 info) in 1 file of 2.',
    ]);
  });

  it('runs as `npx ai-postmortem` from the folder it is installed in, and exits 0 once the file is fixed', () => {
    writeFileSync(path.join(repo, 'postmortems', 'checkout.md'), BAD.replace('sev2', 'SEV2'));
    const r = spawnSync('npx', ['--no-install', 'ai-postmortem', 'lint', repo], {
      cwd: install,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTIONS: '' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'No problems in 2 files.');
  });

  it('writes a new postmortem from the packaged template that lints without errors', () => {
    const bin = path.join(install, 'node_modules/.bin/ai-postmortem');
    const made = spawnSync(bin, ['new', 'postmortems/new.md'], { cwd: repo, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    assert.ok(existsSync(path.join(repo, 'postmortems', 'new.md')));
    const r = spawnSync(bin, ['lint', '--quiet', 'postmortems/new.md'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTIONS: '' },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});

describe('the VS Code extension package (.vsix)', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;

  it('lists exactly what the extension runs on, plus its LICENSE, icon, README and CHANGELOG (`vsce ls`)', () => {
    const r = spawnSync(process.execPath, ['scripts/package-vsix.mjs', '--list'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').sort(), [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/editor-worker.cjs',
      'dist/extension.cjs',
      'dist/web/editor-worker.js',
      'dist/web/extension.cjs',
      'images/icon.png',
      'language-configuration.json',
      'package.json',
      'schemas/config.schema.json',
      'schemas/postmortem.schema.json',
      'snippets/postmortem.code-snippets',
      'syntaxes/postmortem.injection.tmLanguage.json',
      'syntaxes/postmortem.tmLanguage.json',
    ]);
  });

  it('names the repository, the issue tracker and the homepage the Marketplace and Open VSX link to', () => {
    const home = 'https://github.com/ai-postmortem/ai-postmortem';
    assert.deepEqual(manifest['repository'], { type: 'git', url: `git+${home}.git` });
    assert.deepEqual(manifest['bugs'], { url: `${home}/issues` });
    assert.equal(manifest['homepage'], `${home}#readme`);
    assert.equal(manifest['license'], 'MIT');
    assert.match(
      readFileSync('LICENSE', 'utf8'),
      /^MIT License\n\nCopyright \(c\) \d{4} ai-postmortem contributors\n/,
    );
  });

  it('has a 128×128 PNG icon', () => {
    const png = readFileSync(String(manifest['icon']));
    assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});
