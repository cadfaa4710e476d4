/**
 * Reading untrusted JSON: own properties only (never `__proto__`, `constructor` or anything
 * inherited), typed readers that name the JSON path of a bad value, and the id, time and enum
 * decoders the formats share.
 */
import type { AttrValue } from './types.js';

/** Raised inside a parser for malformed input; `parseTrace` turns it into a result. */
export class TraceInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export type Json = unknown;

export function isRecord(value: Json): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of a JSON object, or `undefined`. */
export function own(value: Json, key: string): Json {
  if (!isRecord(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
  return value[key];
}

export function has(value: Json, key: string): boolean {
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, key);
}

/** Own keys of an object, in file order. */
export function keys(value: Json): string[] {
  return isRecord(value) ? Object.keys(value) : [];
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  return plain ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

export function fail(path: string, expected: string, value: Json): never {
  throw new TraceInputError(path || '(root)', `expected ${expected}, got ${describe(value)}`);
}

/** An array at `path` (absent → empty). */
export function arrayAt(parent: Json, key: string, path: string): Json[] {
  const value = own(parent, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(join(path, key), 'an array', value);
  return value;
}

/** An optional string at `path`; numbers are accepted and written in decimal. */
export function stringAt(parent: Json, key: string, path: string): string | undefined {
  const value = own(parent, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fail(join(path, key), 'a string', value);
}

export function requiredString(parent: Json, key: string, path: string): string {
  const value = stringAt(parent, key, path);
  if (value === undefined || value === '')
    return fail(join(path, key), 'a non-empty string', own(parent, key));
  return value;
}

/** An optional finite number; numeric strings (OTLP int64, Langfuse attributes) are accepted. */
export function numberAt(parent: Json, key: string, path: string): number | undefined {
  const value = own(parent, key);
  if (value === undefined || value === null) return undefined;
  const n = toNumber(value);
  if (n === undefined) return fail(join(path, key), 'a number', value);
  return n;
}

export function toNumber(value: Json): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Nanoseconds since the epoch (string or number) to milliseconds, exact for int64 strings. */
export function nanosToMs(value: Json, path: string): number | undefined {
  if (value === undefined || value === null || value === '' || value === '0' || value === 0) return undefined;
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) {
    const big = BigInt(value);
    return Number(big / 1000n) / 1000;
  }
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value / 1e6;
  return fail(path, 'nanoseconds since the epoch as a decimal string or number', value);
}

/** An RFC 3339 / ISO 8601 time (no zone means UTC, as LangSmith writes it) or epoch milliseconds. */
export function isoToMs(value: Json, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
      const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
      const ms = Date.parse(zoned.replace(/(\.\d{3})\d+/, '$1'));
      if (Number.isFinite(ms)) return ms;
    } else if (/^\d+$/.test(value)) return Number(value);
  }
  return fail(path, 'an ISO 8601 time or epoch milliseconds', value);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64ToHex(text: string): string | undefined {
  const clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean)) return undefined;
  let bits = 0;
  let buffer = 0;
  let hex = '';
  for (const ch of clean) {
    buffer = (buffer << 6) | BASE64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((buffer >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

/**
 * A trace or span id as lower-case hex. OTLP/JSON writes hex; Tempo and protobuf-JSON writers
 * write base64 (24 characters for a trace id, 12 for a span id). Other ids (UUIDs) pass through.
 */
export function normaliseId(value: Json, path: string, bytes: 8 | 16): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return fail(path, 'an id string', value);
  if (
    /^[0-9a-fA-F]+$/.test(value) &&
    (value.length === bytes * 2 || value.length === 16 || value.length === 32)
  )
    return value.toLowerCase();
  const b64Length = Math.ceil(bytes / 3) * 4;
  if (
    (value.length === b64Length || value.length === 24 || value.length === 12) &&
    /^[A-Za-z0-9+/_-]+=*$/.test(value)
  ) {
    const hex = base64ToHex(value);
    if (hex && (hex.length === 16 || hex.length === 32)) return hex;
  }
  if (/^[\w.:-]{1,100}$/.test(value)) return value.toLowerCase();
  return fail(path, `a hex or base64 id of ${bytes} bytes`, value);
}

/** OTLP span kind: integer or `SPAN_KIND_*` name → lower-case name. */
export function spanKind(value: Json, path: string): string | undefined {
  const names = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length)
    return value === 0 ? undefined : names[value];
  if (typeof value === 'string') {
    const name = value.replace(/^SPAN_KIND_/i, '').toLowerCase();
    if (names.includes(name)) return name === 'unspecified' ? undefined : name;
  }
  return fail(path, 'a span kind (0–5 or SPAN_KIND_*)', value);
}

/** OTLP status code: integer or `STATUS_CODE_*` name. */
export function statusCode(value: Json, path: string): 'unset' | 'ok' | 'error' {
  if (value === undefined || value === null) return 'unset';
  if (value === 0 || value === 1 || value === 2) return (['unset', 'ok', 'error'] as const)[value];
  if (typeof value === 'string') {
    const name = value.replace(/^STATUS_CODE_/i, '').toLowerCase();
    if (name === 'unset' || name === 'ok' || name === 'error') return name;
  }
  return fail(path, 'a status code (0–2 or STATUS_CODE_*)', value);
}

/** A JSON value as an attribute value; objects become `Map`s. Depth-limited. */
export function toAttr(value: Json, depth = 0): AttrValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (depth > 32) return null;
  if (Array.isArray(value)) return value.map((v) => toAttr(v, depth + 1));
  if (isRecord(value)) {
    const map = new Map<string, AttrValue>();
    for (const key of keys(value)) map.set(key, toAttr(value[key], depth + 1));
    return map;
  }
  return null;
}

/** Parse a JSON string that a format stored inside a string attribute; `undefined` if it is not JSON. */
export function parseJsonString(text: string): Json {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(t) as Json;
  } catch {
    return undefined;
  }
}
