/**
 * `.postmortem.json`: one file for the editor and CI. Parsing, validation with positions, and the
 * per-rule settings the engine applies. Finding the file is the shells' job (see `resolve.ts`).
 */
import { parseDocument } from 'yaml';
import configSchema from '../../schemas/config.schema.json' with { type: 'json' };
import { compileSchema, validateFrontmatter } from './schema/validator.js';
import { locate } from './document/yaml-locate.js';
import type { Document } from 'yaml';
import { mergePhrases, type PhraseKey, type PhraseLists } from './rules/phrases.js';
import type { SeveritySetting, TextRange } from './types.js';

export const CONFIG_FILE_NAME = '.postmortem.json';

/** The file as users write it. */
export interface PostmortemConfig {
  readonly $schema?: string;
  readonly schema?: string;
  readonly files?: readonly string[];
  readonly ignores?: readonly string[];
  readonly rules?: Readonly<
    Record<
      string,
      SeveritySetting | { readonly severity?: SeveritySetting; readonly options?: Record<string, unknown> }
    >
  >;
  readonly phrases?: Partial<Record<PhraseKey, readonly string[]>>;
  readonly limits?: { readonly max_document_bytes?: number; readonly max_frontmatter_bytes?: number };
  /** Trace backend endpoints for `import-trace --backend`; tokens never live here (environment only). */
  readonly trace_backends?: {
    readonly jaeger?: { readonly endpoint?: string };
    readonly tempo?: { readonly endpoint?: string; readonly org_id?: string };
    readonly langfuse?: { readonly endpoint?: string };
    readonly langsmith?: { readonly endpoint?: string };
    readonly phoenix?: { readonly endpoint?: string; readonly project?: string };
  };
}

/** A problem in a config file, at a range of that file's text. */
export interface ConfigProblem {
  readonly message: string;
  readonly range: TextRange;
}

export interface RuleSetting {
  readonly severity: SeveritySetting;
  readonly options: Record<string, unknown> | undefined;
}

/** Everything the engine needs from configuration; the same object in every shell. */
export interface ResolvedConfig {
  /** Path of the config file, or `undefined` for the built-in defaults. */
  readonly path: string | undefined;
  readonly raw: PostmortemConfig;
  readonly files: readonly string[];
  readonly ignores: readonly string[];
  readonly rules: ReadonlyMap<string, RuleSetting>;
  readonly phrases: PhraseLists;
  readonly limits: { readonly maxDocumentLength: number; readonly maxFrontmatterLength: number };
}

export const DEFAULT_FILES: readonly string[] = ['**/*.postmortem.md'];

/** Build the resolved form of a config (already validated). */
export function resolveConfig(raw: PostmortemConfig, path: string | undefined): ResolvedConfig {
  const rules = new Map<string, RuleSetting>();
  for (const [id, value] of Object.entries(raw.rules ?? {})) {
    if (typeof value === 'string') rules.set(id, { severity: value, options: undefined });
    else rules.set(id, { severity: value.severity ?? 'warning', options: value.options });
  }
  return {
    path,
    raw,
    files: raw.files ?? DEFAULT_FILES,
    ignores: raw.ignores ?? [],
    rules,
    phrases: mergePhrases(raw.phrases),
    limits: {
      maxDocumentLength: raw.limits?.max_document_bytes ?? 1024 * 1024,
      maxFrontmatterLength: raw.limits?.max_frontmatter_bytes ?? 64 * 1024,
    },
  };
}

export const DEFAULT_CONFIG: ResolvedConfig = resolveConfig({}, undefined);

/** What config validation reads of a rule: its id and the schema of its options (any `Rule` has both). */
export interface ConfigurableRule {
  readonly id: string;
  readonly meta: { readonly optionsSchema?: Record<string, unknown> | undefined };
}

/**
 * Parse and validate the text of a config file. JSON is read with the YAML parser so every
 * problem has a position; comments are not allowed (it is JSON).
 */
export function parseConfig(
  text: string,
  path: string,
  rules: readonly ConfigurableRule[] = [],
): { config: ResolvedConfig | undefined; problems: ConfigProblem[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = text.length - body.length;
  const whole: TextRange = { start: 0, end: Math.min(text.length, 1) };
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    const pos = /position (\d+)/.exec(message);
    const at = pos ? shift + Number(pos[1]) : 0;
    return {
      config: undefined,
      problems: [
        {
          message: `Invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
          range: { start: at, end: Math.min(text.length, at + 1) },
        },
      ],
    };
  }
  const compiled = compileSchema(configSchema, 'config.schema.json');
  if (!compiled.ok) return { config: undefined, problems: [{ message: compiled.error, range: whole }] };
  const doc = parseDocument(body, { version: '1.2', uniqueKeys: false });
  const problems: ConfigProblem[] = validateFrontmatter(compiled, raw, doc, shift, whole).map((p) => ({
    message: p.message,
    range: p.range,
  }));
  if (problems.length === 0 && rules.length > 0)
    problems.push(...checkRuleSettings(raw as PostmortemConfig, rules, doc, shift, whole));
  return {
    config: problems.length === 0 ? resolveConfig(raw as PostmortemConfig, path) : undefined,
    problems,
  };
}

/** Unknown rule ids and options that do not fit a rule's options schema. */
function checkRuleSettings(
  config: PostmortemConfig,
  rules: readonly ConfigurableRule[],
  doc: Document.Parsed,
  shift: number,
  whole: TextRange,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const [id, value] of Object.entries(config.rules ?? {})) {
    const pointer = `/rules/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const rule = byId.get(id);
    if (!rule) {
      problems.push({
        message: `Unknown rule \`${id}\``,
        range: locate(doc, shift, pointer, { kind: 'key' }) ?? whole,
      });
      continue;
    }
    const options = typeof value === 'object' ? value.options : undefined;
    if (options === undefined) continue;
    if (!rule.meta.optionsSchema) {
      problems.push({
        message: `Rule \`${id}\` takes no options`,
        range: locate(doc, shift, `${pointer}/options`, { kind: 'key' }) ?? whole,
      });
      continue;
    }
    const compiled = compileSchema(rule.meta.optionsSchema, `options of ${id}`);
    if (!compiled.ok) continue;
    for (const p of validateFrontmatter(compiled, options, doc, shift, whole, `${pointer}/options`)) {
      problems.push({ message: `Option of \`${id}\`: ${p.message}`, range: p.range });
    }
  }
  return problems;
}
