/**
 * `postmortem`: the CLI shell over the core. Exit codes: 0 clean (warnings allowed), 1 findings
 * at error level or over `--max-warnings`, 2 usage, configuration or internal failure.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  CONFIG_FILE_NAME,
  allRuleInfo,
  buildRepositoryIndex,
  configuredPostmortemFolder,
  dateInName,
  datedFileName,
  configFailureLines,
  FORMATTERS,
  recognitionSummary,
  newPostmortem,
  renderExplanation,
  type ConfigFailure,
  type FileReport,
  type Linter,
} from '../core/index.js';
import { GitError, changedSince, repoRoot } from './git.js';
import { ReadError, expandGlob, isGlob, readSource, readText, toPosix, walkMarkdown } from './files.js';
import { sha256, writeIfUnchanged } from './safe-write.js';
import { UsageError } from './usage.js';
import { VERSION } from './version.js';
import type { Command, Io } from './command.js';

export type { Command, Io };
import { LintCache } from './cache.js';
import { lintMany, type IndexAcross, type LintJob } from './lint-many.js';
import { availableParallelism } from 'node:os';
import { importTraceCommand } from './commands/import-trace.js';
import { reportCommand } from './commands/report.js';
import { collectRecords, indexAcross, lintRoot } from './repository.js';
import { repositoryRoot } from './recognise.js';
import { cliLinter, corePath, fastPathsFrom } from './linter.js';
import { findPostmortems, initCommand } from './commands/init.js';
import { startProgress, type OnProgress } from './progress.js';

const HELP = `Usage: postmortem <command> [options]

Commands:
  lint [paths|globs...]     Lint postmortems (default: the current folder)
  explain <file>            Whether a file is taken as a postmortem, which config, schema
                            and rules apply to it, and why
  new [path|folder/]        Write a new postmortem from the template (default: into the
                            postmortem folder of \`files\`, else where postmortems are)
  init                      Write .postmortem.json, a GitHub workflow and the editor
                            recommendation for this repository (see init --help)
  rules                     List the rules with their default severity
  import-trace <file>       Import trace metadata into a postmortem (see import-trace --help)
  report [dir]              Report on the postmortems under a folder: classes, services,
                            moved variables, recurrence (md | html | json; see report --help)

Lint options:
  --format <name>           stylish (default; github when GITHUB_ACTIONS=true) | json |
                            github | sarif | rdjson | rdjsonl | gitlab (docs/formats.md)
  --changed-since <ref>     Lint only files changed since the merge base with <ref>;
                            with --format github, findings on changed lines come first;
                            an empty <ref> (a pipeline without a base) lints everything
  --allow-empty             Exit 0 when the paths hold no postmortem (default: exit 2,
                            naming what was looked at)
  --max-warnings <n>        Exit 1 when there are more than n warnings
  --quiet                   Report errors only
  --fix                     Apply safe fixes and write the files back
  --cache                   Reuse findings of unchanged files (text, config, schema, version)
  --cache-location <path>   Cache file (default: .postmortemcache)
  --jobs <n>                Worker threads (default: one per core; 1 lints in process)
  --file-timeout <seconds>  Give up on a file a worker lints for longer (default 20): fatal finding, exit 2
  --no-progress             No progress line (it shows only on an interactive terminal, never in CI,
                            when stderr is piped or with a machine format)

Other options:
  --title <text>            Title for \`new\`
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes: 0 no errors, 1 errors or too many warnings, 2 usage, configuration or internal failure.
Docs: https://github.com/ai-postmortem/ai-postmortem#readme
`;

/** Run the CLI; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`postmortem: ${error.message}\nRun \`${error.help}\` for usage.\n`);
      return 2;
    }
    io.stderr(
      `postmortem: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 2;
  }
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

function parse<const T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { ...HELP_OPTION, ...options },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Commands by name; `postmortem <name> …`. */
export const COMMANDS = new Map<string, Command>([
  [
    'lint',
    {
      summary: 'Lint postmortems (default: the current folder)',
      async run(args, io) {
        const { values, positionals } = parse(args, {
          format: { type: 'string' },
          'changed-since': { type: 'string' },
          cache: { type: 'boolean' },
          'cache-location': { type: 'string' },
          jobs: { type: 'string' },
          'file-timeout': { type: 'string' },
          'max-warnings': { type: 'string' },
          quiet: { type: 'boolean' },
          fix: { type: 'boolean' },
          'allow-empty': { type: 'boolean' },
          'no-progress': { type: 'boolean' },
        });
        if (values.help) return help(io);
        const format = values.format ?? (io.env['GITHUB_ACTIONS'] === 'true' ? 'github' : 'stylish');
        if (!FORMATTERS.has(format))
          throw new UsageError(
            `unknown format \`${format}\` (expected ${[...FORMATTERS.keys()].join(', ')})`,
          );
        let maxWarnings = -1;
        if (values['max-warnings'] !== undefined) {
          if (!/^\d+$/.test(values['max-warnings']))
            throw new UsageError('--max-warnings takes a whole number');
          maxWarnings = Number(values['max-warnings']);
        }
        // An empty ref is what CI gives without a base (GitLab's default branch): lint everything.
        const changed = values['changed-since'] === '' ? undefined : values['changed-since'];
        let jobs = availableParallelism();
        if (values.jobs !== undefined) {
          if (!/^[1-9]\d*$/.test(values.jobs))
            throw new UsageError('--jobs takes a whole number of at least 1');
          jobs = Number(values.jobs);
        }
        const cache =
          values.cache === true || values['cache-location'] !== undefined
            ? path.resolve(io.cwd, values['cache-location'] ?? '.postmortemcache')
            : undefined;
        let fileTimeout = 20;
        if (values['file-timeout'] !== undefined) {
          if (!/^\d+(\.\d+)?$/.test(values['file-timeout']) || Number(values['file-timeout']) <= 0)
            throw new UsageError('--file-timeout takes a number of seconds above 0');
          fileTimeout = Number(values['file-timeout']);
        }
        const flags = {
          allowEmpty: values['allow-empty'] === true,
          noProgress: values['no-progress'] === true,
          format,
          maxWarnings,
          quiet: values.quiet === true,
          fix: values.fix === true,
          jobs,
          fileTimeout,
          ...(changed === undefined ? {} : { changedSince: changed }),
          ...(cache === undefined ? {} : { cache }),
        };
        return lintCommand(positionals.length > 0 ? positionals : ['.'], flags, io);
      },
    },
  ],
  [
    'explain',
    {
      summary: 'Show which config, schema and rules apply to a file, and why',
      async run(args, io) {
        const { values, positionals } = parse(args, {});
        if (values.help) return help(io);
        if (positionals.length !== 1) throw new UsageError('explain takes exactly one file');
        return explainCommand(positionals[0]!, io);
      },
    },
  ],
  [
    'new',
    {
      summary: 'Write a new postmortem from the template',
      async run(args, io) {
        const { values, positionals } = parse(args, { title: { type: 'string' } });
        if (values.help) return help(io);
        if (positionals.length > 1) throw new UsageError('new takes at most one path');
        return newCommand(positionals[0], values.title, io);
      },
    },
  ],
  [
    'rules',
    {
      summary: 'List the rules with their default severity',
      async run(args, io) {
        const { values } = parse(args, {});
        if (values.help) return help(io);
        for (const rule of allRuleInfo())
          io.stdout(`${rule.id.padEnd(28)} ${rule.meta.defaultSeverity.padEnd(8)} ${rule.meta.summary}\n`);
        return 0;
      },
    },
  ],
  ['import-trace', importTraceCommand],
  ['report', reportCommand],
  ['init', initCommand],
]);

