/**
 * Backend clients against a local server on 127.0.0.1 that serves recorded responses at the real
 * API paths and checks the real auth headers; and a real OTLP/HTTP JSON export from the
 * OpenTelemetry JS SDK, imported as received.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { context, trace as otelTrace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { parseTrace, type TraceMetadata } from '../../src/core/index.js';
import { BackendError, fetchTrace, type BackendName } from '../../src/cli/backends/index.js';
import { main } from '../../src/cli/main.js';
import { needsShared, sharedPath } from '../../scripts/shared-folder.js';

/** The recorded responses are third-party trace files, read from the shared corpus (see test/fixtures/traces/PROVENANCE.md). */
const TRACES = 'corpus/traces';
const SKIP = needsShared(TRACES);
const read = (f: string) => readFileSync(sharedPath(`${TRACES}/${f}`), 'utf8');

/** The OTLP fixture as Tempo answers: `batches`, base64 ids, enum names. */
function tempoBody(): string {
  const otlp = JSON.parse(read('otlp-json-telemetrygen__jaeger-otlp2jaeger-in.json')) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
  };
  const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
  for (const rs of otlp.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans) {
        s['traceId'] = b64(s['traceId'] as string);
        s['spanId'] = b64(s['spanId'] as string);
        s['parentSpanId'] = b64(s['parentSpanId'] as string);
        s['kind'] = 'SPAN_KIND_SERVER';
      }
  return JSON.stringify({ batches: otlp.resourceSpans });
}

interface Recorded {
  readonly langfuse: { trace: { id: string; scores: unknown[] }; observations: unknown[] };
  readonly run: Record<string, unknown>;
}
let recordedCache: Recorded | undefined;
/** The recorded Langfuse export and LangSmith run, read on first use (only by tests that need the shared folder). */
function recorded(): Recorded {
  if (!recordedCache) {
    const langsmith = JSON.parse(read('langsmith-runs-batch__py-wrap-openai-default.json')) as {
      post: Array<Record<string, unknown>>;
      patch: Array<Record<string, unknown>>;
    };
    recordedCache = {
      langfuse: JSON.parse(
        read('langfuse-trace-export__microsoft-agent-2025-12-17.json'),
      ) as Recorded['langfuse'],
      run: { ...langsmith.post[0], ...langsmith.patch[0] },
    };
  }
  return recordedCache;
}
/** The Langfuse trace's id; the server checks credentials before it looks the trace up. */
const LANGFUSE_TRACE_ID = '8e419d3288419b5d944270505640e183';
const SECRET = 'sk-lf-secret-0123456789';
const ENV = {
  JAEGER_TOKEN: 'jaeger-token-123',
  TEMPO_TOKEN: 'tempo-token-456',
  TEMPO_ORG_ID: 'team-a',
  LANGFUSE_PUBLIC_KEY: 'pk-lf-public',
  LANGFUSE_SECRET_KEY: SECRET,
  LANGSMITH_API_KEY: 'lsv2_pt_key',
};

let server: http.Server;
let other: http.Server;
let base = '';
let otherBase = '';
const seen: Array<{ path: string; headers: http.IncomingHttpHeaders }> = [];

