/**
 * `recognisePostmortem`: the one decision every shell makes about a Markdown file. The fixture
 * repository (test/fixtures/recognition/repo) is laid out the way teams keep postmortems, next to a
 * README, a CHANGELOG, an ADR, a runbook, a design doc, meeting notes and a sprint retro, all
 * written for this project. The real postmortems come from the shared corpus (../shared).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_CONFIG,
  describeRecognition,
  parseConfig,
  recognisePostmortem,
  type ResolvedConfig,
} from '../../src/core/index.js';

const REPO = path.resolve('test/fixtures/recognition/repo');
const posix = (p: string) => p.split(path.sep).join('/');

function verdict(
  rel: string,
  config: ResolvedConfig = DEFAULT_CONFIG,
  root: string | undefined = posix(REPO),
) {
  const text = readFileSync(path.join(REPO, rel), 'utf8');
  return recognisePostmortem({ path: posix(path.join(REPO, rel)), text, config, root });
}

function config(json: object): ResolvedConfig {
  const { config: c, problems } = parseConfig(JSON.stringify(json), `${posix(REPO)}/.postmortem.json`);
  assert.deepEqual(problems, []);
  return c!;
}

/** The fixture repository: every Markdown file and whether a reader would call it a postmortem. */
const EXPECTED: ReadonlyArray<readonly [string, boolean, string]> = [
  ['README.md', false, 'excluded-name'],
  ['CHANGELOG.md', false, 'excluded-name'],
  ['CONTRIBUTING.md', false, 'excluded-name'],
  ['docs/adr/0003-postgres-queue.md', false, ''],
  ['docs/design/retry-budget.md', false, 'sections'],
  ['docs/guides/deploying.md', false, ''],
  ['docs/meetings/2025-11-10-platform-sync.md', false, 'sections'],
  ['docs/runbooks/queue-stuck.md', false, 'sections'],
  ['notes/sprint-42-retro.md', false, 'sections'],
  ['docs/postmortems/README.md', false, 'excluded-name'],
  ['docs/postmortems/template.md', false, 'excluded-name'],
  ['docs/postmortems/2024-12-02-search-slow.md', true, 'folder'],
  ['docs/postmortems/2025-03-14-refunds.md', true, 'frontmatter'],
  ['docs/postmortems/2025-11-06-queue-stuck-recovery.md', true, 'folder'],
  ['notes/2025-06-payments-outage.md', true, 'sections'],
  ['notes/2025-08-webhooks-delayed.md', true, 'sections'],
  ['notes/2025-09-cache-flush.md', true, 'frontmatter'],
];

