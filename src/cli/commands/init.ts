/**
 * `postmortem init`: look at the repository with the same recognition as `lint`, then propose and
 * write `.postmortem.json` (the folders where postmortems are, the schema they use), a GitHub
 * workflow running the CLI from npm, and `.vscode/extensions.json` recommending the extension.
 * Never overwrites a file that differs unless `--force`; a second run changes nothing.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CONFIG_FILE_NAME,
  DEFAULT_CONFIG,
  recognisePostmortem,
  type ResolvedConfig,
} from '../../core/index.js';
import { readOptional, readTextIfReadable, toPosix, walkMarkdown } from '../files.js';
import { startProgress, type OnProgress } from '../progress.js';
import { cliLinter } from '../linter.js';
import { repositoryRoot } from '../recognise.js';
import type { Command, Io } from '../command.js';
import { UsageError } from '../usage.js';
import { VERSION } from '../version.js';

export const INIT_HELP = `Usage: postmortem init [--dry-run] [--force] [--no-progress]

Look at the repository (the git repository around the current folder, else the current folder),
find its postmortems the way \`postmortem lint\` does, and write:
  .postmortem.json                    \`files\`: the folders where postmortems were found;
                                      \`ignores\`: the other Markdown files in them (README, template);
                                      \`schema\`: the frontmatter schema they name, if one
  .github/workflows/postmortems.yml   runs the CLI from npm on pull requests, with annotations
                                      and the step summary
  .vscode/extensions.json             recommends the VS Code extension (merged into an existing file)

Options:
  --dry-run       Print what would be written, write nothing
  --force         Replace files that exist and differ (default: keep them and say so)
  --no-progress   No progress line on stderr while the repository is scanned (it shows only
                  on an interactive terminal, never in CI or when stderr is piped)
`;

/** The extension's identifier (`publisher.name` in package.json). */
const EXTENSION_ID = 'ai-postmortem.ai-postmortem';
/** The package and its bin on npm (package.json `name` and `bin`). */
const PACKAGE = 'ai-postmortem';

class Usage extends UsageError {
  constructor(message: string) {
    super(message, 'postmortem init --help');
  }
}

interface Planned {
  readonly file: string;
  readonly text: string;
  /** Merged into an existing file (`.vscode/extensions.json`): written even without `--force`. */
  readonly merged?: boolean;
}

/** Where the postmortems under `root` are, with the same decision `lint` makes (the config's `files` set aside: init proposes them afresh). */
export async function findPostmortems(
  root: string,
  onProgress?: OnProgress,
): Promise<{ postmortems: string[]; others: string[]; excluded: string[]; schemas: string[] }> {
  const postmortems: string[] = [];
  const others: string[] = [];
  const excluded: string[] = [];
  const schemas: string[] = [];
  const linter = cliLinter({ cwd: root, fastPaths: true });
  onProgress?.({ phase: 'scanning', done: 0 });
  const files = await walkMarkdown(root);
  for (const [done, file] of files.entries()) {
    onProgress?.({ phase: 'scanning', done, total: files.length });
    const rel = toPosix(path.relative(root, file));
    const text = await readTextIfReadable(file);
    if (text === undefined) continue;
    const existing = (await linter.configFor(toPosix(file))).config;
    const config: ResolvedConfig = existing.path
      ? { ...DEFAULT_CONFIG, path: existing.path, ignores: existing.ignores }
      : DEFAULT_CONFIG;
    const recognition = recognisePostmortem({ path: toPosix(file), text, config, root: toPosix(root) });
    if (recognition.postmortem) {
      postmortems.push(rel);
      const m =
        /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?\$schema:[ \t]*["']?([^"'\r\n#]+?)["']?[ \t]*(?:#.*)?\r?\n/.exec(
          text,
        );
      if (m && !/^[a-z][a-z0-9+.-]*:/i.test(m[1]!))
        schemas.push(toPosix(path.relative(root, path.resolve(path.dirname(file), m[1]!))));
    } else if (recognition.reasons.some((r) => r.signal === 'excluded-name' || r.signal === 'ignored'))
      excluded.push(rel);
    else others.push(rel);
  }
  return { postmortems, others, excluded, schemas };
}

