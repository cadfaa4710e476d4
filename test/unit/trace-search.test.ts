/**
 * Backend search and paging against loopback servers that serve pages at the real API paths, check
 * the request parameters and the auth headers, and serve the traces the search found; then
 * `import-trace --replays --search` end to end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parsePostmortem } from '../../src/core/index.js';
import { BackendError, searchTraces } from '../../src/cli/backends/index.js';
import { main } from '../../src/cli/main.js';

const ENV = {
  JAEGER_TOKEN: 'jaeger-token-123',
  TEMPO_TOKEN: 'tempo-token-456',
  TEMPO_ORG_ID: 'team-a',
  LANGFUSE_PUBLIC_KEY: 'pk-lf-public',
  LANGFUSE_SECRET_KEY: 'sk-lf-secret-0123456789',
  LANGSMITH_API_KEY: 'lsv2_pt_key',
};
const hex = (i: number) => i.toString(16).padStart(32, '0');
/** 25 replays; replays 4, 9 and 17 were judged `fail`. */
const N = 25;
const BAD = new Set([4, 9, 17]);

let server: http.Server;
let base = '';
const requests: Array<{
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}> = [];

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The Langfuse answer for replay `i`: one generation, one categorical score. */
function langfuseTrace(i: number): { observations: unknown[]; scores: unknown[] } {
  const id = `lf-replay-${i}`;
  return {
    observations: [
      {
        id: `obs-${i}`,
        traceId: id,
        projectId: 'refunds',
        type: 'GENERATION',
        name: 'chat',
        startTime: '2026-03-14T09:00:00Z',
        endTime: '2026-03-14T09:00:01Z',
        model: 'gpt-4.1',
      },
    ],
    scores: [
      {
        name: 'refund-policy',
        value: BAD.has(i) ? 0 : 1,
        stringValue: BAD.has(i) ? 'fail' : 'pass',
        dataType: 'CATEGORICAL',
        observationId: `obs-${i}`,
      },
    ],
  };
}

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const q = url.searchParams;
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: q,
        headers: req.headers,
        body,
      });
      const p = url.pathname;
      // Jaeger: one page of traces, up to `limit`.
      if (p === '/jaeger/api/traces') {
        if (req.headers['authorization'] !== 'Bearer jaeger-token-123') return send(res, 401, {});
        const limit = Number(q.get('limit'));
        return send(res, 200, {
          data: Array.from({ length: Math.min(limit, 7) }, (_, i) => ({
            traceID: hex(i + 1),
            spans: [],
            processes: {},
          })),
          total: 0,
          errors: null,
        });
      }
      if (p === '/tempo/api/search') {
        if (
          req.headers['x-scope-orgid'] !== 'team-a' ||
          req.headers['authorization'] !== 'Bearer tempo-token-456'
        )
          return send(res, 401, {});
        return send(res, 200, {
          traces: [
            { traceID: hex(101), rootServiceName: 'refund-agent' },
            { traceID: hex(102), rootServiceName: 'refund-agent' },
          ],
          metrics: {},
        });
      }
      if (p.startsWith('/langfuse/api/public/')) {
        if (
          req.headers['authorization'] !==
          `Basic ${Buffer.from(`${ENV.LANGFUSE_PUBLIC_KEY}:${ENV.LANGFUSE_SECRET_KEY}`).toString('base64')}`
        )
          return send(res, 401, { message: 'Invalid credentials' });
        if (p === '/langfuse/api/public/traces') {
          // 25 traces, at most 10 per page whatever the limit asked (as a server caps it), pages numbered from 1.
          const page = Number(q.get('page'));
          const limit = Math.min(10, Number(q.get('limit')));
          const ids = Array.from({ length: N }, (_, i) => `lf-replay-${i}`).slice(
            (page - 1) * limit,
            page * limit,
          );
          return send(res, 200, {
            data: ids.map((id) => ({ id, name: 'refund-replay' })),
            meta: { page, limit, totalItems: N, totalPages: Math.ceil(N / limit) },
          });
        }
        const i = Number(/^lf-replay-(\d+)$/.exec(q.get('traceId') ?? '')?.[1] ?? -1);
        if (i < 0) return send(res, 200, { data: [], meta: {} });
        if (p === '/langfuse/api/public/v2/observations')
          return send(res, 200, { data: langfuseTrace(i).observations, meta: { cursor: null } });
        if (p === '/langfuse/api/public/v2/scores')
          return send(res, 200, { data: langfuseTrace(i).scores, meta: {} });
      }
      if (p === '/langsmith/runs/query') {
        if (req.headers['x-api-key'] !== 'lsv2_pt_key') return send(res, 401, { detail: 'Invalid token' });
        const query = JSON.parse(body) as { cursor?: string; limit?: number };
        const first = query.cursor === undefined;
        const runs = first
          ? [1, 2, 3].map((i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }))
          : [4].map((i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
        return send(res, 200, { runs, cursors: first ? { next: 'page-2' } : { next: null } });
      }
      send(res, 404, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const last = (p: string) => requests.filter((r) => r.path === p).at(-1)!;

describe('backend search', () => {
  it('asks Jaeger /api/traces with service, operation, tags, the window in microseconds and the limit', async () => {
    const ids = await searchTraces(
      'jaeger',
      {
        filter: 'service=refund-agent, operation=chat, tenant.id=eu',
        from: '2026-03-14T09:00:00Z',
        to: '2026-03-14T10:00:00Z',
        limit: 5,
      },
      { endpoint: `${base}/jaeger`, env: ENV },
    );
    assert.deepEqual(ids, [1, 2, 3, 4, 5].map(hex));
    const q = last('/jaeger/api/traces').query;
    assert.deepEqual(
      [q.get('service'), q.get('operation'), q.get('tags'), q.get('start'), q.get('end'), q.get('limit')],
      ['refund-agent', 'chat', '{"tenant.id":"eu"}', '1773478800000000', '1773482400000000', '5'],
    );
  });

  it('asks Tempo /api/search with the TraceQL query, the window in seconds and X-Scope-OrgID', async () => {
    const ids = await searchTraces(
      'tempo',
      {
        filter: '{ resource.service.name = "refund-agent" }',
        from: '2026-03-14T09:00:00Z',
        to: '2026-03-14T10:00:00Z',
      },
      { endpoint: `${base}/tempo`, env: ENV },
    );
    assert.deepEqual(ids, [hex(101), hex(102)]);
    const q = last('/tempo/api/search').query;
    assert.deepEqual(
      [q.get('q'), q.get('start'), q.get('end'), q.get('limit')],
      ['{ resource.service.name = "refund-agent" }', '1773478800', '1773482400', '100'],
    );
  });

  it('pages through Langfuse /api/public/traces until the last page, with the filter and the window', async () => {
    const before = requests.length;
    const ids = await searchTraces(
      'langfuse',
      {
        filter: 'name=refund-replay, environment=replay',
        from: '2026-03-14T09:00:00Z',
        to: '2026-03-14T10:00:00Z',
        limit: 10,
      },
      { endpoint: `${base}/langfuse`, env: ENV },
    );
    assert.deepEqual(
      ids,
      Array.from({ length: 10 }, (_, i) => `lf-replay-${i}`),
    );
    const pages = requests.slice(before).filter((r) => r.path === '/langfuse/api/public/traces');
    assert.deepEqual(
      pages.map((r) => [
        r.query.get('page'),
        r.query.get('limit'),
        r.query.get('name'),
        r.query.get('environment'),
        r.query.get('fromTimestamp'),
        r.query.get('toTimestamp'),
      ]),
      [['1', '10', 'refund-replay', 'replay', '2026-03-14T09:00:00.000Z', '2026-03-14T10:00:00.000Z']],
    );
    const before2 = requests.length;
    const all = await searchTraces(
      'langfuse',
      { filter: 'name=refund-replay', limit: 1000 },
      { endpoint: `${base}/langfuse`, env: ENV },
    );
    assert.deepEqual(
      all,
      Array.from({ length: N }, (_, i) => `lf-replay-${i}`),
    );
    assert.deepEqual(
      requests.slice(before2).map((r) => r.query.get('page')),
      ['1', '2', '3'],
      'three pages of 10, then totalPages says stop',
    );
  });

  it('follows LangSmith cursors from page to page, for root runs of the project', async () => {
    const before = requests.length;
    const ids = await searchTraces(
      'langsmith',
      { filter: 'project=4c0f6f2e-0000-4000-8000-000000000001; eq(name, "ChatOpenAI")', limit: 10 },
      { endpoint: `${base}/langsmith`, env: ENV },
    );
    assert.equal(ids.length, 4);
    const pages = requests.slice(before).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    assert.deepEqual(
      pages.map((b) => [b['cursor'], b['is_root'], b['filter'], (b['session'] as string[])[0]]),
      [
        [undefined, true, 'eq(name, "ChatOpenAI")', '4c0f6f2e-0000-4000-8000-000000000001'],
        ['page-2', true, 'eq(name, "ChatOpenAI")', '4c0f6f2e-0000-4000-8000-000000000001'],
      ],
    );
  });

  it('refuses a bad filter, a reversed window and a wrong key with clear messages, never printing the key', async () => {
    const failure = async (f: () => Promise<unknown>) => {
      try {
        await f();
      } catch (error) {
        assert.ok(error instanceof BackendError, String(error));
        return error.message;
      }
      return assert.fail('expected a failure');
    };
    assert.match(
      await failure(() =>
        searchTraces('jaeger', { filter: 'operation=chat' }, { endpoint: `${base}/jaeger`, env: ENV }),
      ),
      /`service=<name>` is required/,
    );
    assert.match(
      await failure(() =>
        searchTraces('langfuse', { filter: 'userId=alice' }, { endpoint: `${base}/langfuse`, env: ENV }),
      ),
      /unknown key `userId`/,
    );
    assert.match(
      await failure(() =>
        searchTraces(
          'tempo',
          { filter: '{}', from: '2026-03-15T00:00:00Z', to: '2026-03-14T00:00:00Z' },
          { endpoint: `${base}/tempo`, env: ENV },
        ),
      ),
      /ends before it starts/,
    );
    assert.match(
      await failure(() =>
        searchTraces('tempo', { filter: '{}', limit: 5000 }, { endpoint: `${base}/tempo`, env: ENV }),
      ),
      /from 1 to 1000/,
    );
    const message = await failure(() =>
      searchTraces(
        'langfuse',
        { filter: 'name=x' },
        { endpoint: `${base}/langfuse`, env: { ...ENV, LANGFUSE_SECRET_KEY: 'sk-lf-wrong-999' } },
      ),
    );
    assert.match(message, /authentication failed \(401\)/);
    assert.ok(!message.includes('sk-lf-wrong-999'));
  });
});

describe('import-trace --replays --search', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-search-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds 25 replays in Langfuse page by page, fetches each and writes 3 of 25', async () => {
    writeFileSync(
      path.join(dir, 'pm.postmortem.md'),
      '---\ntitle: Refunds\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n\n# Refunds\n',
    );
    let err = '';
    const code = await main(
      [
        'import-trace',
        '--replays',
        '--backend',
        'langfuse',
        '--endpoint',
        `${base}/langfuse`,
        '--search',
        'name=refund-replay',
        '--from',
        '2026-03-14T00:00:00Z',
        '--to',
        '2026-03-15T00:00:00Z',
        '--into',
        'pm.postmortem.md',
        '--write',
      ],
      {
        cwd: dir,
        stdout: () => undefined,
        stderr: (t) => (err += t),
        env: { ...ENV, SOURCE_DATE_EPOCH: '1773572520' },
        today: () => '2026-03-15',
      },
    );
    assert.equal(code, 0, err);
    assert.match(err, /3 of 25 replays failed \(12\.0%/);
    const rate = parsePostmortem(readFileSync(path.join(dir, 'pm.postmortem.md'), 'utf8')).frontmatter!.data![
      'behavior_rate'
    ] as Record<string, unknown>;
    assert.deepEqual([rate['replays'], rate['failures']], [25, 3]);
    assert.ok(!err.includes(ENV.LANGFUSE_SECRET_KEY));
  });

  it('exits 2 with a usage message for --search without --backend', async () => {
    let err = '';
    const code = await main(['import-trace', '--search', 'name=x', 'a.json'], {
      cwd: dir,
      stdout: () => undefined,
      stderr: (t) => (err += t),
      env: {},
      today: () => '2026-03-15',
    });
    assert.equal(code, 2);
    assert.match(err, /need --backend/);
  });
});
