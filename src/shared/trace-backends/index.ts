/**
 * Trace backends by name, for every shell: where the trace lives (`/api/traces/{id}`…), which
 * headers carry which credential, and how the answers combine into one document `parseTrace`
 * reads. The shell resolves the endpoint (flag, settings, `.postmortem.json`, environment) and
 * passes the credentials it keeps (CLI: environment variables; extension: SecretStorage) under the
 * names of `CREDENTIALS`; nothing here reads the environment, a file or a setting.
 */
import { BackendError, checkEndpoint, requestText, under } from './http.js';

export { BackendError, checkEndpoint, DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES } from './http.js';

export const BACKENDS = ['jaeger', 'tempo', 'langfuse', 'langsmith', 'phoenix'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Display names, for messages and pickers. */
export const BACKEND_LABELS: Record<BackendName, string> = {
  jaeger: 'Jaeger',
  tempo: 'Tempo',
  langfuse: 'Langfuse',
  langsmith: 'LangSmith',
  phoenix: 'Phoenix',
};

/** One credential a backend takes. `name` is also the CLI's environment variable. */
export interface Credential {
  readonly name: string;
  readonly label: string;
  /** Whether the request cannot be made without it. */
  readonly required: boolean;
}

/** Credentials per backend, in the order a user is asked for them. Documented in docs/trace-import.md. */
export const CREDENTIALS: Record<BackendName, readonly Credential[]> = {
  jaeger: [{ name: 'JAEGER_TOKEN', label: 'Jaeger bearer token', required: false }],
  tempo: [
    { name: 'TEMPO_TOKEN', label: 'Tempo bearer token', required: false },
    { name: 'TEMPO_ORG_ID', label: 'Tempo tenant (X-Scope-OrgID)', required: false },
  ],
  langfuse: [
    { name: 'LANGFUSE_PUBLIC_KEY', label: 'Langfuse public key', required: true },
    { name: 'LANGFUSE_SECRET_KEY', label: 'Langfuse secret key', required: true },
  ],
  langsmith: [
    { name: 'LANGSMITH_API_KEY', label: 'LangSmith API key', required: true },
    { name: 'LANGSMITH_TENANT_ID', label: 'LangSmith workspace id (x-tenant-id)', required: false },
  ],
  phoenix: [{ name: 'PHOENIX_API_KEY', label: 'Phoenix API key', required: false }],
};

/** Phoenix's own default project, used when the shell names none. */
export const DEFAULT_PHOENIX_PROJECT = 'default';
/** Spans per Phoenix page (the API's largest) and pages read per trace at most. */
const PHOENIX_PAGE = 1000;
const MAX_TRACE_PAGES = 20;
/** Span ids per annotation request (the server takes 1,000; a shorter URL passes every proxy). */
const PHOENIX_SPAN_IDS = 100;

/** Endpoints used when the shell has none (the hosted services). */
export const DEFAULT_ENDPOINTS: Partial<Record<BackendName, string>> = {
  langfuse: 'https://cloud.langfuse.com',
  langsmith: 'https://api.smith.langchain.com',
};

export interface FetchOptions {
  /** Base URL of the backend, already resolved by the shell. */
  readonly endpoint: string;
  /** Credentials by `Credential.name`; blank values count as absent. */
  readonly credentials: Readonly<Record<string, string | undefined>>;
  /** Tempo's tenant when no `TEMPO_ORG_ID` credential is given (`.postmortem.json` `org_id`). */
  readonly orgId?: string | undefined;
  /** Phoenix's project (name or id) whose spans are read; `default` when absent. */
  readonly project?: string | undefined;
  /** How the shell names credentials in messages (CLI: the variable names; extension: the labels). */
  readonly describe?: ((credentials: readonly Credential[]) => string) | undefined;
  /** Where missing credentials go, ending the sentence "Langfuse needs … ___" (CLI: `in the environment`). */
  readonly whereToSet?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly maxBytes?: number | undefined;
}

export interface FetchedTrace {
  /** A JSON document `parseTrace` reads. */
  readonly text: string;
  /** The trace in the backend's UI, when it can be built. */
  readonly url: string | undefined;
  /** The origin the trace came from. */
  readonly endpoint: string;
}

/** `A`, `A and B`, `A, B and C`. */
export function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

const byName = (credentials: readonly Credential[]): string => joinAnd(credentials.map((c) => c.name));

function json(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackendError(`${where}: the response is not JSON`);
  }
}

