// A Langfuse API (and below, a Phoenix API) on 127.0.0.1 for the in-editor trace import tests: serves the recorded trace file it
// is given (the shared corpus copy) at the real paths (GET /api/public/v2/observations and /scores with
// ?traceId=) and answers 401 unless the Basic auth header carries exactly the test key pair, which
// the suite stores through SecretStorage. CORS headers let the web-worker host call it too.
import { readFileSync } from 'node:fs';
import http from 'node:http';

/** The key pair the server accepts; the suite (trace-import.test.ts) stores the same pair. */
export const LANGFUSE_KEYS = {
  publicKey: 'pk-lf-integration-7f3a',
  secretKey: 'sk-lf-integration-5b1e9c0d2f',
};

/** Starts the server; resolves to its base URL and a `close()`. */
export async function startTraceBackend(traceFile) {
  const recorded = JSON.parse(readFileSync(traceFile, 'utf8'));
  const expected = `Basic ${Buffer.from(`${LANGFUSE_KEYS.publicKey}:${LANGFUSE_KEYS.secretKey}`).toString('base64')}`;
  return serveJson((url, req, send) => {
    if (!url.pathname.startsWith('/api/public/v2/')) return send(404, { message: 'not found' });
    if (req.headers.authorization !== expected)
      return send(401, {
        message: 'Invalid credentials. Confirm that you have configured the correct host.',
      });
    const matches = url.searchParams.get('traceId') === recorded.trace.id;
    if (url.pathname === '/api/public/v2/observations')
      return send(200, { data: matches ? recorded.observations : [], meta: { cursor: null } });
    if (url.pathname === '/api/public/v2/scores')
      return send(200, { data: matches ? recorded.trace.scores : [], meta: {} });
    return send(404, { message: 'not found' });
  });
}

// A Phoenix API on 127.0.0.1 for the in-editor Phoenix import test, at Phoenix's REST paths (as the
// unit test test/unit/trace-backend-phoenix.test.ts serves them): GET /v1/projects/{project}/spans
// with ?trace_id= and two pages joined by `next_cursor`, /span_annotations with repeated ?span_ids=,
// and /v1/projects/{project} for the project's id. Every request must carry exactly the test key as
// `Authorization: Bearer` (401 otherwise, as a Phoenix with authentication on). The spans are
// written here, no Phoenix data is redistributed.

/** What the Phoenix server serves; the suite (trace-import.test.ts) uses the same values. */
export const PHOENIX = {
  apiKey: 'phx-integration-key-4c2e9a71',
  project: 'refund agent',
  projectId: 'UHJvamVjdDo3',
  traceId: '5d0c3b7a9e8f41b2a6c4d1e0f9a8b7c6',
};

const phoenixSpan = (spanId, name, kind, parent, second, attributes, status = 'OK') => ({
  id: `U3BhbjoxM${second}`,
  name,
  context: { trace_id: PHOENIX.traceId, span_id: spanId },
  span_kind: kind,
  parent_id: parent,
  start_time: `2026-03-14T09:10:0${second}.000000+00:00`,
  end_time: `2026-03-14T09:10:0${second + 1}.500000+00:00`,
  status_code: status,
  status_message: status === 'ERROR' ? 'order already refunded' : '',
  attributes,
  events: [],
});

/** Newest first, as Phoenix orders spans: the tool call on the first page, the model call and the agent on the second. */
const PHOENIX_PAGES = [
  [
    phoenixSpan(
      'c3c3c3c3c3c3c3c3',
      'issue_refund',
      'TOOL',
      'a1a1a1a1a1a1a1a1',
      4,
      { tool: { name: 'issue_refund' }, input: { value: '{"order": "A-1042", "reason": "late"}' } },
      'ERROR',
    ),
  ],
  [
    phoenixSpan('b2b2b2b2b2b2b2b2', 'ChatCompletion', 'LLM', 'a1a1a1a1a1a1a1a1', 2, {
      llm: {
        model_name: 'gpt-4.1-mini-2025-04-14',
        provider: 'openai',
        token_count: { prompt: 950, completion: 60, total: 1010 },
      },
      output: { value: 'Refunding order A-1042 now.' },
    }),
    phoenixSpan('a1a1a1a1a1a1a1a1', 'refund-agent', 'AGENT', null, 0, { agent: { name: 'refund-agent' } }),
  ],
];
const PHOENIX_CURSOR = 'U3BhbjoxMg==';
const PHOENIX_ANNOTATIONS = [
  {
    id: 'U3BhbkFubm90YXRpb246NQ==',
    span_id: 'c3c3c3c3c3c3c3c3',
    name: 'refund-policy',
    annotator_kind: 'LLM',
    result: { label: 'fail', score: 0, explanation: 'refunded a delivered order' },
    metadata: {},
    identifier: '',
    source: 'API',
    user_id: null,
    created_at: '2026-03-14T09:11:00+00:00',
    updated_at: '2026-03-14T09:11:00+00:00',
  },
];

/** Starts the Phoenix server; resolves to its base URL and a `close()`. */
export async function startPhoenixBackend() {
  return serveJson((url, req, send) => {
    const q = url.searchParams;
    if (req.headers.authorization !== `Bearer ${PHOENIX.apiKey}`)
      return send(401, { detail: 'Invalid token' });
    const m = /^\/v1\/projects\/([^/]+)(\/spans|\/span_annotations)?$/.exec(url.pathname);
    if (!m) return send(404, { detail: 'Not Found' });
    const project = decodeURIComponent(m[1]);
    if (project !== PHOENIX.project)
      return send(404, { detail: `Project with identifier ${project} not found` });
    if (m[2] === undefined)
      return send(200, { data: { id: PHOENIX.projectId, name: project, description: null } });
    if (m[2] === '/spans') {
      if (q.get('trace_id') !== PHOENIX.traceId) return send(200, { data: [], next_cursor: null });
      const cursor = q.get('cursor');
      if (cursor === null) return send(200, { data: PHOENIX_PAGES[0], next_cursor: PHOENIX_CURSOR });
      if (cursor === PHOENIX_CURSOR) return send(200, { data: PHOENIX_PAGES[1], next_cursor: null });
      return send(422, { detail: 'Invalid cursor' });
    }
    const ids = new Set(q.getAll('span_ids'));
    if (ids.size === 0) return send(422, { detail: 'span_ids required' });
    return send(200, { data: PHOENIX_ANNOTATIONS.filter((a) => ids.has(a.span_id)), next_cursor: null });
  });
}

/**
 * A JSON API on 127.0.0.1 with CORS headers (so the web-worker host can call it too): `handle(url, req, send)` answers
 * each request but the preflight. Resolves to the base URL and a `close()`.
 */
async function serveJson(handle) {
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-allow-methods': 'GET, POST',
  };
  const send = (res) => (status, body) => {
    res.writeHead(status, { ...cors, 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    return handle(new URL(req.url ?? '/', 'http://127.0.0.1'), req, send(res));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
