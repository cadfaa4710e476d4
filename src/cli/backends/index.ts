/**
 * The CLI's side of the trace backends: the endpoint comes from the flag, then `.postmortem.json`
 * (`trace_backends`), then the environment; credentials come only from the environment, under the
 * names of `CREDENTIALS`. Requests, headers, size cap and redirect policy are shared with the
 * extension (src/shared/trace-backends).
 */
import {
  BACKENDS,
  BackendError,
  CREDENTIALS,
  DEFAULT_ENDPOINTS,
  fetchTrace as fetchFrom,
  searchTraces as searchIn,
  type BackendName,
  type FetchedTrace,
  type SearchQuery,
} from '../../shared/trace-backends/index.js';

export { BACKENDS, BackendError, type BackendName, type FetchedTrace, type SearchQuery };

/** Environment variables per backend: endpoint, then credentials. Documented in docs/trace-import.md. */
export const ENV: Record<BackendName, { endpoint: readonly string[]; credentials: readonly string[] }> = {
  jaeger: { endpoint: ['JAEGER_ENDPOINT'], credentials: CREDENTIALS.jaeger.map((c) => c.name) },
  tempo: { endpoint: ['TEMPO_ENDPOINT'], credentials: CREDENTIALS.tempo.map((c) => c.name) },
  langfuse: {
    endpoint: ['LANGFUSE_HOST', 'LANGFUSE_BASEURL'],
    credentials: CREDENTIALS.langfuse.map((c) => c.name),
  },
  langsmith: { endpoint: ['LANGSMITH_ENDPOINT'], credentials: CREDENTIALS.langsmith.map((c) => c.name) },
  phoenix: {
    endpoint: ['PHOENIX_ENDPOINT', 'PHOENIX_COLLECTOR_ENDPOINT'],
    credentials: CREDENTIALS.phoenix.map((c) => c.name),
  },
};

/** Phoenix's project: `.postmortem.json`, then Phoenix's own variables (`default` when none). */
export const PHOENIX_PROJECT_ENV = ['PHOENIX_PROJECT', 'PHOENIX_PROJECT_NAME'] as const;

export interface FetchOptions {
  readonly endpoint?: string | undefined;
  /** `trace_backends` of `.postmortem.json`. */
  readonly config?:
    | Readonly<
        Record<
          string,
          { readonly endpoint?: string; readonly org_id?: string; readonly project?: string } | undefined
        >
      >
    | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

function envValue(env: FetchOptions['env'], names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

export function endpointFor(backend: BackendName, options: FetchOptions): string {
  const endpoint =
    options.endpoint ??
    options.config?.[backend]?.endpoint ??
    envValue(options.env, ENV[backend].endpoint) ??
    DEFAULT_ENDPOINTS[backend];
  if (!endpoint) {
    throw new BackendError(
      `no ${backend} endpoint: pass --endpoint, set \`trace_backends.${backend}.endpoint\` in .postmortem.json, or set ${ENV[backend].endpoint.join(' or ')}`,
    );
  }
  return endpoint;
}

/** Fetch one trace from a backend with the environment's credentials. Throws `BackendError`. */
export async function fetchTrace(
  backend: BackendName,
  traceId: string,
  options: FetchOptions,
): Promise<FetchedTrace> {
  return fetchFrom(backend, traceId, requestOptions(backend, options));
}

/** Endpoint, the environment's credentials and the limits, as both the fetch and the search send them. */
function requestOptions(backend: BackendName, options: FetchOptions) {
  const credentials: Record<string, string | undefined> = {};
  for (const name of ENV[backend].credentials) credentials[name] = options.env[name];
  return {
    endpoint: endpointFor(backend, options),
    credentials,
    orgId: options.config?.['tempo']?.org_id,
    project: options.config?.['phoenix']?.project ?? envValue(options.env, PHOENIX_PROJECT_ENV),
    whereToSet: 'in the environment',
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
  };
}

/** Trace ids of a window from a backend's search API, with the environment's credentials. Throws `BackendError`. */
export async function searchTraces(
  backend: BackendName,
  query: SearchQuery,
  options: FetchOptions,
): Promise<string[]> {
  return searchIn(backend, query, requestOptions(backend, options));
}
