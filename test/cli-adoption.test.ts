/**
 * Adopting the CLI in a repository that keeps its postmortems the way most teams do
 * (`docs/postmortems/2025-11-06-queue-stuck-recovery.md`, some with frontmatter, some without, next to
 * a README, a CHANGELOG and guides), on a copy of test/fixtures/recognition/repo: the CLI's main function in this
 * process with the io the built CLI gives it, and the built CLI itself (`bin/postmortem.js`) for the first lint, the
 * folder without postmortems (its exit code 2 and its stderr from the process) and the first init (the version the
 * bundle carries, in the config's `$schema`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cliInProcess } from './cli-support.js';

const BIN = path.resolve('bin/postmortem.js');
const FIXTURE = path.resolve('test/fixtures/recognition/repo');
const POSTMORTEMS = [
  'docs/postmortems/2024-12-02-search-slow.md',
  'docs/postmortems/2025-03-14-refunds.md',
  'docs/postmortems/2025-11-06-queue-stuck-recovery.md',
  'notes/2025-06-payments-outage.md',
  'notes/2025-08-webhooks-delayed.md',
  'notes/2025-09-cache-flush.md',
];

const ENV = { ...process.env, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' };

/** The built CLI in a process of its own. */
function cliProcess(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI's main function in this process, with what the built CLI gives it when stderr is not a terminal. */
async function cli(args: string[], cwd: string) {
  return cliInProcess(args, cwd, ENV);
}

function repo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-adopt-'));
  cpSync(FIXTURE, dir, { recursive: true });
  // A repository of its own, so folder names count from here (as in a team's clone).
  spawnSync('git', ['init', '-q'], { cwd: dir });
  if (!existsSync(path.join(dir, '.git'))) writeFileSync(path.join(dir, '.git'), 'gitdir: none\n');
  return dir;
}

/** The files a stylish report names. */
function linted(stdout: string): string[] {
  return [
    ...new Set(
      stdout
        .split('\n')
        .map((l) => /^([^:\s]+\.md):\d/.exec(l)?.[1])
        .filter((f): f is string => f !== undefined),
    ),
  ].sort();
}

