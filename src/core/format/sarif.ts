/**
 * `--format sarif`: one SARIF 2.1.0 log with one run, for GitHub code scanning (`upload-sarif`),
 * SARIF viewers and `reviewdog -f=sarif`. Every rule is listed (not only those that fired), so
 * `ruleIndex` is stable across runs. Regions are 1-based with *exclusive* end columns counted in
 * UTF-16 code units, which the run declares with `columnKind: "utf16CodeUnits"`: exactly the
 * internal positions. `test/format-sarif.test.ts` validates the output against the SARIF schema.
 */
import { ruleUrl } from '../engine.js';
import { ruleProse } from '../rules/prose.js';
import type { Severity, TextRange } from '../types.js';
import { LineIndex } from '../document/line-index.js';
import { fingerprints } from './fingerprint.js';
import type { FormatContext, FormatOutput } from './report.js';
import type { FileReport } from './report.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/ai-postmortem/ai-postmortem';
/** The key of our own fingerprint in `partialFingerprints`; bump the version if its recipe changes. */
export const FINGERPRINT_KEY = 'aiPostmortem/v1';
/** GitHub code scanning cuts `fullDescription.text` at 1024 characters. */
const MAX_FULL_DESCRIPTION = 1024;

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** A repo-relative POSIX path as a relative URI reference: each segment percent-encoded (`#`, `?`, spaces, non-ASCII). */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Shorten to `max` characters at a sentence end when there is one, else at a word. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const sentence = cut.lastIndexOf('. ');
  if (sentence > max / 2) return cut.slice(0, sentence + 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > 0 ? space : cut.length)}…`;
}

/** `frontmatter-schema` → `FrontmatterSchema`: SARIF's `name` is an identifier, not prose. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());
}

function region(lines: LineIndex, range: TextRange) {
  const start = lines.position(range.start);
  const end = lines.position(range.end);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

export function formatSarif(reports: readonly FileReport[], context: FormatContext): FormatOutput {
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.id, index]));
  const rules = context.rules.map((rule) => {
    const url = ruleUrl(rule.id);
    // The page's prose; every rule has a page (test/registry.test.ts), the summary stands in for one that would not.
    const { rationale, howToFix } = ruleProse(rule.id) ?? { rationale: rule.meta.summary, howToFix: '' };
    return {
      id: rule.id,
      name: ruleName(rule.id),
      shortDescription: { text: rule.meta.summary },
      fullDescription: { text: shorten(rationale, MAX_FULL_DESCRIPTION) },
      help: {
        text: `${rationale}\n\nHow to fix: ${howToFix}\n\nDocumentation: ${url}`,
        markdown: `${rationale}\n\n**How to fix:** ${howToFix}\n\n[Documentation](${url})`,
      },
      helpUri: url,
      defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
      properties: { tags: [rule.meta.category], fixable: rule.meta.fixable },
    };
  });

  const results = reports.flatMap((report) => {
    const lines = new LineIndex(report.text);
    const uri = pathToUri(report.path);
    const prints = fingerprints(report);
    return report.findings.map((finding, i) => {
      const index = ruleIndex.get(finding.ruleId);
      const related = (finding.related ?? []).filter((r) => r.path === undefined || r.path === report.path);
      return {
        ruleId: finding.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [
          { physicalLocation: { artifactLocation: { uri }, region: region(lines, finding.range) } },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: prints[i]! },
        ...(related.length
          ? {
              relatedLocations: related.map((r, id) => ({
                id,
                message: { text: r.message },
                physicalLocation: { artifactLocation: { uri }, region: region(lines, r.range) },
              })),
            }
          : {}),
        ...(finding.fix
          ? {
              fixes: [
                {
                  description: { text: finding.fix.title },
                  artifactChanges: [
                    {
                      artifactLocation: { uri },
                      replacements: finding.fix.edits.map((edit) => ({
                        deletedRegion: region(lines, edit.range),
                        insertedContent: { text: edit.newText },
                      })),
                    },
                  ],
                },
              ],
            }
          : {}),
      };
    });
  });

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: context.tool.name,
            version: context.tool.version,
            semanticVersion: context.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return { stdout: `${JSON.stringify(log, null, 2)}\n` };
}
