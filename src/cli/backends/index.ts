/**
 * Trace backends by name: where the trace lives (`/api/traces/{id}`…), which headers carry the
 * credentials, and how the answers combine into one document `parseTrace` reads. Endpoints come
 * from the flag, then `.postmortem.json` (`trace_backends`), then the environment; credentials
 * come only from the environment.
 */
import { BackendError, checkEndpoint, requestText, under } from './http.js';

export const BACKENDS = ['jaeger', 'tempo', 'langfuse', 'langsmith'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Environment variables per backend: endpoint, then credentials. Documented in docs/trace-import.md. */
export const ENV: Record<BackendName, { endpoint: readonly string[]; credentials: readonly string[] }> = {
  jaeger: { endpoint: ['JAEGER_ENDPOINT'], credentials: ['JAEGER_TOKEN'] },
  tempo: { endpoint: ['TEMPO_ENDPOINT'], credentials: ['TEMPO_TOKEN', 'TEMPO_ORG_ID'] },
  langfuse: { endpoint: ['LANGFUSE_HOST', 'LANGFUSE_BASEURL'], credentials: ['LANGFUSE_PUBLIC_KEY', 'LANGFUSE_SECRET_KEY'] },
  langsmith: { endpoint: ['LANGSMITH_ENDPOINT'], credentials: ['LANGSMITH_API_KEY', 'LANGSMITH_TENANT_ID'] },
};

const DEFAULT_ENDPOINTS: Partial<Record<BackendName, string>> = {
  langfuse: 'https://cloud.langfuse.com',
  langsmith: 'https://api.smith.langchain.com',
};

export interface FetchOptions {
  readonly endpoint?: string | undefined;
  /** `trace_backends` of `.postmortem.json`. */
  readonly config?: Readonly<Record<string, { readonly endpoint?: string; readonly org_id?: string } | undefined>> | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

export interface FetchedTrace {
  /** A JSON document `parseTrace` reads. */
  readonly text: string;
  /** The trace in the backend's UI, when it can be built. */
  readonly url: string | undefined;
  readonly endpoint: string;
}

function envValue(env: FetchOptions['env'], names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = env[name];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

export function endpointFor(backend: BackendName, options: FetchOptions): string {
  const endpoint = options.endpoint ?? options.config?.[backend]?.endpoint ?? envValue(options.env, ENV[backend].endpoint) ?? DEFAULT_ENDPOINTS[backend];
  if (!endpoint) {
    throw new BackendError(`no ${backend} endpoint: pass --endpoint, set \`trace_backends.${backend}.endpoint\` in .postmortem.json, or set ${ENV[backend].endpoint.join(' or ')}`);
  }
  return endpoint;
}

function json(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackendError(`${where}: the response is not JSON`);
  }
}

function checkTraceId(id: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(id)) throw new BackendError('--trace-id may contain only letters, digits and `_.:-`');
  return id;
}

/** Fetch one trace from a backend. Throws `BackendError` with a message fit for the terminal. */
export async function fetchTrace(backend: BackendName, traceId: string, options: FetchOptions): Promise<FetchedTrace> {
  const id = checkTraceId(traceId);
  const endpoint = endpointFor(backend, options);
  const base = checkEndpoint(endpoint);
  const common = { ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) };
  const env = options.env;
  switch (backend) {
    case 'jaeger': {
      const token = envValue(env, ['JAEGER_TOKEN']);
      const text = await requestText(under(base, `api/traces/${encodeURIComponent(id)}`), {
        ...common,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        credentialHint: 'JAEGER_TOKEN',
      });
      return { text, url: under(base, `trace/${encodeURIComponent(id)}`).href, endpoint: base.origin };
    }
    case 'tempo': {
      const token = envValue(env, ['TEMPO_TOKEN']);
      const org = envValue(env, ['TEMPO_ORG_ID']) ?? options.config?.['tempo']?.org_id;
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (org) headers['x-scope-orgid'] = org;
      const text = await requestText(under(base, `api/traces/${encodeURIComponent(id)}`), { ...common, headers, credentialHint: 'TEMPO_TOKEN and TEMPO_ORG_ID' });
      return { text, url: undefined, endpoint: base.origin };
    }
    case 'langfuse': {
      const pk = envValue(env, ['LANGFUSE_PUBLIC_KEY']);
      const sk = envValue(env, ['LANGFUSE_SECRET_KEY']);
      if (!pk || !sk) throw new BackendError('Langfuse needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY in the environment');
      const headers = { authorization: `Basic ${Buffer.from(`${pk}:${sk}`).toString('base64')}` };
      const hint = 'LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY';
      const observations = await requestText(
        under(base, 'api/public/v2/observations', { traceId: id, limit: '1000', fields: 'core,basic,time,io,metadata,model,usage,prompt,metrics,trace_context' }),
        { ...common, headers, credentialHint: hint },
      );
      let scores: unknown = [];
      try {
        const page = json(await requestText(under(base, 'api/public/v2/scores', { traceId: id }), { ...common, headers, credentialHint: hint }), base.origin);
        const data = typeof page === 'object' && page !== null ? (page as { data?: unknown }).data : undefined;
        if (Array.isArray(data)) scores = data;
      } catch (error) {
        // Scores are optional (older servers have no v2 scores API); observations are the trace.
        if (!(error instanceof BackendError)) throw error;
      }
      const page = json(observations, base.origin);
      const data = typeof page === 'object' && page !== null ? (page as { data?: unknown }).data : undefined;
      if (!Array.isArray(data) || data.length === 0) throw new BackendError(`${base.origin}: no observations for trace \`${id}\``);
      const projectId = (data[0] as { projectId?: unknown }).projectId;
      return {
        text: JSON.stringify({ trace: { id, scores }, observations: data }),
        url: typeof projectId === 'string' && /^[\w-]+$/.test(projectId) ? under(base, `project/${projectId}/traces/${encodeURIComponent(id)}`).href : undefined,
        endpoint: base.origin,
      };
    }
    case 'langsmith': {
      const key = envValue(env, ['LANGSMITH_API_KEY']);
      if (!key) throw new BackendError('LangSmith needs LANGSMITH_API_KEY in the environment');
      const headers: Record<string, string> = { 'x-api-key': key };
      const tenant = envValue(env, ['LANGSMITH_TENANT_ID']);
      if (tenant) headers['x-tenant-id'] = tenant;
      const hint = 'LANGSMITH_API_KEY';
      const root = json(await requestText(under(base, `runs/${encodeURIComponent(id)}`), { ...common, headers, credentialHint: hint }), base.origin);
      const traceId = typeof root === 'object' && root !== null && typeof (root as { trace_id?: unknown }).trace_id === 'string' ? (root as { trace_id: string }).trace_id : id;
      const page = json(await requestText(under(base, 'runs/query'), { ...common, method: 'POST', headers, body: JSON.stringify({ trace: traceId, limit: 100 }), credentialHint: hint }), base.origin);
      const runs = typeof page === 'object' && page !== null && Array.isArray((page as { runs?: unknown }).runs) ? (page as { runs: unknown[] }).runs : [];
      const all = runs.some((r) => typeof r === 'object' && r !== null && (r as { id?: unknown }).id === (root as { id?: unknown }).id) ? runs : [root, ...runs];
      return { text: JSON.stringify({ runs: all }), url: undefined, endpoint: base.origin };
    }
  }
}