function json(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, headers: req.headers });
    const auth = req.headers['authorization'];
    const p = url.pathname;
    if (p === '/stall/api/traces/abc') return; // never answers
    if (p === '/big/api/traces/abc') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let n = 0;
      const push = () => {
        while (n < 40 && res.write(chunk)) n++;
        if (n < 40) res.once('drain', push);
        else res.end();
      };
      push();
      return;
    }
    if (p === '/boom/api/traces/abc') return json(res, 500, '{"error":"boom"}');
    if (p === '/moved/api/traces/abc') {
      res.writeHead(302, { location: `${otherBase}/api/traces/abc` });
      return res.end();
    }
    if (p === '/same/api/traces/83a9efd15c1c98a977e0711cc93ee28b') {
      res.writeHead(302, { location: '/api/traces/83a9efd15c1c98a977e0711cc93ee28b' });
      return res.end();
    }
    if (p.startsWith('/api/traces/') && req.headers['x-scope-orgid'] !== undefined) {
      if (req.headers['x-scope-orgid'] !== 'team-a' || auth !== 'Bearer tempo-token-456')
        return json(res, 401, '{}');
      return p.endsWith('/83a9efd15c1c98a977e0711cc93ee28b')
        ? json(res, 200, tempoBody())
        : json(res, 404, '{}');
    }
    if (p.startsWith('/api/traces/')) {
      if (auth !== undefined && auth !== 'Bearer jaeger-token-123') return json(res, 401, '{}');
      return p.endsWith('/83a9efd15c1c98a977e0711cc93ee28b')
        ? json(res, 200, read('jaeger-api-traces-response__jaeger-otlp2jaeger-out.json'))
        : json(res, 404, '{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}');
    }
    if (p.startsWith('/api/public/v2/')) {
      if (auth !== `Basic ${Buffer.from(`pk-lf-public:${SECRET}`).toString('base64')}`)
        return json(res, 401, '{"message":"Invalid credentials"}');
      const id = url.searchParams.get('traceId');
      if (id !== LANGFUSE_TRACE_ID) return json(res, 200, '{"data":[],"meta":{}}');
      if (p === '/api/public/v2/observations')
        return json(
          res,
          200,
          JSON.stringify({ data: recorded().langfuse.observations, meta: { cursor: null } }),
        );
      if (p === '/api/public/v2/scores')
        return json(res, 200, JSON.stringify({ data: recorded().langfuse.trace.scores, meta: {} }));
    }
    if (p.startsWith('/runs')) {
      if (req.headers['x-api-key'] !== 'lsv2_pt_key') return json(res, 401, '{"detail":"Invalid token"}');
      if (p === `/runs/${String(recorded().run['id'])}` && req.method === 'GET')
        return json(res, 200, JSON.stringify(recorded().run));
      if (p === '/runs/query' && req.method === 'POST') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const q = JSON.parse(body) as { trace?: string };
          json(
            res,
            200,
            JSON.stringify({
              runs: q.trace === recorded().run['trace_id'] ? [recorded().run] : [],
              cursors: {},
            }),
          );
        });
        return;
      }
      return json(res, 404, '{"detail":"Run not found"}');
    }
    json(res, 404, '{}');
  });
  other = http.createServer((_req, res) =>
    json(res, 200, read('jaeger-api-traces-response__jaeger-otlp2jaeger-out.json')),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  otherBase = `http://localhost:${(other.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
  other.closeAllConnections();
  other.close();
});

async function imported(
  backend: BackendName,
  id: string,
  env: Record<string, string> = ENV,
  endpoint = base,
): Promise<TraceMetadata> {
  const fetched = await fetchTrace(backend, id, { endpoint, env });
  const r = parseTrace(fetched.text);
  if (!r.ok) assert.fail(`${r.error.path}: ${r.error.message}`);
  return r.trace;
}

async function failure(
  backend: BackendName,
  id: string,
  options: { env?: Record<string, string>; endpoint?: string; timeoutMs?: number; maxBytes?: number } = {},
): Promise<string> {
  try {
    await fetchTrace(backend, id, {
      endpoint: options.endpoint ?? base,
      env: options.env ?? ENV,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    });
  } catch (error) {
    assert.ok(error instanceof BackendError, String(error));
    return error.message;
  }
  return assert.fail('expected a failure');
}

describe('trace backends', () => {
  it('fetches a Jaeger trace from /api/traces/{id} with the bearer token', { skip: SKIP }, async () => {
    const t = await imported('jaeger', '83a9efd15c1c98a977e0711cc93ee28b');
    assert.equal(t.format, 'jaeger');
    assert.equal(t.traceId, '83a9efd15c1c98a977e0711cc93ee28b');
    assert.equal(seen.at(-1)!.headers['authorization'], 'Bearer jaeger-token-123');
  });

  it('fetches a Tempo trace with X-Scope-OrgID and reads its base64 ids', { skip: SKIP }, async () => {
    const t = await imported('tempo', '83a9efd15c1c98a977e0711cc93ee28b');
    assert.equal(t.format, 'tempo');
    assert.equal(t.spans[0]!.spanId, 'e127af99e3b3e074');
    assert.equal(seen.at(-1)!.headers['x-scope-orgid'], 'team-a');
  });

  it('fetches Langfuse observations and scores with Basic auth', { skip: SKIP }, async () => {
    const t = await imported('langfuse', LANGFUSE_TRACE_ID);
    assert.equal(t.format, 'langfuse');
    assert.equal(t.spans.length, 4);
    assert.deepEqual(
      t.evaluations.map((e) => e.name),
      ['correctness', 'hallucination', 'toxicity'],
    );
  });

  it('fetches a LangSmith run and its trace with x-api-key', { skip: SKIP }, async () => {
    const t = await imported('langsmith', String(recorded().run['id']));
    assert.equal(t.format, 'langsmith');
    assert.equal(t.spans[0]!.servedModel, 'gpt-4o-mini-2024-07-18');
  });

  it('says which variables to check on 401, without printing the secret', async () => {
    const message = await failure('langfuse', LANGFUSE_TRACE_ID, {
      env: { ...ENV, LANGFUSE_SECRET_KEY: 'sk-lf-wrong-999' },
    });
    assert.match(message, /authentication failed \(401\): check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY/);
    assert.ok(!message.includes('sk-lf-wrong-999'));
  });

  it('reports 404, 500, a stalled server, an oversize body and a cross-origin redirect clearly', async () => {
    assert.match(await failure('jaeger', 'ffff'), /not found \(404\)/);
    assert.match(await failure('jaeger', 'abc', { endpoint: `${base}/boom` }), /server error \(500\)/);
    assert.match(
      await failure('jaeger', 'abc', { endpoint: `${base}/stall`, timeoutMs: 200 }),
      /timed out after 0\.2 s/,
    );
    assert.match(
      await failure('jaeger', 'abc', { endpoint: `${base}/big`, maxBytes: 1024 * 1024 }),
      /over the limit of 1048576 bytes/,
    );
    assert.match(
      await failure('jaeger', 'abc', { endpoint: `${base}/moved` }),
      /refused a redirect \(302\) to another origin/,
    );
  });

  it('follows a same-origin redirect', { skip: SKIP }, async () => {
    const t = await imported('jaeger', '83a9efd15c1c98a977e0711cc93ee28b', ENV, `${base}/same`);
    assert.equal(t.traceId, '83a9efd15c1c98a977e0711cc93ee28b');
  });

  it('refuses plain http to a non-loopback host and credentials in the endpoint', async () => {
    assert.match(await failure('jaeger', 'abc', { endpoint: 'http://jaeger.example.com' }), /must use https/);
    assert.match(
      await failure('jaeger', 'abc', { endpoint: 'https://u:p@jaeger.example.com' }),
      /must not contain credentials/,
    );
  });

  it('runs import-trace --backend from the CLI and never prints the token', { skip: SKIP }, async () => {
    let out = '';
    let err = '';
    const io = {
      cwd: process.cwd(),
      stdout: (t: string) => (out += t),
      stderr: (t: string) => (err += t),
      env: { ...ENV, SOURCE_DATE_EPOCH: '1773572520' },
      today: () => '2026-03-15',
    };
    const code = await main(
      ['import-trace', '--backend', 'langfuse', '--trace-id', LANGFUSE_TRACE_ID, '--endpoint', base],
      io,
    );
    assert.equal(code, 0, err);
    assert.match(out, /imported_at: 2026-03-15T11:02:00Z/);
    assert.match(out, /\[agent\] called tool `get_weather`/);
    const bad = await main(
      ['import-trace', '--backend', 'langfuse', '--trace-id', LANGFUSE_TRACE_ID, '--endpoint', base],
      { ...io, env: { ...ENV, LANGFUSE_SECRET_KEY: 'sk-lf-wrong-999' } },
    );
    assert.equal(bad, 2);
    assert.ok(!(out + err).includes(SECRET) && !(out + err).includes('sk-lf-wrong-999'));
  });
});

describe('real OTLP from the OpenTelemetry JS SDK', () => {
  it('imports gen_ai spans exported over OTLP/HTTP JSON to a loopback receiver', async () => {
    const bodies: Array<{ type: string | undefined; body: string }> = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push({ type: req.headers['content-type'], body });
        json(res, 200, '{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'refund-agent' }),
      spanProcessors: [
        new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` })),
      ],
    });
    const tracer = provider.getTracer('test');
    const agent = tracer.startSpan('invoke_agent refund-agent', {
      kind: SpanKind.INTERNAL,
      attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'refund-agent' },
    });
    const ctx = otelTrace.setSpan(context.active(), agent);
    const chat = tracer.startSpan(
      'chat gpt-4.1',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4.1',
          'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
          'gen_ai.usage.input_tokens': 120,
          'gen_ai.usage.output_tokens': 30,
          'gen_ai.input.messages':
            '[{"role":"user","parts":[{"type":"text","content":"refund order A-17"}]}]',
        },
      },
      ctx,
    );
    chat.end();
    const tool = tracer.startSpan(
      'execute_tool issue_refund',
      {
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'issue_refund',
          'gen_ai.tool.call.arguments': '{"order":"A-17"}',
        },
      },
      ctx,
    );
    tool.setStatus({ code: SpanStatusCode.ERROR, message: 'refund limit exceeded' });
    tool.setAttribute('error.type', 'RefundLimitError');
    tool.end();
    agent.end();
    await provider.forceFlush();
    await provider.shutdown();
    receiver.close();
    assert.equal(bodies.length >= 1, true);
    assert.match(bodies[0]!.type ?? '', /json/);
    const spans = bodies.flatMap((b) => {
      const r = parseTrace(b.body);
      if (!r.ok) assert.fail(`${r.error.path}: ${r.error.message}`);
      return r.trace.spans;
    });
    const byName = new Map(spans.map((s) => [s.name, s]));
    const c = byName.get('chat gpt-4.1')!;
    assert.deepEqual(
      [c.category, c.requestedModel, c.servedModel, c.provider, c.usage?.input, c.usage?.output],
      ['llm', 'gpt-4.1', 'gpt-4.1-mini-2025-04-14', 'openai', 120, 30],
    );
    const t = byName.get('execute_tool issue_refund')!;
    assert.deepEqual(
      [t.category, t.toolName, t.status, t.errorType, t.parentSpanId],
      ['tool', 'issue_refund', 'error', 'RefundLimitError', byName.get('invoke_agent refund-agent')!.spanId],
    );
    assert.match(t.traceId, /^[0-9a-f]{32}$/);
    assert.equal(c.serviceName, 'refund-agent');
  });
});
