/** `postmortem report --format json`: the summary as it is, versioned by `version`, with a final newline. */
import type { RepositorySummary } from './summary.js';

export function renderReportJson(summary: RepositorySummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