function help(io: Io): number {
  io.stdout(HELP);
  return 0;
}

async function run(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '-v' || first === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (first === '-h' || first === '--help' || first === 'help') return help(io);
  if (first === undefined) {
    io.stderr(HELP);
    return 2;
  }
  const command = COMMANDS.get(first);
  if (!command) throw new UsageError(`unknown command \`${first}\``);
  return command.run(rest, io);
}

/** "2 problems (frontmatter-schema 2)": what `--fix` changed in one file, by rule. */
function fixedSummary(fixed: ReadonlyMap<string, number>): string {
  const total = [...fixed.values()].reduce((a, b) => a + b, 0);
  return `${total} ${total === 1 ? 'problem' : 'problems'} (${[...fixed].map(([rule, n]) => `${rule} ${n}`).join(', ')})`;
}

interface LintFlags {
  /** `--allow-empty`: paths without a postmortem exit 0. */
  readonly allowEmpty: boolean;
  readonly format: string;
  readonly maxWarnings: number;
  readonly quiet: boolean;
  readonly fix: boolean;
  /** `--changed-since REF`: lint only files changed since the merge base with REF. */
  readonly changedSince?: string;
  /** Worker threads for linting (1: in process). */
  readonly jobs: number;
  /** `--file-timeout`: seconds a worker may spend on one file. */
  readonly fileTimeout: number;
  /** `--cache`: the cache file. */
  readonly cache?: string;
  /** `--no-progress`: no progress line even on a terminal. */
  readonly noProgress: boolean;
}

