/**
 * Shared by the `format-*` tests: reports built by really linting documents, the format context
 * the CLI passes, the two external schemas loaded offline from the shared folder, and a mirror of the GitHub runner's
 * workflow-command parser (`ActionCommand.TryParseV2` in actions/runner).
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { needsShared, sharedPath } from '../scripts/shared-folder.js';
import {
  RULES,
  allRuleInfo,
  lint,
  resolveConfig,
  type FileReport,
  type FormatContext,
  type PostmortemConfig,
} from '../src/core/index.js';

export const CONTEXT: FormatContext = {
  tool: { name: 'ai-postmortem', version: '0.1.0' },
  rules: allRuleInfo(),
};

/**
 * The rules these tests lint with: the frontmatter rules, whose findings the tests write down.
 * Formats do not depend on which rule fired, and content rules added later must not shift them.
 */
const FRONTMATTER_RULES = RULES.filter((r) => r.id.startsWith('frontmatter-'));

/** A report whose findings come from the real engine. */
export function reportOf(path: string, text: string, config: PostmortemConfig = {}): FileReport {
  return {
    path,
    text,
    findings: lint(text, { config: resolveConfig(config, undefined), rules: FRONTMATTER_RULES }).findings,
  };
}

/** A valid frontmatter block with extra lines inserted before the closing fence. */
export function doc(...extra: string[]): string {
  return [
    '---',
    'title: Outage',
    'date: 2026-03-14',
    'severity: SEV2',
    'status: draft',
    ...extra,
    '---',
    '',
    '# Outage',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// External schemas: third-party files read from the shared folder (see test/fixtures/schemas-external/PROVENANCE.md).

const SCHEMAS = 'schemas-external';

/**
 * Why the schema checks cannot run (the shared folder is missing), or `false`. Tests about schema validity take it as
 * their `skip` option; the other format tests run either way and also validate whenever the schemas are there.
 */
export const SCHEMAS_SKIP = needsShared(
  `${SCHEMAS}/sarif-2.1.0.schema.json`,
  `${SCHEMAS}/reviewdog-rdf/Diagnostic.json`,
  `${SCHEMAS}/reviewdog-rdf/DiagnosticResult.json`,
);

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(sharedPath(`${SCHEMAS}/${file}`), 'utf8')) as Record<string, unknown>;
}

/** SARIF 2.1.0 declares draft-07: the default Ajv class plus formats, not strict (the schema trips strictRequired). */
export function sarifValidator() {
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(readJson('sarif-2.1.0.schema.json'));
}

/** reviewdog's rdf schemas declare draft-04; they omit `type: object` beside `additionalProperties`. */
export function rdfValidators() {
  const ajv = new Ajv04.default({ allErrors: true, strictTypes: false });
  return {
    diagnostic: ajv.compile(readJson('reviewdog-rdf/Diagnostic.json')),
    result: ajv.compile(readJson('reviewdog-rdf/DiagnosticResult.json')),
  };
}

// ---------------------------------------------------------------------------------------------
// The runner's parser, mirrored line by line from actions/runner src/Runner.Common/ActionCommand.cs.

/** Commands the runner registers (case-insensitive); any of them would be dangerous to inject. */
const REGISTERED = new Set([
  'error',
  'warning',
  'notice',
  'debug',
  'add-mask',
  'stop-commands',
  'set-output',
  'save-state',
  'set-env',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'group',
  'endgroup',
  'echo',
]);

export interface ParsedCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly data: string;
}

/** The runner reads its child's output with `StreamReader.ReadLine`: `\n`, `\r` and `\r\n` end lines. */
export function runnerLines(stdout: string): string[] {
  const lines = stdout.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function replaceAll(text: string, mappings: ReadonlyArray<readonly [string, string]>): string {
  let out = text;
  for (const [escaped, token] of mappings) out = out.split(escaped).join(token);
  return out;
}

const PROPERTY_MAPPINGS = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
] as const;
const DATA_MAPPINGS = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
] as const;

/** .NET `s.Split('=', count: 2, RemoveEmptyEntries)`: empty entries are skipped, also right after the first one. */
function splitPair(text: string): string[] {
  const s = text.replace(/^=+/, '');
  if (s === '') return [];
  const i = s.indexOf('=');
  if (i < 0) return [s];
  const rest = s.slice(i + 1).replace(/^=+/, '');
  return rest === '' ? [s.slice(0, i)] : [s.slice(0, i), rest];
}

/** `ActionCommand.TryParseV2`: `undefined` where the runner returns false. */
export function tryParseV2(line: string): ParsedCommand | undefined {
  if (!line) return undefined;
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const endIndex = message.indexOf('::', 2);
  if (endIndex < 0) return undefined;
  const cmdInfo = message.slice(2, endIndex);
  const spaceIndex = cmdInfo.indexOf(' ');
  const command = spaceIndex < 0 ? cmdInfo : cmdInfo.slice(0, spaceIndex);
  if (!REGISTERED.has(command.toLowerCase())) return undefined;
  const properties: Record<string, string> = {};
  if (spaceIndex > 0) {
    const propertiesStr = cmdInfo.slice(spaceIndex + 1).trim();
    for (const property of propertiesStr.split(',').filter((p) => p !== '')) {
      const pair = splitPair(property);
      if (pair.length === 2) properties[pair[0]!] = replaceAll(pair[1]!, PROPERTY_MAPPINGS);
    }
  }
  return { command, properties, data: replaceAll(message.slice(endIndex + 2), DATA_MAPPINGS) };
}

/** `ActionCommand.TryParse` (the legacy `##[command]data` form), tried only when `TryParseV2` fails. */
export function tryParseLegacy(line: string): boolean {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return false;
  const rb = line.indexOf(']', prefix);
  if (rb < 0) return false;
  const info = line.slice(prefix + 3, rb);
  const space = info.indexOf(' ');
  return REGISTERED.has((space < 0 ? info : info.slice(0, space)).toLowerCase());
}

/**
 * GFM table row cells as cmark-gfm splits them: a cell is a run of escaped characters (`\` + any)
 * or anything but `|`; the leading and trailing pipes are dropped.
 */
export function gfmCells(row: string): string[] {
  const body = row.trim().replace(/^\|/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      cell += c + body[i + 1]!;
      i++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  if (cell.trim() !== '') cells.push(cell.trim());
  return cells;
}
