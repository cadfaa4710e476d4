/** Frontmatter schemas: compiled once each, errors turned into sentences at YAML ranges. */
import Ajv, { type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';
import type { Document } from 'yaml';
import defaultSchema from '../../../schemas/postmortem.schema.json' with { type: 'json' };
import { locate, type Anchor } from '../document/yaml-locate.js';
import type { TextRange } from '../types.js';
import { fnv1a } from '../hash.js';

/** A schema ready to validate frontmatter data, or the reason it cannot be used. */
export type CompiledSchema =
  | {
      readonly ok: true;
      readonly id: string;
      readonly validate: ValidateFunction;
      readonly schema: AnySchemaObject;
    }
  | { readonly ok: false; readonly id: string; readonly error: string };

/** One schema error, located in the file. */
export interface SchemaProblem {
  readonly message: string;
  readonly range: TextRange;
  readonly keyword: string;
  readonly data?: { readonly actual?: string; readonly expected?: string };
}

/**
 * `pattern` and `patternProperties` run on RE2JS, a linear-time engine, instead of backtracking
 * `RegExp`: a workspace schema with `^(a+)+$` must not hang the linter on a long value (ReDoS).
 * RE2 has no lookaround or backreferences; a schema that uses them gets a compile error.
 * Pure JavaScript, so it works in the core, the CLI and a web extension alike (native `re2` would not).
 */
const linearRegExp = Object.assign(
  (pattern: string): { test(s: string): boolean } => RE2JS.compile(pattern),
  { code: 'linearRegExp' },
);

// No `loadSchema`: a remote `$ref` is never fetched; it stays unresolved and becomes a compile error.
const OPTIONS = {
  code: { regExp: linearRegExp },
  allErrors: true,
  verbose: true,
  strict: false,
  $data: false,
  logger: false,
  validateSchema: true,
} as const;

type AjvInstance = InstanceType<typeof Ajv.default>;

/** The ajv instance of a schema's dialect, made once per compiler. */
function ajvFor(
  schema: AnySchemaObject,
  instances: { draft07?: AjvInstance; draft2020?: AjvInstance },
): AjvInstance {
  const dialect = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  if (/draft-0[67]|draft-04/.test(dialect))
    return (instances.draft07 ??= withFormats(new Ajv.default(OPTIONS)));
  return (instances.draft2020 ??= withFormats(new Ajv2020.default(OPTIONS)));
}

function withFormats<T extends AjvInstance>(ajv: T): T {
  // "fast" formats avoid the regexes of the full mode that backtrack badly on long input.
  addFormats.default(ajv, {
    mode: 'fast',
    formats: ['date', 'date-time', 'time', 'uri', 'uri-reference', 'email', 'uuid'],
  });
  return ajv;
}

/**
 * Compiles schemas given as text (what a shell read from disk), each text once, with its own ajv instances (ajv keeps
 * a copy of every schema it compiled). A linter instance owns one through its `Resolver`, so what a workspace's
 * schema files compiled to lives and goes with that instance; it holds at most `limit` texts and starts afresh
 * (ajv instances too) past that, so editing a schema file in a long editor session does not grow it.
 */
export class SchemaCompiler {
  readonly #byText = new Map<string, CompiledSchema>();
  #instances: { draft07?: AjvInstance; draft2020?: AjvInstance } = {};
  readonly #limit: number;

  constructor(limit = 32) {
    this.#limit = limit;
  }

  /** How many compiled texts it holds. */
  get size(): number {
    return this.#byText.size;
  }

  compile(source: string, id: string, options: CompileOptions = {}): CompiledSchema {
    const validate = options.precompiled ? freshPrecompiled(options.precompiled) : undefined;
    const key = `${validate ? 'precompiled:' : ''}${source}`;
    const hit = this.#byText.get(key);
    if (hit) return hit;
    if (this.#byText.size >= this.#limit) this.clear();
    const result = compileUncached(source, id, validate, this.#instances);
    this.#byText.set(key, result);
    return result;
  }

  /** Forget every compiled schema. */
  clear(): void {
    this.#byText.clear();
    this.#instances = {};
  }
}

/**
 * Schemas given as objects (the bundled schema, the config schema, rules' options schemas: module data, a fixed few)
 * compiled once per object and precompiled choice: a memo keyed by the object, not state that grows.
 */
const byObject = new WeakMap<AnySchemaObject, Map<string, CompiledSchema>>();
const objectInstances: { draft07?: AjvInstance; draft2020?: AjvInstance } = {};

/**
 * The validator generated at build time for the bundled schema (`bundled-validator.generated.ts`, written by
 * scripts/precompile-schemas.mjs) with the fingerprint of the schema it was generated from. A linter instance given
 * one uses it instead of compiling the bundled schema at run time (the CLI does; the extension does not load it).
 */
export interface PrecompiledSchema {
  readonly fingerprint: string;
  readonly validate: unknown;
}

export interface CompileOptions {
  /**
   * The precompiled validator of the bundled schema, used for the bundled schema and a repository's copy with the same
   * JSON; ignored when its fingerprint is not the bundled schema's (a stale validator is never used). Absent or
   * `false`: every schema is compiled at run time.
   */
  readonly precompiled?: PrecompiledSchema | false | undefined;
}

/**
 * Compile a schema given as JSON text (what a shell read from disk) or as an object (the bundled
 * one). `id` names it in messages. Text is compiled by `options.compiler` (a linter instance's) when given, else
 * afresh each call. Never throws.
 */
export function compileSchema(
  source: string | AnySchemaObject,
  id: string,
  options: CompileOptions & { readonly compiler?: SchemaCompiler } = {},
): CompiledSchema {
  if (typeof source === 'string')
    return (options.compiler ?? new SchemaCompiler(1)).compile(source, id, options);
  const validate = options.precompiled ? freshPrecompiled(options.precompiled) : undefined;
  const key = `${validate ? 'precompiled:' : ''}${id}`;
  let compiled = byObject.get(source);
  if (!compiled) byObject.set(source, (compiled = new Map()));
  let hit = compiled.get(key);
  if (!hit) compiled.set(key, (hit = compileUncached(source, id, validate, objectInstances)));
  return hit;
}

/** The fingerprint a precompiled validator must carry: `fnv1a` of the schema's JSON. */
export function schemaFingerprint(json: string): string {
  return fnv1a(json).toString(16).padStart(8, '0');
}

let bundledJson: string | undefined;

/** The validator of `precompiled` when its fingerprint is the bundled schema's, else `undefined`. */
function freshPrecompiled(precompiled: PrecompiledSchema): ValidateFunction | undefined {
  let fresh = checked.get(precompiled);
  if (fresh === undefined) {
    bundledJson ??= JSON.stringify(defaultSchema);
    fresh =
      schemaFingerprint(bundledJson) === precompiled.fingerprint
        ? (precompiled.validate as ValidateFunction)
        : null;
    checked.set(precompiled, fresh);
  }
  return fresh ?? undefined;
}

/** Whether each precompiled validator was checked fresh (its fingerprint is computed once, not per lint). */
const checked = new WeakMap<PrecompiledSchema, ValidateFunction | null>();

/** `precompiled` when `object` is the bundled schema, or a repository's copy with the same JSON. */
function precompiledFor(
  object: AnySchemaObject,
  precompiled: ValidateFunction,
): ValidateFunction | undefined {
  bundledJson ??= JSON.stringify(defaultSchema);
  return object === defaultSchema || JSON.stringify(object) === bundledJson ? precompiled : undefined;
}

function compileUncached(
  source: string | AnySchemaObject,
  id: string,
  generated: ValidateFunction | undefined,
  instances: { draft07?: AjvInstance; draft2020?: AjvInstance },
): CompiledSchema {
  let schema: unknown;
  if (typeof source === 'string') {
    try {
      schema = JSON.parse(source);
    } catch (error) {
      return { ok: false, id, error: `Schema \`${id}\` is not valid JSON: ${(error as Error).message}` };
    }
  } else schema = source;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { ok: false, id, error: `Schema \`${id}\` must be a JSON object` };
  }
  const object = schema as AnySchemaObject;
  const precompiled = generated ? precompiledFor(object, generated) : undefined;
  if (precompiled) return { ok: true, id, validate: precompiled, schema: object };
  const ajv = ajvFor(object, instances);
  try {
    // A schema with an `$id` already compiled from other text must not clash: compile a copy without it.
    const { $id: _ignored, ...rest } = object;
    return { ok: true, id, validate: ajv.compile(rest), schema: object };
  } catch (error) {
    const text = (error as Error).message;
    const remote = /can't resolve reference (\S+)/.exec(text);
    const regexp = (error as Error).name === 'RE2JSSyntaxException' || /^error parsing regexp/.test(text);
    return {
      ok: false,
      id,
      error: remote
        ? `Schema \`${id}\` references \`${remote[1]}\`, which is not fetched: remote \`$ref\` is never loaded during lint`
        : regexp
          ? `Schema \`${id}\` has a \`pattern\` the linear-time regular expression engine (RE2) cannot run, so it cannot be compiled: ${text} (lookaround and backreferences are not supported)`
          : `Schema \`${id}\` cannot be compiled: ${text}`,
    };
  }
}

/** `a.b[0].c` for a JSON pointer, as people read paths in frontmatter. */
export function displayPath(pointer: string, extra?: string): string {
  const keys =
    pointer === ''
      ? []
      : pointer
          .split('/')
          .slice(1)
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) keys.push(extra);
  let out = '';
  for (const key of keys) out += /^\d+$/.test(key) ? `[${key}]` : out ? `.${key}` : key;
  return out;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}

function list(values: readonly unknown[]): string {
  return values.map((v) => `\`${show(v)}\``).join(', ');
}

/** Edit distance, for "did you mean" on unknown keys. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestScore) [best, bestScore] = [c, d];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

const FORMAT_TEXT: Record<string, string> = {
  'date-time': 'an RFC 3339 date-time with an offset, like `2026-03-14T09:12:00Z`',
  date: 'a date like `2026-03-14`',
  time: 'a time with an offset, like `09:12:00Z`',
  uri: 'an absolute URI, like `https://example.com/trace/1`',
  'uri-reference': 'a URI or a relative path',
  email: 'an email address',
  uuid: 'a UUID',
};

interface Message {
  readonly text: string;
  readonly anchor: Anchor;
  readonly data?: { readonly actual?: string; readonly expected?: string };
}

function describe(error: ErrorObject): Message {
  const at = displayPath(error.instancePath);
  const subject = at ? `\`${at}\`` : 'Frontmatter';
  const got = error.data === null ? '; got no value' : `; got \`${show(error.data)}\``;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const key = String(p['missingProperty']);
      return {
        text: at ? `${subject} is missing the required key \`${key}\`` : `Missing required key \`${key}\``,
        anchor: { kind: 'key' },
        data: { expected: key },
      };
    }
    case 'additionalProperties': {
      const key = String(p['additionalProperty']);
      const known = Object.keys((error.parentSchema?.['properties'] as object | undefined) ?? {});
      const guess = closest(key, known);
      return {
        text: `Unexpected key \`${displayPath(error.instancePath, key)}\`${guess ? `, did you mean \`${guess}\`?` : ''}`,
        anchor: { kind: 'child-key', name: key },
        data: guess ? { actual: key, expected: guess } : { actual: key },
      };
    }
    case 'propertyNames':
      return {
        text: `Unexpected key \`${String(p['propertyName'])}\` in ${subject}`,
        anchor: { kind: 'child-key', name: String(p['propertyName']) },
      };
    case 'enum': {
      const allowed = (p['allowedValues'] as unknown[]) ?? [];
      const guess =
        typeof error.data === 'string'
          ? allowed.find(
              (a) => typeof a === 'string' && a.toLowerCase() === (error.data as string).toLowerCase(),
            )
          : undefined;
      return {
        text: `${subject} must be ${allowed.length === 1 ? '' : 'one of '}${list(allowed)}${got}`,
        anchor: { kind: 'value' },
        data:
          guess !== undefined
            ? { actual: show(error.data), expected: String(guess) }
            : { actual: show(error.data) },
      };
    }
    case 'const':
      return {
        text: `${subject} must be \`${show(p['allowedValue'])}\`${got}`,
        anchor: { kind: 'value' },
        data: { expected: show(p['allowedValue']) },
      };
    case 'type': {
      const want = String(p['type']).replace(/,/g, ' or ');
      const actual =
        error.data === null
          ? 'null'
          : Array.isArray(error.data)
            ? 'a list'
            : typeof error.data === 'object'
              ? 'a mapping'
              : `${typeof error.data} \`${show(error.data)}\``;
      const article =
        want === 'array'
          ? 'a list'
          : want === 'object'
            ? 'a mapping'
            : /^[aeiou]/.test(want)
              ? `an ${want}`
              : `a ${want}`;
      return { text: `${subject} must be ${article}; got ${actual}`, anchor: { kind: 'value' } };
    }
    case 'format': {
      const f = String(p['format']);
      return {
        text: `${subject} must be ${FORMAT_TEXT[f] ?? `in format \`${f}\``}${got}`,
        anchor: { kind: 'value' },
      };
    }
    case 'pattern': {
      const examples = error.parentSchema?.['examples'];
      const example = Array.isArray(examples) && examples.length > 0 ? `, like \`${show(examples[0])}\`` : '';
      return {
        text: `${subject} must match \`${String(p['pattern'])}\`${example}${got}`,
        anchor: { kind: 'value' },
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        text: `${subject} must be ${String(p['comparison'])} ${String(p['limit'])}${got}`,
        anchor: { kind: 'value' },
      };
    case 'minLength':
      return {
        text: `${subject} must not be shorter than ${String(p['limit'])} characters`,
        anchor: { kind: 'value' },
      };
    case 'maxLength':
      return {
        text: `${subject} must not be longer than ${String(p['limit'])} characters`,
        anchor: { kind: 'value' },
      };
    case 'minItems':
      return { text: `${subject} must have at least ${String(p['limit'])} items`, anchor: { kind: 'value' } };
    case 'maxItems':
      return { text: `${subject} must have at most ${String(p['limit'])} items`, anchor: { kind: 'value' } };
    case 'minProperties':
      return { text: `${subject} must have at least ${String(p['limit'])} keys`, anchor: { kind: 'value' } };
    case 'uniqueItems':
      return {
        text: `${subject} must not repeat items (items ${String(p['j'])} and ${String(p['i'])} are equal)`,
        anchor: { kind: 'value' },
      };
    case 'anyOf':
    case 'oneOf':
      return { text: `${subject} does not match any of the allowed shapes${got}`, anchor: { kind: 'value' } };
    default:
      return {
        text: `${subject} ${error.message ?? `fails \`${error.keyword}\``}`,
        anchor: { kind: 'value' },
      };
  }
}

/**
 * Validate frontmatter data and locate every error in the file. `fallback` is where errors go
 * that have no YAML node (the opening fence).
 */
export function validateFrontmatter(
  compiled: Extract<CompiledSchema, { ok: true }>,
  data: unknown,
  doc: Document.Parsed,
  base: number,
  fallback: TextRange,
  /** Pointer of `data` inside the YAML document, when `data` is not its root. */
  prefix = '',
): SchemaProblem[] {
  if (compiled.validate(data)) return [];
  const errors = compiled.validate.errors ?? [];
  // Inside a failed anyOf/oneOf the branch errors only confuse: keep the summary error.
  const unions = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.schemaPath);
  const inUnion = (e: ErrorObject) =>
    unions.some((u) => e.schemaPath !== u && e.schemaPath.startsWith(`${u}/`));
  // A value that fails both `type` and `enum`/`const` of one schema (`status:` left empty, `severity: 3`)
  // gets one finding: the list of allowed values says what to write, and it implies the type.
  const parentOf = (e: ErrorObject) =>
    `${e.instancePath}\u0000${e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'))}`;
  const listed = new Set(errors.filter((e) => e.keyword === 'enum' || e.keyword === 'const').map(parentOf));
  const kept = errors.filter((e) => !inUnion(e) && !(e.keyword === 'type' && listed.has(parentOf(e))));
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const error of kept) {
    const m = describe(error);
    const range = locate(doc, base, prefix + error.instancePath, m.anchor) ?? fallback;
    const key = `${range.start}:${range.end}:${m.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ message: m.text, range, keyword: error.keyword, ...(m.data ? { data: m.data } : {}) });
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.message.localeCompare(b.message));
}