/** Formats whose consumers want paths relative to the repository root (GitHub, code scanning, GitLab), not to the working folder. */
const REPO_RELATIVE_FORMATS = new Set(['github', 'sarif', 'gitlab']);

const NO_BYTES = Buffer.alloc(0);

/** The linter instance of one command: every file it lints, fixes, explains or indexes goes through it. */
function linterFor(io: Io): Linter {
  return cliLinter({ cwd: io.cwd, fastPaths: fastPathsFrom(io.env) });
}

/** `lint`, with the progress line on stderr while it works (`progress.ts`), erased before the results. */
async function lintCommand(args: readonly string[], flags: LintFlags, io: Io): Promise<number> {
  const progress = startProgress(io, { format: flags.format, noProgress: flags.noProgress });
  try {
    return await lintFiles(args, flags, progress.io, progress.report);
  } finally {
    progress.stop();
  }
}

async function lintFiles(
  args: readonly string[],
  flags: LintFlags,
  io: Io,
  onProgress: OnProgress,
): Promise<number> {
  const linter = linterFor(io);
  const failures: string[] = [];
  const fixedFiles: string[] = [];
  /** Files to lint, with whether the user named them (named files are always linted). */
  const targets = new Map<string, boolean>();
  // The folder walk reports nothing itself: "Finding postmortems…" until the files are read one by one.
  onProgress({ phase: 'discovering', done: 0 });
  for (const arg of args) {
    const full = path.resolve(io.cwd, arg);
    let stat: import('node:fs').Stats | undefined;
    try {
      stat = await fs.stat(full);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      for (const file of await walkMarkdown(full)) if (!targets.has(file)) targets.set(file, false);
    } else if (stat?.isFile()) targets.set(full, true);
    else if (isGlob(arg)) {
      const matches = await expandGlob(arg, io.cwd);
      if (matches.length === 0) failures.push(`${arg}: no files match this pattern`);
      for (const file of matches) targets.set(file, true);
    } else failures.push(`${arg}: no such file or directory`);
  }

  let changed: ReturnType<typeof changedSince> | undefined;
  try {
    if (flags.changedSince !== undefined) changed = changedSince(flags.changedSince, io.cwd);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    io.stderr(`postmortem: --changed-since ${flags.changedSince}: ${error.message}\n`);
    return 2;
  }
  const base = REPO_RELATIVE_FORMATS.has(flags.format) ? await repoRoot(io.cwd) : io.cwd;
  const changedLines = new Map<string, ReadonlySet<number>>();

  const reports: FileReport[] = [];
  const jobs: Array<LintJob & { file: string; shown: string; bytes: Buffer }> = [];
  const badConfigs = new Map<string, string>();
  /** Markdown files a folder walk looked at and did not take (for the message when nothing is linted). */
  const skipped: string[] = [];
  let sawPostmortem = false;
  const isPostmortemOnDisk = async (file: string): Promise<boolean> => {
    const text = await readText(file).catch(() => undefined);
    if (text === undefined) return false;
    const recognition = await linter.recognise(corePath(file), text);
    if (!recognition.postmortem) skipped.push(toPosix(path.relative(base, file)) || '.');
    return recognition.postmortem;
  };
  let looked = 0;
  for (const [file, named] of [...targets].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    onProgress({ phase: 'discovering', done: looked++, total: targets.size });
    const shown = toPosix(path.relative(base, file)) || '.';
    if (changed) {
      const lines = changed.lines.get(
        toPosix(path.relative(changed.root, await fs.realpath(file).catch(() => file))),
      );
      if (!lines) {
        // Unchanged: not linted, but until one postmortem is seen, it tells "nothing changed" from "nothing to lint".
        if (!sawPostmortem && (named || (await isPostmortemOnDisk(file)))) sawPostmortem = true;
        continue;
      }
      changedLines.set(shown, lines);
    }
    let text: string;
    let bytes: Buffer;
    try {
      ({ text, bytes } = await readSource(file));
    } catch (error) {
      if (error instanceof ReadError) {
        failures.push(`${shown}: ${error.message}`);
        continue;
      }
      throw error;
    }
    const lookup = await linter.configFor(corePath(file));
    if (lookup.failure && !badConfigs.has(lookup.failure.path))
      badConfigs.set(lookup.failure.path, describeConfigFailure(lookup.failure, io));
    if (!named && !(await linter.recognise(corePath(file), text)).postmortem) {
      skipped.push(shown);
      continue;
    }
    // The bytes are kept only for --fix (BOM and on-disk check): 10,000 files stay light.
    jobs.push({ path: corePath(file), text, lookup, file, shown, bytes: flags.fix ? bytes : NO_BYTES });
  }
  const cache = flags.cache === undefined ? undefined : await LintCache.load(flags.cache);
  // The other postmortems under the lint root, for `recurrence` (plain records: the worker pool gets them as they are).
  const root = jobs.length > 0 ? await lintRoot(jobs.map((j) => j.file)) : undefined;
  const rootConfig =
    root === undefined
      ? undefined
      : (await linter.configFor(corePath(path.join(root, CONFIG_FILE_NAME)))).config;
  // Cross-file rules need the index; none is built when the root's config turns every one of them off.
  const recurrence =
    rootConfig !== undefined &&
    linter.rules.some(
      (rule) =>
        rule.across !== undefined &&
        (rootConfig.rules.get(rule.id)?.severity ?? rule.meta.defaultSeverity) !== 'off',
    );
  // Each target is parsed once (lint + record; with --cache, only the changed ones), then the index adds the other
  // postmortems: without the cache those that could share a class or service, with it all of them (their records cached).
  const texts = new Map(jobs.map((j) => [j.path, j.text]));
  const across: IndexAcross | undefined = !recurrence
    ? undefined
    : cache
      ? async (known, skip, onProgress) =>
          buildRepositoryIndex(
            (
              await collectRecords(root!, linter, {
                cache,
                texts,
                known,
                skip,
                ...(onProgress ? { onProgress } : {}),
              })
            ).records,
          )
      : (known, skip, onProgress) => indexAcross(root!, linter, known, skip, texts, onProgress);
  // Lint every file (cache, worker pool or in process), then fix and report in the sorted order.
  const linted = await lintMany(jobs, linter, {
    threads: flags.fix ? 1 : flags.jobs,
    cache,
    fileTimeout: flags.fileTimeout,
    across,
    onProgress,
  });
  for (const [i, job] of jobs.entries()) {
    const { file, shown, bytes } = job;
    let { text } = job;
    let findings = linted[i]!;
    if (flags.fix && findings.some((f) => f.fix)) {
      const fixed = await linter.fix(corePath(file), text);
      if (fixed.text !== text) {
        const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\uFEFF' : '';
        // Temp file + rename, and only if the bytes on disk are still the ones linted: no lost edits.
        if ((await writeIfUnchanged(file, sha256(bytes), bom + fixed.text)) === 'changed-on-disk') {
          failures.push(
            `${shown}: changed on disk since it was read; fixes not written, the file is untouched (run again)`,
          );
        } else {
          text = fixed.text;
          findings = (await linter.lintFile(corePath(file), text)).findings;
          fixedFiles.push(`${shown}: ${fixedSummary(fixed.fixed)}`);
        }
      }
    }
    if (flags.quiet) findings = findings.filter((f) => f.severity === 'error');
    // Related locations in other postmortems are shown like the file paths: relative to the same base.
    findings = findings.map((f) =>
      f.related?.some((r) => r.path !== undefined)
        ? {
            ...f,
            related: f.related.map((r) =>
              r.path === undefined ? r : { ...r, path: toPosix(path.relative(base, r.path)) },
            ),
          }
        : f,
    );
    reports.push({ path: shown, text, findings });
  }

  for (const message of badConfigs.values()) io.stderr(message);
  for (const failure of failures) io.stderr(`postmortem: ${failure}\n`);
  // Never a silent pass: paths that hold no postmortem are an error unless the user says it is fine.
  // With --changed-since, no changed postmortem is fine only when the paths hold postmortems at all.
  const empty = jobs.length === 0 && !sawPostmortem && failures.length === 0 && badConfigs.size === 0;
  if (empty && !flags.allowEmpty) {
    const message = noPostmortemMessage(args, skipped);
    io.stderr(message);
    // In a workflow the reason also shows as an error annotation on the run, not only in the log.
    if (flags.format === 'github')
      io.stdout(
        `::error title=ai-postmortem: no postmortem found::${message
          .replace(/^postmortem: /, '')
          .trimEnd()
          .replace(/%/g, '%25')
          .replace(/\r/g, '%0D')
          .replace(/\n/g, '%0A')}\n`,
      );
  }
  if (changed && jobs.length === 0 && sawPostmortem)
    io.stderr(`postmortem: no postmortem changed since ${flags.changedSince}\n`);
  // What --fix wrote goes to stderr, so stdout stays the chosen format (json, sarif…) alone.
  if (flags.fix && !empty)
    io.stderr(
      fixedFiles.length > 0
        ? fixedFiles.map((line) => `Fixed ${line}\n`).join('')
        : 'Fixed nothing: no finding has a safe fix.\n',
    );
  // The rule list is built when a format reads it (SARIF, GitHub): its sort starts the locale collator, a start-up cost.
  let rules: ReturnType<typeof allRuleInfo> | undefined;
  const context = {
    tool: { name: 'ai-postmortem', version: VERSION },
    get rules() {
      return (rules ??= allRuleInfo());
    },
    ...(changed ? { changedLines } : {}),
  };
  const output = FORMATTERS.get(flags.format)!(reports, context);
  // "No problems in 0 files" next to an error would read as a pass: the human format stays quiet then.
  if (!(
    flags.format === 'stylish' &&
    jobs.length === 0 &&
    (failures.length > 0 || (empty && !flags.allowEmpty))
  ))
    io.stdout(output.stdout);
  const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
  if (output.stepSummary !== undefined && summaryFile) {
    try {
      await fs.appendFile(summaryFile, output.stepSummary);
    } catch (error) {
      io.stderr(
        `postmortem: cannot write the step summary to ${summaryFile} (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`,
      );
    }
  }

  const fatal = reports.some((r) => r.findings.some((f) => f.fatal));
  if (failures.length > 0 || badConfigs.size > 0 || fatal || (empty && !flags.allowEmpty)) return 2;
  const errors = reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
  const warnings = reports.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'warning').length, 0);
  if (errors > 0) return 1;
  if (flags.maxWarnings >= 0 && warnings > flags.maxWarnings) {
    io.stderr(`postmortem: ${warnings} warnings, more than --max-warnings ${flags.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** What a lint that found no postmortem says: what it looked at, how files are recognised, what to do. */
function noPostmortemMessage(args: readonly string[], skipped: readonly string[]): string {
  const where = args.map((a) => `\`${a}\``).join(', ');
  const looked =
    skipped.length === 0
      ? 'no Markdown file there'
      : `${skipped.length} Markdown file${skipped.length === 1 ? '' : 's'}, none a postmortem: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? `, and ${skipped.length - 5} more` : ''}`;
  return (
    `postmortem: no postmortem found in ${where} (looked at ${looked}).\n` +
    `${recognitionSummary()}\n` +
    'Run `postmortem explain <file>` to see why a file is not taken, `postmortem init` to write a config naming your ' +
    'postmortem folders, or pass --allow-empty to accept a lint with nothing to lint.\n'
  );
}