describe('recognisePostmortem on a repository laid out as teams keep postmortems', () => {
  for (const [rel, taken, signal] of EXPECTED) {
    it(`${taken ? 'takes' : 'leaves'} ${rel}${signal ? ` (${signal})` : ''}`, () => {
      const r = verdict(rel);
      assert.equal(r.postmortem, taken, describeRecognition(r));
      if (signal) assert.equal(r.reasons[0]?.signal, signal, describeRecognition(r));
      else assert.deepEqual(r.reasons, []);
    });
  }

  it('finds the team example docs/postmortems/2025-03-14-refunds.md by folder, frontmatter and headings, without renaming', () => {
    const r = verdict('docs/postmortems/2025-03-14-refunds.md');
    assert.deepEqual(
      r.reasons.map((x) => [x.signal, x.values]),
      [
        ['frontmatter', ['detected_at', 'resolved_at']],
        ['folder', ['postmortems']],
        ['sections', ['Timeline', 'Root cause', 'Action items']],
      ],
    );
  });

  it('takes a heading-less Slack export by its folder alone, and the same text elsewhere not at all', () => {
    assert.equal(verdict('docs/postmortems/2024-12-02-search-slow.md').postmortem, true);
    const text = readFileSync(path.join(REPO, 'docs/postmortems/2024-12-02-search-slow.md'), 'utf8');
    assert.equal(
      recognisePostmortem({
        path: `${posix(REPO)}/notes/search-slow.md`,
        text,
        config: DEFAULT_CONFIG,
        root: posix(REPO),
      }).postmortem,
      false,
    );
  });

  it('counts folder names only below the root: a home folder called incidents is no signal', () => {
    const text = '# Notes\n\nNothing here.\n';
    assert.equal(
      recognisePostmortem({
        path: '/home/incidents/repo/docs/notes.md',
        text,
        config: DEFAULT_CONFIG,
        root: '/home/incidents/repo',
      }).postmortem,
      false,
    );
    assert.equal(
      recognisePostmortem({
        path: '/home/me/repo/incident-reviews/2025/notes.md',
        text,
        config: DEFAULT_CONFIG,
        root: '/home/me/repo',
      }).postmortem,
      true,
    );
    assert.equal(
      recognisePostmortem({
        path: '/home/me/repo/Post_Mortems/notes.md',
        text,
        config: DEFAULT_CONFIG,
        root: '/home/me/repo',
      }).reasons[0]?.values[0],
      'Post_Mortems',
    );
  });

  it('leaves a README with a lone Timeline heading, and takes one heading kind only with a decisive second', () => {
    const at = `${posix(REPO)}/docs/x.md`;
    const take = (text: string) =>
      recognisePostmortem({ path: at, text, config: DEFAULT_CONFIG, root: posix(REPO) }).postmortem;
    assert.equal(take('# Project\n\n## Timeline\n\n- Q1\n'), false);
    assert.equal(take('# Project\n\n## Timeline\n\n## Impact\n'), false);
    assert.equal(take('# Project\n\n## Timeline\n\n## Root cause\n'), true);
    assert.equal(take('# Postmortem: login outage\n\n## Timeline\n'), true);
    assert.equal(
      take('# ai-postmortem\n\n## Timeline\n'),
      false,
      'a project named ai-postmortem is not a postmortem title',
    );
    assert.equal(
      take('# Outage\n\n**Root cause:**\n\nA bad deploy.\n\n**Action items**\n\n- roll back\n'),
      true,
      'bold-line headings of exported documents count',
    );
    assert.equal(
      take('# Outage\n\n```md\n## Root cause\n## Lessons learned\n```\n'),
      false,
      'headings inside a code block do not count',
    );
    assert.equal(take('# Events/Timeline\n\n# Cause\n'), true, 'each part of a combined heading is read');
    assert.equal(take('# Design\n\n## Fault tolerance\n\n## Timeline\n'), false);
  });

  it('reads postmortem frontmatter: incident keys, a declared type or tag, a TOML block, a title naming a postmortem', () => {
    const at = `${posix(REPO)}/docs/x.md`;
    const take = (text: string) =>
      recognisePostmortem({ path: at, text, config: DEFAULT_CONFIG, root: posix(REPO) });
    assert.deepEqual(take('---\ntitle: x\nincident_commander: Lee\n---\n').reasons[0]?.values, [
      'incident_commander',
    ]);
    assert.deepEqual(take('---\ntype: incident-report\n---\n').reasons[0]?.values, ['type: incident-report']);
    assert.deepEqual(take('---\ntags:\n  - release\n  - postmortem\n---\n').reasons[0]?.values, [
      'tags: postmortem',
    ]);
    assert.equal(
      take('---\ntitle: Release notes\nseverity: low\nstatus: done\n---\n').postmortem,
      false,
      'keys a runbook or an issue has too are not enough',
    );
    assert.equal(
      take('+++\ntitle = "Incident report: registry down"\n+++\n\n## Timeline of events\n').postmortem,
      true,
    );
    assert.equal(
      take('---\ntitle: "Incident Report: leaked token"\n---\n\n## Timeline of events\n').postmortem,
      true,
    );
  });

  it('lets ignores veto every signal, and files, kind and the .postmortem.md name take even a README', () => {
    const ignoring = config({ ignores: ['docs/postmortems/2025-*.md'] });
    const r = verdict('docs/postmortems/2025-03-14-refunds.md', ignoring);
    assert.deepEqual(
      [r.postmortem, r.reasons[0]?.signal, r.reasons[0]?.values],
      [false, 'ignored', ['docs/postmortems/2025-*.md']],
    );
    assert.deepEqual(
      verdict('docs/postmortems/README.md', config({ files: ['docs/postmortems/*.md'] })).reasons,
      [{ signal: 'files', values: ['docs/postmortems/*.md'] }],
    );
    const kind = recognisePostmortem({
      path: `${posix(REPO)}/README.md`,
      text: '---\nkind: postmortem\n---\n',
      config: DEFAULT_CONFIG,
      root: posix(REPO),
    });
    assert.equal(kind.reasons[0]?.signal, 'kind');
    assert.equal(
      recognisePostmortem({ path: `${posix(REPO)}/a.postmortem.md`, text: '', config: DEFAULT_CONFIG })
        .reasons[0]?.signal,
      'name',
    );
  });

  it('keeps content recognition on when the config sets files', () => {
    assert.equal(
      verdict('notes/2025-06-payments-outage.md', config({ files: ['docs/postmortems/**/*.md'] })).postmortem,
      true,
    );
  });

  it('takes a postmortem about example.com in a postmortems folder, and leaves example.md', () => {
    const text = '# Outage\n';
    const at = (name: string) =>
      recognisePostmortem({
        path: `${posix(REPO)}/docs/postmortems/${name}`,
        text,
        config: DEFAULT_CONFIG,
        root: posix(REPO),
      }).postmortem;
    assert.deepEqual(
      [at('2025-04-02-example-com-dns.md'), at('example.md'), at('TEMPLATE-v2.md')],
      [true, false, false],
    );
  });

  it('leaves a postmortem template under a templates folder', () => {
    const text = readFileSync(path.join(REPO, 'docs/postmortems/template.md'), 'utf8');
    const r = recognisePostmortem({
      path: `${posix(REPO)}/.github/ISSUE_TEMPLATE/incident.md`,
      text,
      config: DEFAULT_CONFIG,
      root: posix(REPO),
    });
    assert.deepEqual([r.postmortem, r.reasons[0]?.values], [false, ['ISSUE_TEMPLATE/']]);
  });

  it('says why, in a sentence, for a file taken and one left', () => {
    assert.equal(
      describeRecognition(verdict('docs/postmortems/2024-12-02-search-slow.md')),
      'yes: it is in a postmortem folder (`postmortems`)',
    );
    assert.match(
      describeRecognition(verdict('docs/meetings/2025-11-10-platform-sync.md')),
      /^no: its headings name postmortem sections \(`Timeline`, `Action items`\) \(not enough: at least two kinds/,
    );
  });
});

const SHARED = process.env['AI_POSTMORTEM_SHARED'] ?? path.resolve('../shared');
const CORPUS = path.join(SHARED, 'corpus/postmortems/markdown');

describe(
  'recognisePostmortem on the real postmortems of the shared corpus',
  { skip: existsSync(CORPUS) ? false : `no shared corpus at ${CORPUS} (set AI_POSTMORTEM_SHARED)` },
  () => {
    const files = existsSync(CORPUS)
      ? readdirSync(CORPUS)
          .filter((f) => f.endsWith('.md') && f !== 'PROVENANCE.md')
          .sort()
      : [];
    const read = (f: string) => readFileSync(path.join(CORPUS, f), 'utf8').replace(/^\uFEFF/, '');
    const templates = files.filter((f) => /template/i.test(f));

    it('takes every postmortem kept in a postmortems folder, and no template', () => {
      for (const f of files) {
        const r = recognisePostmortem({
          path: `/repo/docs/postmortems/${f}`,
          text: read(f),
          config: DEFAULT_CONFIG,
          root: '/repo',
        });
        assert.equal(r.postmortem, !templates.includes(f), `${f}: ${describeRecognition(r)}`);
      }
    });

    it('takes 17 of the 22 by content alone, in a folder with a neutral name (docs/recognition.md)', () => {
      const taken = files.filter(
        (f) =>
          !templates.includes(f) &&
          recognisePostmortem({
            path: `/repo/docs/${f}`,
            text: read(f),
            config: DEFAULT_CONFIG,
            root: '/repo',
          }).postmortem,
      );
      assert.equal(files.length - templates.length, 22);
      assert.equal(taken.length, 17, `taken: ${taken.join(', ')}`);
    });
  },
);