/** Every file under `dir` with its bytes and modification time (to show a second init changes nothing). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === '.git') continue;
      const full = path.join(d, name);
      const s = statSync(full);
      if (s.isDirectory()) walk(full);
      else out.set(path.relative(dir, full), `${s.mtimeMs} ${readFileSync(full, 'utf8')}`);
    }
  };
  walk(dir);
  return out;
}

describe('adopting postmortem in a repository with unrenamed postmortems', () => {
  it('lint . takes exactly the postmortems, not the README, CHANGELOG, guides, ADR, runbook or retro, and the AI rules fire', async () => {
    const dir = repo();
    const r = cliProcess(['lint', '.'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(linted(r.stdout), POSTMORTEMS);
    assert.match(r.stdout, / in 6 files of 6\.\n$/);
    assert.match(
      r.stdout,
      /^docs\/postmortems\/2025-03-14-refunds\.md:\d+:\d+-\d+:\d+ warning Root cause names only a deterministic cause \(`runbook was out of date`\) while an agent decided in "Summary".*deterministic-root-cause$/m,
    );
    assert.match(r.stdout, /^docs\/postmortems\/2025-03-14-refunds\.md:.*deterministic-action-items$/m);
  });

  it('report . counts the same six postmortems, one of them with an AI system involved', async () => {
    const r = await cli(['report', '--format', 'json', '--as-of', '2025-12-01', '.'], repo());
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      postmortems: number;
      aiInvolved: number;
      first: string;
      last: string;
    };
    assert.deepEqual(
      [json.postmortems, json.aiInvolved, json.first, json.last],
      [6, 1, '2025-03-14', '2025-09-09'],
    );
    const md = await cli(['report', '--as-of', '2025-12-01', '.'], repo());
    assert.match(
      md.stdout,
      /^6 postmortems from 2025-03-14 to 2025-09-09 \(4 undated\); 1 \(17%\) involves an AI system\./m,
    );
  });

  it('a folder with no postmortem exits 2, naming what it looked at and how files are recognised; --allow-empty accepts it', async () => {
    const dir = repo();
    const r = cliProcess(['lint', 'docs/guides'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '', 'no "No problems in 0 files" next to the error');
    assert.match(
      r.stderr,
      /^postmortem: no postmortem found in `docs\/guides` \(looked at 1 Markdown file, none a postmortem: docs\/guides\/deploying\.md\)\.$/m,
    );
    assert.match(r.stderr, /in a folder named like `postmortems`/);
    assert.match(r.stderr, /--allow-empty/);
    const allowed = await cli(['lint', '--allow-empty', 'docs/guides'], dir);
    assert.deepEqual([allowed.code, allowed.stdout], [0, 'No problems in 0 files.\n']);
    const github = await cli(['lint', '--format', 'github', 'docs/guides'], dir);
    assert.equal(github.code, 2);
    assert.match(
      github.stdout,
      /^::error title=ai-postmortem: no postmortem found::no postmortem found in `docs\/guides`/m,
    );
  });

  it('report on a folder with no postmortem says so in a sentence and exits 2 unless --allow-empty', async () => {
    const dir = repo();
    const r = await cli(['report', 'docs/guides'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^postmortem: no postmortem found in docs\/guides\.$/m);
    const allowed = await cli(['report', '--allow-empty', 'docs/guides'], dir);
    assert.equal(allowed.code, 0);
    assert.match(allowed.stdout, /^No postmortems\. Action item ages are counted to /m);
  });

  it('lint of a path that does not exist names it and exits 2 without a pass line', async () => {
    const r = await cli(['lint', 'nonexistent/'], repo());
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'postmortem: nonexistent/: no such file or directory\n');
  });

  it('--changed-since with an empty ref (a pipeline without a base) lints everything', async () => {
    const r = await cli(['lint', '--changed-since', '', '.'], repo());
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(linted(r.stdout), POSTMORTEMS);
  });

  it('--changed-since with no changed postmortem passes when postmortems exist, and exits 2 when there are none at all', async (t) => {
    const git = (dir: string, ...args: string[]) =>
      spawnSync(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args],
        { cwd: dir, encoding: 'utf8' },
      );
    const dir = repo();
    if (git(dir, 'add', '-A').status !== 0 || git(dir, 'commit', '-qm', 'init').status !== 0) {
      t.skip('git cannot commit here');
      return;
    }
    const unchanged = await cli(['lint', '--changed-since', 'HEAD', '.'], dir);
    assert.deepEqual(
      [unchanged.code, unchanged.stdout, unchanged.stderr],
      [0, 'No problems in 0 files.\n', 'postmortem: no postmortem changed since HEAD\n'],
    );
    const guides = await cli(['lint', '--changed-since', 'HEAD', 'docs/guides'], dir);
    assert.equal(guides.code, 2);
    assert.match(
      guides.stderr,
      /^postmortem: no postmortem found in `docs\/guides` \(looked at 1 Markdown file, none a postmortem: docs\/guides\/deploying\.md\)\.$/m,
    );
  });

  it('explain says whether a file is taken and why', async () => {
    const dir = repo();
    assert.match(
      (await cli(['explain', 'docs/postmortems/2024-12-02-search-slow.md'], dir)).stdout,
      /^Postmortem: {2}yes: it is in a postmortem folder \(`postmortems`\)$/m,
    );
    assert.match(
      (await cli(['explain', 'README.md'], dir)).stdout,
      /^Postmortem: {2}no: `README\.md` is an index, template or project file/m,
    );
  });

  it('init writes the config, the workflow and the editor recommendation; a second init changes nothing', async () => {
    const dir = repo();
    const dry = await cli(['init', '--dry-run'], dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^Would write \.postmortem\.json:$/m);
    assert.equal(existsSync(path.join(dir, '.postmortem.json')), false, '--dry-run writes nothing');

    // The built CLI, here and for the second init: the config's $schema names the released version, which the bundle carries.
    const first = cliProcess(['init'], dir);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Found 6 postmortems: /m);
    const config = JSON.parse(readFileSync(path.join(dir, '.postmortem.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(config['files'], ['docs/postmortems/**/*.md']);
    assert.deepEqual(config['ignores'], ['docs/postmortems/README.md', 'docs/postmortems/template.md']);
    assert.match(
      String(config['$schema']),
      /^https:\/\/unpkg\.com\/ai-postmortem@\d+\.\d+\.\d+\/schemas\/config\.schema\.json$/,
    );
    const workflow = readFileSync(path.join(dir, '.github/workflows/postmortems.yml'), 'utf8');
    assert.match(
      workflow,
      /run: npx --yes --package ai-postmortem@\d+\.\d+\.\d+ postmortem lint --format github \.$/m,
    );
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, '.vscode/extensions.json'), 'utf8')), {
      recommendations: ['ai-postmortem.ai-postmortem'],
    });

    const before = snapshot(dir);
    const second = cliProcess(['init'], dir);
    assert.equal(second.code, 0);
    assert.match(
      second.stdout,
      /^Unchanged \.postmortem\.json\nUnchanged \.github\/workflows\/postmortems\.yml\nUnchanged \.vscode\/extensions\.json$/m,
    );
    assert.deepEqual(snapshot(dir), before);

    // The config it wrote lints the same six files.
    assert.deepEqual(linted((await cli(['lint', '.'], dir)).stdout), POSTMORTEMS);
  });

  it('init names the frontmatter schema the postmortems use, and says so when it finds none', async () => {
    const dir = repo();
    mkdirSync(path.join(dir, 'schemas'));
    writeFileSync(path.join(dir, 'schemas/team.schema.json'), '{"type":"object"}\n');
    const file = path.join(dir, 'docs/postmortems/2025-03-14-refunds.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '---\ntitle:',
        '---\n$schema: ../../schemas/team.schema.json\ntitle:',
      ),
    );
    assert.equal((await cli(['init'], dir)).code, 0);
    assert.equal(
      (JSON.parse(readFileSync(path.join(dir, '.postmortem.json'), 'utf8')) as { schema?: string }).schema,
      'schemas/team.schema.json',
    );

    const empty = mkdtempSync(path.join(tmpdir(), 'pm-adopt-empty-'));
    writeFileSync(path.join(empty, 'README.md'), '# Nothing\n');
    const r = await cli(['init', '--dry-run'], empty);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Found no postmortem under \.: `postmortem new` writes one\.$/m);
    assert.doesNotMatch(r.stdout, /"files"/);
  });

  it('init never overwrites a file that differs without --force, and merges the editor recommendation', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, '.postmortem.json'), '{ "files": ["docs/postmortems/*.md"] }\n');
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(
      path.join(dir, '.vscode/extensions.json'),
      '{ "recommendations": ["dbaeumer.vscode-eslint"] }\n',
    );
    const r = await cli(['init'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Kept \.postmortem\.json: it exists and differs from the proposal below \(--force replaces it\)$/m,
    );
    assert.equal(
      readFileSync(path.join(dir, '.postmortem.json'), 'utf8'),
      '{ "files": ["docs/postmortems/*.md"] }\n',
    );
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, '.vscode/extensions.json'), 'utf8')), {
      recommendations: ['dbaeumer.vscode-eslint', 'ai-postmortem.ai-postmortem'],
    });
    // VS Code writes this file with comments: the id is added, the comments kept.
    const withComments =
      '{\n\t// See https://go.microsoft.com/fwlink/?LinkId=827846\n\t"recommendations": [\n\t\t"dbaeumer.vscode-eslint"\n\t]\n}\n';
    writeFileSync(path.join(dir, '.vscode/extensions.json'), withComments);
    await cli(['init'], dir);
    assert.equal(
      readFileSync(path.join(dir, '.vscode/extensions.json'), 'utf8'),
      withComments.replace('[\n', '[\n\t\t"ai-postmortem.ai-postmortem",\n'),
    );
    assert.match((await cli(['init'], dir)).stdout, /^Unchanged \.vscode\/extensions\.json$/m);
    const forced = await cli(['init', '--force'], dir);
    assert.match(forced.stdout, /^Replaced \.postmortem\.json$/m);
    assert.deepEqual(
      (JSON.parse(readFileSync(path.join(dir, '.postmortem.json'), 'utf8')) as { files: string[] }).files,
      ['docs/postmortems/**/*.md'],
    );
  });

  it('new writes into the postmortem folder, a folder argument gets a dated file, a date in the name is the incident date', async () => {
    const dir = repo();
    await cli(['init'], dir);
    const plain = await cli(['new', '--title', 'Queue stuck again'], dir);
    assert.match(plain.stdout, /^Wrote docs\/postmortems\/\d{4}-\d{2}-\d{2}-queue-stuck-again\.md$/m);
    const folder = await cli(['new', 'docs/postmortems/'], dir);
    assert.equal(folder.code, 0, folder.stderr);
    assert.match(folder.stdout, /^Wrote docs\/postmortems\/\d{4}-\d{2}-\d{2}-incident\.md$/m);
    const dated = await cli(['new', 'docs/postmortems/2025-03-20-refunds-again.md'], dir);
    assert.equal(dated.code, 0, dated.stderr);
    const text = readFileSync(path.join(dir, 'docs/postmortems/2025-03-20-refunds-again.md'), 'utf8');
    assert.match(text, /^date: 2025-03-20$/m);
    assert.match(text, /^started_at: 2025-03-20T00:00:00Z$/m);
    // Without a config, new finds the folder where the postmortems are.
    const bare = repo();
    assert.match(
      (await cli(['new'], bare)).stdout,
      /^Wrote docs\/postmortems\/\d{4}-\d{2}-\d{2}-incident\.md$/m,
    );
  });
});