/** Check a trace id before it goes into a URL. */
export function checkTraceId(id: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(id))
    throw new BackendError('the trace id may contain only letters, digits and `_.:-` (at most 128)');
  return id;
}

/** Base64 of the UTF-8 bytes of `text` (`btoa` alone takes Latin-1 only; percent-encoding gives the bytes). */
function base64(text: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    throw new BackendError('a credential is not valid text (unpaired surrogate)');
  }
  return btoa(encoded.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

/** Phoenix's project in a URL path: a name or an id, never a path of its own. */
function checkProject(project: string | undefined): string {
  const p = project?.trim() || DEFAULT_PHOENIX_PROJECT;
  if (p.length > 200 || /[/?#\\\u0000-\u001f]/.test(p))
    throw new BackendError(
      `the Phoenix project \`${p.slice(0, 200)}\` may not contain \`/\`, \`?\`, \`#\`, \`\\\` or control characters (at most 200)`,
    );
  return p;
}

/** `Authorization: Bearer` when an API key is given (a Phoenix without authentication takes none). */
function phoenixHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

/** A field of a JSON answer that should be an object; `undefined` when it is not one. */
function field(page: unknown, key: string): unknown {
  return typeof page === 'object' && page !== null ? (page as Record<string, unknown>)[key] : undefined;
}

/** The next cursor of a Phoenix page, refusing one that repeats (a server that never advances). */
function nextCursor(page: unknown, previous: string | undefined, where: string): string | undefined {
  const next = field(page, 'next_cursor');
  if (typeof next !== 'string' || next === '') return undefined;
  if (next === previous) throw new BackendError(`${where}: the server repeated its page cursor`);
  return next;
}

/** `url` with `name` repeated once per value (Phoenix reads `span_ids=a&span_ids=b`). */
function withRepeated(url: URL, name: string, values: readonly string[]): URL {
  for (const v of values) url.searchParams.append(name, v);
  return url;
}

/**
 * Fetch one trace from a backend. Throws `BackendError` with a message fit for a terminal or a
 * notification: it names the endpoint and the status, never a credential's value.
 */
export async function fetchTrace(
  backend: BackendName,
  traceId: string,
  options: FetchOptions,
): Promise<FetchedTrace> {
  const id = checkTraceId(traceId);
  const base = checkEndpoint(options.endpoint);
  const common = {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  };
  const describe = options.describe ?? byName;
  const all = CREDENTIALS[backend];
  const credentialHint = describe(all);
  const value = (name: string): string | undefined => {
    const v = options.credentials[name];
    return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
  };
  const missing = all.filter((c) => c.required && value(c.name) === undefined);
  if (missing.length > 0)
    throw new BackendError(
      `${BACKEND_LABELS[backend]} needs ${describe(missing)}${options.whereToSet ? ` ${options.whereToSet}` : ''}`,
    );
  switch (backend) {
    case 'jaeger': {
      const token = value('JAEGER_TOKEN');
      const text = await requestText(under(base, `api/traces/${encodeURIComponent(id)}`), {
        ...common,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        credentialHint,
      });
      return { text, url: under(base, `trace/${encodeURIComponent(id)}`).href, endpoint: base.origin };
    }
    case 'tempo': {
      const token = value('TEMPO_TOKEN');
      const org = value('TEMPO_ORG_ID') ?? options.orgId;
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (org) headers['x-scope-orgid'] = org;
      const text = await requestText(under(base, `api/traces/${encodeURIComponent(id)}`), {
        ...common,
        headers,
        credentialHint,
      });
      return { text, url: undefined, endpoint: base.origin };
    }
    case 'langfuse': {
      const headers = {
        authorization: `Basic ${base64(`${value('LANGFUSE_PUBLIC_KEY')}:${value('LANGFUSE_SECRET_KEY')}`)}`,
      };
      const observations = await requestText(
        under(base, 'api/public/v2/observations', {
          traceId: id,
          limit: '1000',
          fields: 'core,basic,time,io,metadata,model,usage,prompt,metrics,trace_context',
        }),
        { ...common, headers, credentialHint },
      );
      let scores: unknown = [];
      try {
        const page = json(
          await requestText(under(base, 'api/public/v2/scores', { traceId: id }), {
            ...common,
            headers,
            credentialHint,
          }),
          base.origin,
        );
        const data = field(page, 'data');
        if (Array.isArray(data)) scores = data;
      } catch (error) {
        // Scores are optional (older servers have no v2 scores API); observations are the trace.
        if (!(error instanceof BackendError)) throw error;
      }
      const page = json(observations, base.origin);
      const data = field(page, 'data');
      if (!Array.isArray(data) || data.length === 0)
        throw new BackendError(`${base.origin}: no observations for trace \`${id}\``);
      const projectId = (data[0] as { projectId?: unknown }).projectId;
      return {
        text: JSON.stringify({ trace: { id, scores }, observations: data }),
        url:
          typeof projectId === 'string' && /^[\w-]+$/.test(projectId)
            ? under(base, `project/${projectId}/traces/${encodeURIComponent(id)}`).href
            : undefined,
        endpoint: base.origin,
      };
    }
    case 'langsmith': {
      const headers: Record<string, string> = { 'x-api-key': value('LANGSMITH_API_KEY')! };
      const tenant = value('LANGSMITH_TENANT_ID');
      if (tenant) headers['x-tenant-id'] = tenant;
      const root = json(
        await requestText(under(base, `runs/${encodeURIComponent(id)}`), {
          ...common,
          headers,
          credentialHint,
        }),
        base.origin,
      );
      const traceId =
        typeof root === 'object' &&
        root !== null &&
        typeof (root as { trace_id?: unknown }).trace_id === 'string'
          ? (root as { trace_id: string }).trace_id
          : id;
      const page = json(
        await requestText(under(base, 'runs/query'), {
          ...common,
          method: 'POST',
          headers,
          body: JSON.stringify({ trace: traceId, limit: 100 }),
          credentialHint,
        }),
        base.origin,
      );
      const listed = field(page, 'runs');
      const runs: unknown[] = Array.isArray(listed) ? listed : [];
      const runsWithRoot = runs.some(
        (r) =>
          typeof r === 'object' && r !== null && (r as { id?: unknown }).id === (root as { id?: unknown }).id,
      )
        ? runs
        : [root, ...runs];
      return { text: JSON.stringify({ runs: runsWithRoot }), url: undefined, endpoint: base.origin };
    }
    case 'phoenix': {
      const headers = phoenixHeaders(value('PHOENIX_API_KEY'));
      const project = checkProject(options.project);
      const projectPath = `v1/projects/${encodeURIComponent(project)}`;
      // Phoenix keeps trace ids as lower-case hex.
      const wanted = /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : id;
      const spans: Record<string, unknown>[] = [];
      let cursor: string | undefined;
      for (let n = 0; ; n++) {
        if (n === MAX_TRACE_PAGES)
          throw new BackendError(
            `${base.origin}: trace \`${id}\` has more than ${MAX_TRACE_PAGES} pages of ${PHOENIX_PAGE} spans; stopped reading`,
          );
        const params: Record<string, string> = { trace_id: wanted, limit: String(PHOENIX_PAGE) };
        if (cursor) params['cursor'] = cursor;
        const page = json(
          await requestText(under(base, `${projectPath}/spans`, params), {
            ...common,
            headers,
            credentialHint,
          }),
          base.origin,
        );
        const data = field(page, 'data');
        if (!Array.isArray(data))
          throw new BackendError(`${base.origin}: the spans answer has no \`data\` list`);
        // A server older than the `trace_id` filter answers every span of the project: keep this trace's.
        for (const span of data) {
          const context =
            typeof span === 'object' && span !== null ? (span as { context?: unknown }).context : undefined;
          const traceId =
            typeof context === 'object' && context !== null
              ? (context as { trace_id?: unknown }).trace_id
              : undefined;
          if (typeof traceId === 'string' && traceId.toLowerCase() === wanted.toLowerCase())
            spans.push(span as Record<string, unknown>);
        }
        cursor = nextCursor(page, cursor, base.origin);
        if (!cursor) break;
      }
      if (spans.length === 0)
        throw new BackendError(`${base.origin}: no spans for trace \`${id}\` in project \`${project}\``);
      // Annotations (judge verdicts, human labels) are optional: a server without the API still gives the trace.
      const annotations: unknown[] = [];
      const spanIds = [
        ...new Set(
          spans
            .map((s) => (s['context'] as { span_id?: unknown } | undefined)?.span_id)
            .filter((x): x is string => typeof x === 'string' && /^[0-9A-Za-z]{1,64}$/.test(x)),
        ),
      ];
      try {
        for (let at = 0; at < spanIds.length; at += PHOENIX_SPAN_IDS) {
          let annotationCursor: string | undefined;
          for (let n = 0; n < MAX_TRACE_PAGES; n++) {
            const url = withRepeated(
              under(base, `${projectPath}/span_annotations`, {
                limit: String(PHOENIX_PAGE),
                ...(annotationCursor ? { cursor: annotationCursor } : {}),
              }),
              'span_ids',
              spanIds.slice(at, at + PHOENIX_SPAN_IDS),
            );
            const page = json(await requestText(url, { ...common, headers, credentialHint }), base.origin);
            const data = field(page, 'data');
            if (Array.isArray(data)) annotations.push(...data);
            annotationCursor = nextCursor(page, annotationCursor, base.origin);
            if (!annotationCursor) break;
          }
        }
      } catch (error) {
        if (!(error instanceof BackendError)) throw error;
      }
      // The UI link needs the project's global id; a name is looked up (optional too).
      let url: string | undefined;
      try {
        const answer = json(
          await requestText(under(base, projectPath), { ...common, headers, credentialHint }),
          base.origin,
        );
        const projectId =
          typeof answer === 'object' && answer !== null
            ? (answer as { data?: { id?: unknown } }).data?.id
            : undefined;
        if (typeof projectId === 'string' && /^[A-Za-z0-9+/=_-]{1,200}$/.test(projectId))
          url = under(
            base,
            `projects/${encodeURIComponent(projectId)}/traces/${encodeURIComponent(wanted)}`,
          ).href;
      } catch (error) {
        if (!(error instanceof BackendError)) throw error;
      }
      return { text: JSON.stringify({ data: spans, annotations }), url, endpoint: base.origin };
    }
  }
}

/** A search for the traces of a window: the backend's own filter, a time window, a cap. */
export interface SearchQuery {
  /**
   * The filter in the backend's own terms: Tempo, a TraceQL query; LangSmith, a run filter
   * (`eq(name, "ChatOpenAI")`) and `project=<session id>` before it, separated by `;`; Jaeger and
   * Langfuse, `key=value` pairs separated by `,` (Jaeger: `service` is required, `operation`, other
   * keys are tags; Langfuse: `name`, `tags`, `environment`, `release`, `version`, `sessionId`;
   * Phoenix: `project` (else the configured one) and `session`).
   */
  readonly filter: string;
  /** RFC 3339 start and end of the window. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** At most this many trace ids (default 100, at most 1,000). */
  readonly limit?: number | undefined;
}

/** Pages read per search at most, whatever the backend says. */
export const MAX_SEARCH_PAGES = 20;
export const MAX_SEARCH_RESULTS = 1000;

function timeOf(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(ms))
    throw new BackendError(
      `--${name} must be an RFC 3339 time such as 2026-03-14T09:00:00Z, not \`${value}\``,
    );
  return ms;
}

function pairs(
  filter: string,
  allowed: readonly string[] | undefined,
  backend: BackendName,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of filter
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf('=');
    if (at <= 0)
      throw new BackendError(`${BACKEND_LABELS[backend]} search filter: expected key=value, got \`${part}\``);
    const key = part.slice(0, at).trim();
    if (allowed && !allowed.includes(key))
      throw new BackendError(
        `${BACKEND_LABELS[backend]} search filter: unknown key \`${key}\` (expected ${allowed.join(', ')})`,
      );
    out.set(key, part.slice(at + 1).trim());
  }
  return out;
}

/**
 * Trace ids of a window from a backend's search API, page after page (Langfuse pages, LangSmith
 * and Phoenix cursors; Jaeger and Tempo answer one page up to the limit), with the same endpoint checks,
 * headers, timeout and size cap as `fetchTrace`. Every id is checked before it is returned.
 */
export async function searchTraces(
  backend: BackendName,
  query: SearchQuery,
  options: FetchOptions,
): Promise<string[]> {
  const base = checkEndpoint(options.endpoint);
  const common = {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  };
  const describe = options.describe ?? byName;
  const credentialHint = describe(CREDENTIALS[backend]);
  const value = (name: string): string | undefined => {
    const v = options.credentials[name];
    return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
  };
  const missing = CREDENTIALS[backend].filter((c) => c.required && value(c.name) === undefined);
  if (missing.length > 0)
    throw new BackendError(
      `${BACKEND_LABELS[backend]} needs ${describe(missing)}${options.whereToSet ? ` ${options.whereToSet}` : ''}`,
    );
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_RESULTS)
    throw new BackendError(`the search limit must be a whole number from 1 to ${MAX_SEARCH_RESULTS}`);
  const from = timeOf(query.from, 'from');
  const to = timeOf(query.to, 'to');
  if (from !== undefined && to !== undefined && from > to)
    throw new BackendError('the search window ends before it starts');
  const ids: string[] = [];
  const add = (id: unknown) => {
    if (typeof id === 'string' && !ids.includes(id) && ids.length < limit) ids.push(checkTraceId(id));
  };
  const list = (page: unknown, key: string): unknown[] => {
    const v = field(page, key);
    if (!Array.isArray(v)) throw new BackendError(`${base.origin}: the search answer has no \`${key}\` list`);
    return v;
  };
  switch (backend) {
    case 'jaeger': {
      const p = pairs(query.filter, undefined, backend);
      const service = p.get('service');
      if (!service) throw new BackendError('Jaeger search filter: `service=<name>` is required');
      const params: Record<string, string> = { service, limit: String(limit) };
      const operation = p.get('operation');
      if (operation) params['operation'] = operation;
      const tags = [...p].filter(([k]) => k !== 'service' && k !== 'operation');
      if (tags.length > 0) params['tags'] = JSON.stringify(Object.fromEntries(tags));
      if (from !== undefined) params['start'] = String(from * 1000);
      if (to !== undefined) params['end'] = String(to * 1000);
      const token = value('JAEGER_TOKEN');
      const page = json(
        await requestText(under(base, 'api/traces', params), {
          ...common,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          credentialHint,
        }),
        base.origin,
      );
      for (const t of list(page, 'data')) add((t as { traceID?: unknown }).traceID);
      return ids;
    }
    case 'tempo': {
      if (query.filter.trim() === '')
        throw new BackendError(
          'Tempo search filter: a TraceQL query is required, e.g. `{ resource.service.name = "refund-agent" }`',
        );
      const params: Record<string, string> = { q: query.filter.trim(), limit: String(limit) };
      if (from !== undefined) params['start'] = String(Math.floor(from / 1000));
      if (to !== undefined) params['end'] = String(Math.ceil(to / 1000));
      const headers: Record<string, string> = {};
      const token = value('TEMPO_TOKEN');
      const org = value('TEMPO_ORG_ID') ?? options.orgId;
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (org) headers['x-scope-orgid'] = org;
      const page = json(
        await requestText(under(base, 'api/search', params), { ...common, headers, credentialHint }),
        base.origin,
      );
      for (const t of list(page, 'traces')) add((t as { traceID?: unknown }).traceID);
      return ids;
    }
    case 'langfuse': {
      const p = pairs(
        query.filter,
        ['name', 'tags', 'environment', 'release', 'version', 'sessionId'],
        backend,
      );
      const headers = {
        authorization: `Basic ${base64(`${value('LANGFUSE_PUBLIC_KEY')}:${value('LANGFUSE_SECRET_KEY')}`)}`,
      };
      for (let n = 1; n <= MAX_SEARCH_PAGES && ids.length < limit; n++) {
        const params: Record<string, string> = {
          ...Object.fromEntries(p),
          page: String(n),
          limit: String(Math.min(100, limit)),
        };
        if (from !== undefined) params['fromTimestamp'] = new Date(from).toISOString();
        if (to !== undefined) params['toTimestamp'] = new Date(to).toISOString();
        const page = json(
          await requestText(under(base, 'api/public/traces', params), { ...common, headers, credentialHint }),
          base.origin,
        );
        const data = list(page, 'data');
        for (const t of data) add((t as { id?: unknown }).id);
        const total = Number((page as { meta?: { totalPages?: unknown } }).meta?.totalPages);
        if (data.length === 0 || !Number.isFinite(total) || n >= total) break;
      }
      return ids;
    }
    case 'langsmith': {
      const headers: Record<string, string> = { 'x-api-key': value('LANGSMITH_API_KEY')! };
      const tenant = value('LANGSMITH_TENANT_ID');
      if (tenant) headers['x-tenant-id'] = tenant;
      const parts = query.filter
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean);
      const project = parts
        .find((x) => x.startsWith('project='))
        ?.slice('project='.length)
        .trim();
      const filter = parts.filter((x) => !x.startsWith('project=')).join(' ');
      if (!project)
        throw new BackendError(
          'LangSmith search filter: `project=<session id>` is required (the project whose runs to search)',
        );
      let cursor: string | undefined;
      for (let n = 1; n <= MAX_SEARCH_PAGES && ids.length < limit; n++) {
        const body: Record<string, unknown> = {
          session: [project],
          is_root: true,
          limit: Math.min(100, limit - ids.length),
          select: ['id', 'trace_id'],
        };
        if (filter) body['filter'] = filter;
        if (from !== undefined) body['start_time'] = new Date(from).toISOString();
        if (to !== undefined) body['end_time'] = new Date(to).toISOString();
        if (cursor) body['cursor'] = cursor;
        const page = json(
          await requestText(under(base, 'runs/query'), {
            ...common,
            method: 'POST',
            headers,
            body: JSON.stringify(body),
            credentialHint,
          }),
          base.origin,
        );
        for (const r of list(page, 'runs')) add((r as { id?: unknown }).id);
        const next = (page as { cursors?: { next?: unknown } }).cursors?.next;
        if (typeof next !== 'string' || next === '') break;
        cursor = next;
      }
      return ids;
    }
    case 'phoenix': {
      const p = pairs(query.filter, ['project', 'session'], backend);
      const project = checkProject(p.get('project') ?? options.project);
      const headers = phoenixHeaders(value('PHOENIX_API_KEY'));
      let cursor: string | undefined;
      for (let n = 1; n <= MAX_SEARCH_PAGES && ids.length < limit; n++) {
        const params: Record<string, string> = { limit: String(Math.min(100, limit - ids.length)) };
        if (from !== undefined) params['start_time'] = new Date(from).toISOString();
        if (to !== undefined) params['end_time'] = new Date(to).toISOString();
        if (cursor) params['cursor'] = cursor;
        const session = p.get('session');
        if (session) params['session_identifier'] = session;
        const page = json(
          await requestText(under(base, `v1/projects/${encodeURIComponent(project)}/traces`, params), {
            ...common,
            headers,
            credentialHint,
          }),
          base.origin,
        );
        for (const t of list(page, 'data')) add((t as { trace_id?: unknown }).trace_id);
        cursor = nextCursor(page, cursor, base.origin);
        if (!cursor) break;
      }
      return ids;
    }
  }
}