function describeConfigFailure(failure: ConfigFailure, io: Io): string {
  return configFailureLines(failure, (p) => toPosix(path.relative(io.cwd, p)))
    .map((line) => `${line}\n`)
    .join('');
}

async function explainCommand(file: string, io: Io): Promise<number> {
  const full = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await readText(full);
  } catch (error) {
    if (error instanceof ReadError) {
      io.stderr(`postmortem: ${file}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const explained = await linterFor(io).explain(corePath(full), text);
  const relative = (p: string) => toPosix(path.relative(io.cwd, p)) || '.';
  io.stdout(`${renderExplanation(explained, { relative })}\n`);
  return explained.configFailure ? 2 : 0;
}

/**
 * `new [path|folder/]`: a file path is used as it is (a date it starts with is the incident date);
 * a folder gets a dated file; no path writes into the config's postmortem folder (`files`), else
 * the folder holding the most postmortems, else the current folder.
 */
async function newCommand(target: string | undefined, title: string | undefined, io: Io): Promise<number> {
  const today = io.today();
  const full = target === undefined ? undefined : path.resolve(io.cwd, target);
  const isFolder =
    full !== undefined &&
    (/[\\/]$/.test(target!) ||
      (await fs.stat(full).then(
        (s) => s.isDirectory(),
        () => false,
      )));
  let file: string;
  if (full !== undefined && !isFolder) file = full;
  else {
    const folder = full ?? (await postmortemFolder(io.cwd));
    file =
      folder === undefined
        ? path.resolve(io.cwd, `${today}-incident.postmortem.md`)
        : path.join(folder, datedFileName(today, title));
  }
  const stem = path.basename(file).replace(/\.postmortem\.md$|\.md$/i, '');
  const date = dateInName(stem) ?? today;
  const values = {
    title:
      title ??
      (stem
        .replace(/^\d{4}-\d{2}-\d{2}-?/, '')
        .replace(/[-_]+/g, ' ')
        .trim() ||
        'Incident'),
    date,
    id: `PM-${date}-${
      stem
        .replace(/^\d{4}-\d{2}-\d{2}-?/, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .slice(0, 40) || 'incident'
    }`,
  };
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, newPostmortem(values), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(
      `postmortem: ${toPosix(path.relative(io.cwd, file))}: ${code === 'EEXIST' ? 'already exists; not overwritten' : `cannot write (${code ?? String(error)})`}\n`,
    );
    return 2;
  }
  io.stdout(`Wrote ${toPosix(path.relative(io.cwd, file))}\n`);
  return 0;
}

/** Where a new postmortem goes: the config's first `files` folder, else the folder with the most postmortems in the repository. */
async function postmortemFolder(cwd: string): Promise<string | undefined> {
  const { config } = await cliLinter({ cwd, fastPaths: true }).configFor(
    corePath(path.join(cwd, CONFIG_FILE_NAME)),
  );
  const configured = configuredPostmortemFolder(config);
  if (configured !== undefined) return path.resolve(configured);
  const root = repositoryRoot(cwd) ?? path.resolve(cwd);
  const counts = new Map<string, number>();
  for (const p of (await findPostmortems(root)).postmortems) {
    const dir = path.posix.dirname(p);
    if (dir !== '.') counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best === undefined ? undefined : path.join(root, best[0]);
}
