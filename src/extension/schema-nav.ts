/**
 * Walks a JSON Schema along a frontmatter path (`["model_slice", 0, "name"]`) for completion and
 * hover: local `$ref`s, `allOf`/`anyOf`/`oneOf`, `properties`, `items`. Pure; no vscode.
 */

type Schema = Record<string, unknown>;
export type PathSegment = string | number;

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolve a local JSON pointer (`#/$defs/model`) in `root`. */
function pointer(root: Schema, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** A schema and every schema it stands for through `$ref` and the combinators. */
function expand(root: Schema, schema: unknown, depth = 0, out: Schema[] = []): Schema[] {
  if (!isObject(schema) || depth > 16 || out.includes(schema)) return out;
  out.push(schema);
  if (typeof schema['$ref'] === 'string') expand(root, pointer(root, schema['$ref']), depth + 1, out);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const sub of list) expand(root, sub, depth + 1, out);
  }
  return out;
}

/** The schemas that describe the value at `path` (empty when the schema says nothing about it). */
export function schemasAt(root: Schema, path: readonly PathSegment[]): Schema[] {
  let current = expand(root, root);
  for (const segment of path) {
    const next: Schema[] = [];
    for (const schema of current) {
      if (typeof segment === 'number') {
        if (isObject(schema['items'])) expand(root, schema['items'], 0, next);
        const prefix = schema['prefixItems'];
        if (Array.isArray(prefix) && prefix[segment] !== undefined) expand(root, prefix[segment], 0, next);
      } else {
        const properties = schema['properties'];
        if (isObject(properties) && properties[segment] !== undefined)
          expand(root, properties[segment], 0, next);
        else if (isObject(schema['additionalProperties']))
          expand(root, schema['additionalProperties'], 0, next);
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

export interface PropertyInfo {
  readonly name: string;
  readonly description: string | undefined;
  readonly type: string | undefined;
}

function typeOf(schemas: readonly Schema[]): string | undefined {
  for (const s of schemas) {
    const t = s['type'];
    if (typeof t === 'string') return t;
    if (Array.isArray(t)) return t.join(' | ');
  }
  return undefined;
}

export function descriptionOf(schemas: readonly Schema[]): string | undefined {
  for (const s of schemas) if (typeof s['description'] === 'string') return s['description'];
  return undefined;
}

/** The keys a mapping at `path` may have, in schema order, each with its description and type. */
export function propertiesAt(root: Schema, path: readonly PathSegment[]): PropertyInfo[] {
  const out = new Map<string, PropertyInfo>();
  for (const schema of schemasAt(root, path)) {
    const properties = schema['properties'];
    if (!isObject(properties)) continue;
    for (const name of Object.keys(properties)) {
      if (out.has(name)) continue;
      const sub = expand(root, properties[name]);
      out.set(name, { name, description: descriptionOf(sub), type: typeOf(sub) });
    }
  }
  return [...out.values()];
}

/** The allowed scalar values at `path`: `enum`, `const`, or `true`/`false` for booleans. */
export function enumAt(root: Schema, path: readonly PathSegment[]): unknown[] {
  const schemas = schemasAt(root, path);
  const out: unknown[] = [];
  const add = (v: unknown) => {
    if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
  };
  for (const s of schemas) {
    if (Array.isArray(s['enum'])) for (const v of s['enum']) add(v);
    if ('const' in s) add(s['const']);
  }
  if (out.length === 0 && typeOf(schemas) === 'boolean') {
    add(true);
    add(false);
  }
  return out;
}

/**
 * The description of one allowed value at `path`: the schema's `markdownEnumDescriptions` or
 * `enumDescriptions` entry at the value's index in `enum` (the convention VS Code's JSON support
 * reads), `undefined` when the value is not allowed there or has none.
 */
export function enumDescriptionAt(
  root: Schema,
  path: readonly PathSegment[],
  value: unknown,
): string | undefined {
  for (const s of schemasAt(root, path)) {
    const values = s['enum'];
    if (!Array.isArray(values)) continue;
    const i = values.findIndex((v) => JSON.stringify(v) === JSON.stringify(value));
    if (i < 0) continue;
    for (const key of ['markdownEnumDescriptions', 'enumDescriptions']) {
      const list = s[key];
      if (Array.isArray(list) && typeof list[i] === 'string') return list[i] as string;
    }
  }
  return undefined;
}
