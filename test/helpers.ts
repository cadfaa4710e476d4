/** Shared test helpers: lint a document and render findings as the CLI's stylish lines. */
import {
  formatLine,
  lint,
  positioned,
  resolveConfig,
  type Finding,
  type PostmortemConfig,
} from '../src/core/index.js';

/** Lint `text` with an optional config and return the stylish lines (no path) of every finding. */
export function lines(text: string, config: PostmortemConfig = {}, only?: string): string[] {
  const findings = lint(text, { config: resolveConfig(config, undefined) }).findings;
  return render(text, only === undefined ? findings : findings.filter((f) => f.ruleId === only));
}

export function render(text: string, findings: readonly Finding[]): string[] {
  return positioned({ path: '', text, findings }).map((p) => formatLine(p));
}
