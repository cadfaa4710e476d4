/**
 * `postmortem report [dir]`: index the postmortems under a folder and render what they say
 * together (failure classes, services, moved variables, months, root-cause kinds, open action
 * items by age, what recurs) as Markdown, one self-contained HTML page, or JSON. Rendering is the
 * core's (`summarizeRepository` + `renderReport*`); this file only reads and writes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildRepositoryIndex,
  recognitionSummary,
  renderReportHtml,
  renderReportJson,
  renderReportMarkdown,
  summarizeRepository,
} from '../../core/index.js';
import { toPosix } from '../files.js';
import { collectRecords } from '../repository.js';
import { startProgress, type OnProgress } from '../progress.js';
import { cliLinter, fastPathsFrom } from '../linter.js';
import type { Command, Io } from '../command.js';
import { UsageError } from '../usage.js';

export const REPORT_HELP = `Usage: postmortem report [dir] [--format md|html|json] [--output <file>]

Index the postmortems under <dir> (default: the current folder; the same files a folder walk of
\`postmortem lint\` selects) and report what they say together: counts by failure class, service,
moved variable and month, root-cause kinds, open action items by age, and the recurring classes.

Options:
  --format <name>     md (default) | html (one self-contained page with charts) | json
  --output <file>     Write the report to <file> instead of standard output
  --as-of <date>      Count action item ages to this day, YYYY-MM-DD (default: today)
  --title <text>      Report title (default: "Postmortem report")
  --all               Every Markdown file under <dir>, not only postmortems
  --allow-empty       Exit 0 when <dir> holds no postmortem (default: exit 2, saying why)
  --no-progress       No progress line on stderr (it shows only on an interactive terminal,
                      never in CI, when stderr is piped or with --format json)
`;

const RENDERERS = {
  md: renderReportMarkdown,
  html: renderReportHtml,
  json: (summary: Parameters<typeof renderReportJson>[0]) => renderReportJson(summary),
} as const;

/** A usage mistake in `postmortem report`; `main` points at this command's help. */
class Usage extends UsageError {
  constructor(message: string) {
    super(message, 'postmortem report --help');
  }
}

async function run(args: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'as-of': { type: 'string' },
        title: { type: 'string' },
        all: { type: 'boolean' },
        'allow-empty': { type: 'boolean' },
        'no-progress': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new Usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new Usage('report takes at most one folder');
  const format = values.format ?? 'md';
  if (!Object.hasOwn(RENDERERS, format))
    throw new Usage(`unknown report format \`${format}\` (expected md, html, json)`);
  const asOf = values['as-of'] ?? io.today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))
    throw new Usage(`--as-of takes a date as YYYY-MM-DD; got \`${asOf}\``);

  // The progress line on stderr while the folder is indexed (`progress.ts`); JSON is for programs, so none then.
  const progress = startProgress(io, {
    format: format === 'json' ? 'json' : undefined,
    noProgress: values['no-progress'] === true,
  });
  try {
    return await write(progress.io, progress.report, { positionals, values, format, asOf });
  } finally {
    progress.stop();
  }
}

async function write(
  io: Io,
  onProgress: OnProgress,
  {
    positionals,
    values,
    format,
    asOf,
  }: {
    positionals: readonly string[];
    values: {
      output?: string | undefined;
      title?: string | undefined;
      all?: boolean | undefined;
      'allow-empty'?: boolean | undefined;
    };
    format: string;
    asOf: string;
  },
): Promise<number> {
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    io.stderr(`postmortem: ${positionals[0] ?? '.'}: not a folder\n`);
    return 2;
  }
  const linter = cliLinter({ cwd: io.cwd, fastPaths: fastPathsFrom(io.env) });
  // Paths in the report are relative to the reported folder, so a committed report names no machine.
  const { records, failures } = await collectRecords(dir, linter, {
    name: (file) => toPosix(path.relative(dir, file)),
    all: values.all === true,
    onProgress,
  });
  for (const failure of failures) io.stderr(`postmortem: ${failure}\n`);
  const empty = records.length === 0 && values['allow-empty'] !== true;
  if (empty)
    io.stderr(
      `postmortem: no postmortem found in ${positionals[0] ?? '.'}.\n${recognitionSummary()}\nRun \`postmortem explain <file>\` to see why a file is not taken, or pass --allow-empty to report on nothing.\n`,
    );
  const summary = summarizeRepository(buildRepositoryIndex(records), { asOf });
  const render = RENDERERS[format as keyof typeof RENDERERS];
  const output = render(summary, values.title ?? 'Postmortem report');
  if (values.output !== undefined) {
    const file = path.resolve(io.cwd, values.output);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, output);
    } catch (error) {
      io.stderr(
        `postmortem: ${values.output}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`,
      );
      return 2;
    }
    io.stderr(`Wrote ${toPosix(path.relative(io.cwd, file))} (${records.length} postmortems)\n`);
  } else io.stdout(output);
  return failures.length > 0 || empty ? 2 : 0;
}

export const reportCommand: Command = {
  summary: 'Report on every postmortem under a folder: classes, services, moved variables, recurrence',
  run,
};
