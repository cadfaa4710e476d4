/**
 * Trace backends by name, for every shell: where the trace lives (`/api/traces/{id}`…), which
 * headers carry which credential, and how the answers combine into one document `parseTrace`
 * reads. The shell resolves the endpoint (flag, settings, `.postmortem.json`, environment) and
 * passes the credentials it keeps (CLI: environment variables; extension: SecretStorage) under the
 * names of `CREDENTIALS`; nothing here reads the environment, a file or a setting.
 */
import { BackendError, checkEndpoint, requestText, under } from './http.js';

export { BackendError, checkEndpoint, DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES } from './http.js';

export const BACKENDS = ['jaeger', 'tempo', 'langfuse', 'langsmith'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Display names, for messages and pickers. */
export const BACKEND_LABELS: Record<BackendName, string> = { jaeger: 'Jaeger', tempo: 'Tempo', langfuse: 'Langfuse', langsmith: 'LangSmith' };

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
};

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
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(id)) throw new BackendError('the trace id may contain only letters, digits and `_.:-` (at most 128)');
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

/**
 * Fetch one trace from a backend. Throws `BackendError` with a message fit for a terminal or a
 * notification: it names the endpoint and the status, never a credential's value.
 */
export async function fetchTrace(backend: BackendName, traceId: string, options: FetchOptions): Promise<FetchedTrace> {
  const id = checkTraceId(traceId);
  const base = checkEndpoint(options.endpoint);
  const common = { ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) };
  const describe = options.describe ?? byName;
  const all = CREDENTIALS[backend];
  const credentialHint = describe(all);
  const value = (name: string): string | undefined => {
    const v = options.credentials[name];
    return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
  };
  const missing = all.filter((c) => c.required && value(c.name) === undefined);
  if (missing.length > 0) throw new BackendError(`${BACKEND_LABELS[backend]} needs ${describe(missing)}${options.whereToSet ? ` ${options.whereToSet}` : ''}`);
  switch (backend) {
    case 'jaeger': {
      const token = value('JAEGER_TOKEN');
      const text = await requestText(under(base, `api/traces/${encodeURIComponent(id)}`), { ...common, headers: token ? { authorization: `Bearer ${token}` } : {}, credentialHint });
      return { text, url: under(base, `trace/${encodeURIComponent(id)}`).href, endpoint: base.origin };
    }
    case 'tempo': {
      const token = value('TEMPO_TOKEN');
      const org = value('TEMPO_ORG_ID') ?? options.orgId;
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (org) headers['x-scope-orgid'] = org;
      const text = await requestText(under(base, `api/traces/${encodeURIComponent(id)}`), { ...common, headers, credentialHint });
      return { text, url: undefined, endpoint: base.origin };
    }
    case 'langfuse': {
      const headers = { authorization: `Basic ${base64(`${value('LANGFUSE_PUBLIC_KEY')}:${value('LANGFUSE_SECRET_KEY')}`)}` };
      const observations = await requestText(
        under(base, 'api/public/v2/observations', { traceId: id, limit: '1000', fields: 'core,basic,time,io,metadata,model,usage,prompt,metrics,trace_context' }),
        { ...common, headers, credentialHint },
      );
      let scores: unknown = [];
      try {
        const page = json(await requestText(under(base, 'api/public/v2/scores', { traceId: id }), { ...common, headers, credentialHint }), base.origin);
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
      const headers: Record<string, string> = { 'x-api-key': value('LANGSMITH_API_KEY')! };
      const tenant = value('LANGSMITH_TENANT_ID');
      if (tenant) headers['x-tenant-id'] = tenant;
      const root = json(await requestText(under(base, `runs/${encodeURIComponent(id)}`), { ...common, headers, credentialHint }), base.origin);
      const traceId = typeof root === 'object' && root !== null && typeof (root as { trace_id?: unknown }).trace_id === 'string' ? (root as { trace_id: string }).trace_id : id;
      const page = json(await requestText(under(base, 'runs/query'), { ...common, method: 'POST', headers, body: JSON.stringify({ trace: traceId, limit: 100 }), credentialHint }), base.origin);
      const runs = typeof page === 'object' && page !== null && Array.isArray((page as { runs?: unknown }).runs) ? (page as { runs: unknown[] }).runs : [];
      const runsWithRoot = runs.some((r) => typeof r === 'object' && r !== null && (r as { id?: unknown }).id === (root as { id?: unknown }).id) ? runs : [root, ...runs];
      return { text: JSON.stringify({ runs: runsWithRoot }), url: undefined, endpoint: base.origin };
    }
  }
}