/**
 * `files` globs: `<folder>/**\/*.md` for each top folder whose Markdown files are all postmortems
 * (indexes and templates aside). Postmortems elsewhere (next to notes or guides) are left to content
 * recognition, so a glob never takes a file that is not a postmortem.
 */
export function proposeFiles(found: {
  readonly postmortems: readonly string[];
  readonly others: readonly string[];
  readonly excluded: readonly string[];
}): string[] {
  const under = (file: string, folder: string) => file.startsWith(`${folder}/`);
  const candidates = [...new Set(found.postmortems.map((p) => path.posix.dirname(p)))].filter(
    (f) => f !== '.',
  );
  // Climb each folder while the parent still holds only postmortems (docs/postmortems/2025 → docs/postmortems).
  const tops = candidates.map((f) => {
    let folder = f;
    const stop = (up: string) =>
      up === '.' ||
      found.others.some((o) => under(o, up)) ||
      found.excluded.some((e) => path.posix.dirname(e) === up);
    for (let up = path.posix.dirname(folder); !stop(up); up = path.posix.dirname(up)) folder = up;
    return folder;
  });
  const clean = [...new Set(tops)].filter((f) => !found.others.some((o) => under(o, f))).sort();
  return clean.filter((f) => !clean.some((g) => g !== f && under(f, g))).map((f) => `${f}/**/*.md`);
}

function configText(found: Awaited<ReturnType<typeof findPostmortems>>): string {
  const files = proposeFiles(found);
  const config: Record<string, unknown> = {
    // The schema as npm publishes it (the package's `files` include `schemas/`), pinned to this version:
    // it resolves for a team that runs the CLI with npx and has no node_modules; the extension validates the file without it.
    $schema: `https://unpkg.com/${PACKAGE}@${VERSION}/schemas/config.schema.json`,
  };
  const schemas = [...new Set(found.schemas)];
  if (schemas.length === 1) config['schema'] = schemas[0];
  if (files.length > 0) {
    config['files'] = files;
    const taken = (p: string) =>
      files.some((g) => (g.endsWith('/**/*.md') ? p.startsWith(g.slice(0, -'**/*.md'.length)) : p === g));
    const ignores = found.excluded.filter(taken);
    if (ignores.length > 0) config['ignores'] = ignores;
  }
  return `${JSON.stringify(config, null, 2)}\n`;
}

function workflowText(): string {
  return `# Lints the incident postmortems on every pull request: findings show as annotations on the
# changed lines and as a table in the job summary. Written by \`postmortem init\`.
name: Postmortems

on:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # --format github: annotations and the step summary. Exit 1 on errors, 2 when no postmortem is found.
      - name: Lint postmortems
        run: npx --yes --package ${PACKAGE}@${VERSION} postmortem lint --format github .
`;
}

