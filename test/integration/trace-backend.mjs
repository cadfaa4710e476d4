// A Langfuse API on 127.0.0.1 for the in-editor trace import test: serves the recorded trace file it
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
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-allow-methods': 'GET, POST',
  };
  const send = (res, status, body) => {
    res.writeHead(status, { ...cors, 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/api/public/v2/')) return send(res, 404, { message: 'not found' });
    if (req.headers.authorization !== expected)
      return send(res, 401, {
        message: 'Invalid credentials. Confirm that you have configured the correct host.',
      });
    const matches = url.searchParams.get('traceId') === recorded.trace.id;
    if (url.pathname === '/api/public/v2/observations')
      return send(res, 200, { data: matches ? recorded.observations : [], meta: { cursor: null } });
    if (url.pathname === '/api/public/v2/scores')
      return send(res, 200, { data: matches ? recorded.trace.scores : [], meta: {} });
    return send(res, 404, { message: 'not found' });
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
