/**
 * Output formats by name. A formatter is a pure function of the reports; what it returns for
 * standard output and (for `github`) for the step summary is written by the CLI.
 */
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatRdjson, formatRdjsonl } from './rdjson.js';
import type { Formatter } from './report.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export type { FormatContext, FormatOutput, Formatter } from './report.js';

export const FORMATTERS: ReadonlyMap<string, Formatter> = new Map<string, Formatter>([
  ['stylish', (reports) => ({ stdout: formatStylish(reports) })],
  ['json', (reports, context) => ({ stdout: formatJson(reports, context.tool) })],
  ['github', formatGithub],
  ['sarif', formatSarif],
  ['rdjson', formatRdjson],
  ['rdjsonl', formatRdjsonl],
  ['gitlab', (reports) => formatGitlab(reports)],
]);
