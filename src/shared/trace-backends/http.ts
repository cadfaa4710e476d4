/**
 * The one way the CLI and the extension talk to a trace backend: the global `fetch` (Node and web
 * workers alike) with https unless the host is loopback, no cookies, `redirect: 'manual'` and only
 * same-origin redirects (at most 3), a timeout for the whole request, a size cap enforced while the
 * body streams, and messages that name the status but never a header or token.
 */

export class BackendError extends Error {}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole request, headers and body (default 15 s). */
  readonly timeoutMs?: number;
  /** Largest body accepted (default 20 MiB). */
  readonly maxBytes?: number;
  /** Names of the environment variables that hold the credentials, for the 401 message. */
  readonly credentialHint?: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
const MAX_REDIRECTS = 3;

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Parse and check an endpoint: absolute http(s), https unless loopback, no credentials in it. */
export function checkEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new BackendError(`invalid endpoint URL \`${endpoint}\``);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new BackendError(
      `endpoint must use https (plain http is allowed only for localhost/127.0.0.1/::1): \`${url.origin}\``,
    );
  }
  if (url.username || url.password)
    throw new BackendError(
      "endpoint must not contain credentials; keep them with the other credentials (environment variables, or the editor's secret storage)",
    );
  return url;
}

/** A URL under `base`, keeping any path prefix of the endpoint (`https://host/langfuse/` + `api/…`). */
export function under(base: URL, relative: string, query?: Record<string, string>): URL {
  const prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const url = new URL(base.origin);
  url.pathname = prefix + relative.replace(/^\//, '');
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url;
}

function statusMessage(status: number, url: URL, hint: string | undefined): string {
  const where = `${url.origin}${url.pathname}`;
  if (status === 401 || status === 403)
    return `${where}: authentication failed (${status})${hint ? `: check ${hint}` : ''}`;
  if (status === 404) return `${where}: not found (404): check the trace id and the endpoint`;
  if (status === 429) return `${where}: rate limited (429): try again later`;
  if (status >= 500) return `${where}: server error (${status})`;
  return `${where}: unexpected status ${status}`;
}

async function readCapped(response: Response, maxBytes: number, url: URL): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new BackendError(
      `${url.origin}${url.pathname}: response is ${declared} bytes, over the limit of ${maxBytes}`,
    );
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new BackendError(
        `${url.origin}${url.pathname}: response is over the limit of ${maxBytes} bytes; stopped reading`,
      );
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  // UTF-8 decoding through `Response`, which every host has (TextDecoder is typed per shell).
  return new Response(all).text();
}

/** Request `url` and return the body text of a 2xx JSON response. Throws `BackendError` with a readable message. */
export async function requestText(url: URL, options: RequestOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const init: RequestInit = {
        method: options.method ?? 'GET',
        headers: {
          accept: 'application/json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        redirect: 'manual',
        credentials: 'omit',
        signal,
      };
      if (options.body !== undefined) init.body = options.body;
      const response = await fetch(current, init);
      // A browser (the web-worker extension host) hides a manual redirect's status and target.
      if (response.type === 'opaqueredirect')
        throw new BackendError(
          `${current.origin}${current.pathname}: refused a redirect (its target is hidden in this host)`,
        );
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location)
          throw new BackendError(
            `${current.origin}${current.pathname}: redirect (${response.status}) without a location`,
          );
        const next = new URL(location, current);
        if (next.origin !== url.origin)
          throw new BackendError(
            `${current.origin}${current.pathname}: refused a redirect (${response.status}) to another origin, ${next.origin}`,
          );
        if (hop + 1 > MAX_REDIRECTS)
          throw new BackendError(`${url.origin}${url.pathname}: more than ${MAX_REDIRECTS} redirects`);
        current = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new BackendError(statusMessage(response.status, current, options.credentialHint));
      }
      const type = response.headers.get('content-type') ?? '';
      if (type && !/json/i.test(type)) {
        await response.body?.cancel();
        throw new BackendError(
          `${current.origin}${current.pathname}: expected JSON, got \`${type.split(';')[0]}\``,
        );
      }
      return await readCapped(response, options.maxBytes ?? MAX_RESPONSE_BYTES, current);
    }
  } catch (error) {
    if (error instanceof BackendError) throw error;
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      throw new BackendError(`${url.origin}${url.pathname}: timed out after ${timeoutMs / 1000} s`);
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new BackendError(`${url.origin}${url.pathname}: request failed${cause ? ` (${cause})` : ''}`);
  }
}