/** `.vscode/extensions.json` with the extension recommended, keeping what is there; `undefined` when the file is not plain JSON. */
function extensionsText(existing: string | undefined): string | undefined {
  if (existing === undefined) return `${JSON.stringify({ recommendations: [EXTENSION_ID] }, null, 2)}\n`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(existing);
  } catch {
    // JSON with comments, as VS Code writes this file: add the id as the first recommendation, touching nothing else.
    if (existing.includes(`"${EXTENSION_ID}"`)) return existing;
    const at = [...existing.matchAll(/"recommendations"\s*:\s*\[/g)];
    if (at.length !== 1) return undefined;
    const end = at[0]!.index! + at[0]![0].length;
    const rest = existing.slice(end);
    const indent = /^\s*\n([ \t]*)/.exec(rest)?.[1] ?? '  ';
    const empty = /^\s*\]/.test(rest);
    return `${existing.slice(0, end)}\n${indent}"${EXTENSION_ID}"${empty ? '\n' : ','}${empty ? rest.replace(/^\s*/, '') : rest}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const value = parsed as { recommendations?: unknown };
  const list = Array.isArray(value.recommendations) ? value.recommendations : [];
  if (list.includes(EXTENSION_ID)) return existing;
  return `${JSON.stringify({ ...value, recommendations: [...list, EXTENSION_ID] }, null, 2)}\n`;
}

async function run(args: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      allowPositionals: false,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new Usage((error as Error).message);
  }
  if (values.help) {
    io.stdout(INIT_HELP);
    return 0;
  }
  const root = repositoryRoot(io.cwd) ?? path.resolve(io.cwd);
  const shown = (file: string) => toPosix(path.relative(io.cwd, path.join(root, file))) || '.';
  // The progress line while the repository is scanned (`progress.ts`), erased before the plan prints.
  const progress = startProgress(io, { noProgress: values['no-progress'] === true });
  let found: Awaited<ReturnType<typeof findPostmortems>>;
  try {
    found = await findPostmortems(root, progress.report);
  } finally {
    progress.stop();
  }
  const lines: string[] = [];
  if (found.postmortems.length === 0)
    lines.push(`Found no postmortem under ${shown('.')}: \`postmortem new\` writes one.`);
  else {
    const list = found.postmortems.slice(0, 10).join(', ');
    lines.push(
      `Found ${found.postmortems.length} postmortem${found.postmortems.length === 1 ? '' : 's'}: ${list}${found.postmortems.length > 10 ? `, and ${found.postmortems.length - 10} more` : ''}`,
    );
  }
  const extensionsFile = path.join('.vscode', 'extensions.json');
  const currentExtensions = await readOptional(path.join(root, extensionsFile));
  const extensions = extensionsText(currentExtensions);
  const planned: Planned[] = [
    { file: CONFIG_FILE_NAME, text: configText(found) },
    { file: path.join('.github', 'workflows', 'postmortems.yml'), text: workflowText() },
  ];
  if (extensions !== undefined)
    planned.push({ file: extensionsFile, text: extensions, merged: currentExtensions !== undefined });
  else
    lines.push(
      `Kept ${shown(extensionsFile)}: it is not plain JSON; add "${EXTENSION_ID}" to its "recommendations".`,
    );

  let kept = 0;
  for (const { file, text, merged } of planned) {
    const full = path.join(root, file);
    const current = await readOptional(full);
    if (current === text) {
      lines.push(`Unchanged ${shown(file)}`);
      continue;
    }
    if (current !== undefined && !merged && !values.force) {
      kept++;
      lines.push(`Kept ${shown(file)}: it exists and differs from the proposal below (--force replaces it)`);
      if (values['dry-run'] !== true) lines.push(indent(text));
      continue;
    }
    const verb = current === undefined ? 'Write' : merged ? 'Add the extension to' : 'Replace';
    if (values['dry-run']) {
      lines.push(`Would ${verb.toLowerCase()} ${shown(file)}:`, indent(text));
      continue;
    }
    try {
      await fs.mkdir(path.dirname(full), { recursive: true });
      await fs.writeFile(full, text);
    } catch (error) {
      io.stderr(
        `postmortem: ${shown(file)}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`,
      );
      return 2;
    }
    lines.push(
      `${verb === 'Write' ? 'Wrote' : verb === 'Replace' ? 'Replaced' : 'Added the extension to'} ${shown(file)}`,
    );
  }
  if (!values['dry-run'] && kept === 0)
    lines.push(
      'Next: `postmortem lint` (locally), then commit the files: the workflow lints every pull request.',
    );
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export const initCommand: Command = {
  summary: 'Write .postmortem.json, a GitHub workflow and the editor recommendation for this repository',
  run,
};
