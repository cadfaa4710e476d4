/**
 * The Phoenix backend against a loopback server that answers at Phoenix's REST paths
 * (`GET /v1/projects/{project}/spans`, `…/span_annotations`, `…/traces`, `/v1/projects/{project}`)
 * in the shape of its span, annotation and trace models (read from Phoenix's router code), pages
 * with `next_cursor`, and checks `Authorization: Bearer`; then `import-trace --backend phoenix`
 * from the CLI, twice. The spans are written here: no Phoenix data is redistributed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  applyEdits,
  importTrace,
  parsePostmortem,
  parseTrace,
  type TraceMetadata,
} from '../../src/core/index.js';
import { BackendError, fetchTrace, searchTraces } from '../../src/cli/backends/index.js';
import { main } from '../../src/cli/main.js';

const TRACE = '6a1c0b5d2e3f40718293a4b5c6d7e8f9';
const OTHER = 'ffffffffffffffffffffffffffffffff';
const KEY = 'phx-api-key-0123456789abcdef';
const ENV = { PHOENIX_API_KEY: KEY };
const PROJECT_ID = 'UHJvamVjdDox';

const span = (
  id: string,
  trace: string,
  name: string,
  kind: string,
  parent: string | null,
  second: number,
  attributes: Record<string, unknown>,
  status = 'OK',
) => ({
  id: `U3Bhbjo${id.slice(0, 1)}`,
  name,
  context: { trace_id: trace, span_id: id },
  span_kind: kind,
  parent_id: parent,
  start_time: `2026-03-14T09:10:0${second}.000000+00:00`,
  end_time: `2026-03-14T09:10:0${second + 1}.000000+00:00`,
  status_code: status,
  status_message: status === 'ERROR' ? 'order already refunded' : '',
  attributes,
  events:
    status === 'ERROR'
      ? [
          {
            name: 'exception',
            timestamp: `2026-03-14T09:10:0${second + 1}.000000+00:00`,
            attributes: { 'exception.type': 'RefundConflict', 'exception.message': 'order 1042' },
          },
        ]
      : [],
});

/** Newest first, as Phoenix orders by row id descending; the second span belongs to another trace. */
const PAGE_1 = [
  span(
    '3333333333333333',
    TRACE,
    'issue_refund',
    'TOOL',
    '1111111111111111',
    4,
    { tool: { name: 'issue_refund' } },
    'ERROR',
  ),
  span('9999999999999999', OTHER, 'unrelated', 'LLM', null, 2, { llm: { model_name: 'other-model' } }),
];
const PAGE_2 = [
  span('2222222222222222', TRACE, 'ChatCompletion', 'LLM', '1111111111111111', 1, {
    llm: {
      model_name: 'gpt-4.1-mini-2025-04-14',
      provider: 'openai',
      token_count: { prompt: 1200, completion: 80, total: 1280 },
    },
    output: { value: 'Refunding order 1042.' },
  }),
  span('1111111111111111', TRACE, 'support-agent', 'AGENT', null, 0, { agent: { name: 'refund-agent' } }),
];
const ANNOTATIONS_1 = [
  {
    id: 'U3BhbkFubm90YXRpb246Mg==',
    span_id: '3333333333333333',
    name: 'refund-policy',
    annotator_kind: 'LLM',
    result: { label: 'fail', score: 0, explanation: 'promised a refund it could not give' },
    metadata: {},
    identifier: '',
    source: 'API',
    user_id: null,
    created_at: '2026-03-14T09:11:00+00:00',
    updated_at: '2026-03-14T09:11:00+00:00',
  },
];
const ANNOTATIONS_2 = [
  { ...ANNOTATIONS_1[0], span_id: '9999999999999999', name: 'other-trace-judge' },
  { ...ANNOTATIONS_1[0], name: 'helpfulness', result: { label: null, score: 0.8, explanation: null } },
];

let server: http.Server;
let base = '';
const requests: Array<{ path: string; query: URLSearchParams; auth: string | undefined }> = [];

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    const q = url.searchParams;
    const auth = req.headers['authorization'];
    requests.push({ path: p, query: q, auth });
    if (auth !== undefined && auth !== `Bearer ${KEY}`) return send(res, 401, { detail: 'Invalid token' });
    // Hostile or broken servers, by path prefix.
    if (p === '/loop/v1/projects/default/spans')
      return send(res, 200, { data: PAGE_1, next_cursor: 'U3Bhbjox' });
    if (p === '/notlist/v1/projects/default/spans') return send(res, 200, { data: { spans: PAGE_1 } });
    if (p === '/html/v1/projects/default/spans') return send(res, 200, '<html>login</html>', 'text/html');
    if (p === '/huge/v1/projects/default/spans')
      return send(res, 200, { data: PAGE_1, padding: 'x'.repeat(2 * 1024 * 1024) });
    if (p === '/empty/v1/projects/default/spans') return send(res, 200, { data: [], next_cursor: null });
    const prefix = p.startsWith('/noannot/') ? '/noannot' : '';
    const rest = p.slice(prefix.length);
    const m = /^\/v1\/projects\/([^/]+)(\/spans|\/span_annotations|\/traces)?$/.exec(rest);
    if (!m) return send(res, 404, { detail: 'Not Found' });
    const project = decodeURIComponent(m[1]!);
    if (project !== 'refund agent' && project !== 'default')
      return send(res, 404, { detail: `Project with identifier ${project} not found` });
    if (m[2] === undefined)
      return send(res, 200, { data: { id: PROJECT_ID, name: project, description: null } });
    if (m[2] === '/spans') {
      if (q.get('trace_id') !== TRACE || q.get('limit') !== '1000')
        return send(res, 422, { detail: 'bad query' });
      // An older Phoenix ignores `trace_id`: the first page carries another trace's span.
      return q.get('cursor') === null
        ? send(res, 200, { data: PAGE_1, next_cursor: 'U3BhbjoyMg==' })
        : q.get('cursor') === 'U3BhbjoyMg=='
          ? send(res, 200, { data: PAGE_2, next_cursor: null })
          : send(res, 422, { detail: 'Invalid cursor' });
    }
    if (m[2] === '/span_annotations') {
      if (prefix === '/noannot') return send(res, 404, { detail: 'Not Found' });
      if (q.getAll('span_ids').length === 0) return send(res, 422, { detail: 'span_ids required' });
      return q.get('cursor') === null
        ? send(res, 200, { data: ANNOTATIONS_1, next_cursor: 'QW5ub3RhdGlvbjox' })
        : send(res, 200, { data: ANNOTATIONS_2, next_cursor: null });
    }
    // `/traces`: five traces, two a page.
    const all = ['a1', 'a2', 'a3', 'a4', 'a5'].map((t) => t.padEnd(32, '0'));
    const at = q.get('cursor') === null ? 0 : Number(Buffer.from(q.get('cursor')!, 'base64').toString());
    const page = all.slice(at, at + Math.min(2, Number(q.get('limit'))));
    return send(res, 200, {
      data: page.map((trace_id) => ({ id: 'VHJhY2U6MQ==', trace_id, project_id: PROJECT_ID })),
      next_cursor:
        at + page.length < all.length ? Buffer.from(String(at + page.length)).toString('base64') : null,
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

async function failure(
  endpoint: string,
  env: Record<string, string> = ENV,
  maxBytes?: number,
): Promise<string> {
  try {
    await fetchTrace('phoenix', TRACE, { endpoint, env, ...(maxBytes ? { maxBytes } : {}) });
  } catch (error) {
    assert.ok(error instanceof BackendError, String(error));
    return error.message;
  }
  return assert.fail('expected a failure');
}

/** The rule of each finding `postmortem lint` reports on `text`, written to `file` (a message may change: `ai-context` counts the variables still missing). */
async function findings(
  file: string,
  text: string,
  io: { cwd: string; env: Record<string, string> },
): Promise<string[]> {
  writeFileSync(file, text);
  let json = '';
  await main(['lint', file, '--format', 'json', '--jobs', '1'], {
    ...io,
    stdout: (t: string) => (json += t),
    stderr: () => undefined,
    today: () => '2026-03-15',
  });
  const report = JSON.parse(json) as {
    files: Array<{ findings: Array<{ ruleId: string; message: string }> }>;
  };
  return report.files.flatMap((f) => f.findings.map((x) => x.ruleId)).sort();
}

describe('the Phoenix backend', () => {
  it("reads a trace's spans page by page with the bearer key, keeps only that trace, and its annotations as judge verdicts", async () => {
    requests.length = 0;
    const fetched = await fetchTrace('phoenix', TRACE.toUpperCase(), {
      endpoint: base,
      env: ENV,
      config: { phoenix: { project: 'refund agent' } },
    });
    const spanRequests = requests.filter((r) => r.path.endsWith('/spans'));
    assert.deepEqual(
      spanRequests.map((r) => [r.path, r.query.get('trace_id'), r.query.get('cursor')]),
      [
        ['/v1/projects/refund%20agent/spans', TRACE, null],
        ['/v1/projects/refund%20agent/spans', TRACE, 'U3BhbjoyMg=='],
      ],
    );
    assert.ok(requests.every((r) => r.auth === `Bearer ${KEY}`));
    const annotationRequest = requests.find((r) => r.path.endsWith('/span_annotations'))!;
    assert.deepEqual(annotationRequest.query.getAll('span_ids').sort(), [
      '1111111111111111',
      '2222222222222222',
      '3333333333333333',
    ]);
    assert.equal(fetched.url, `${base}/projects/${PROJECT_ID}/traces/${TRACE}`);
    const parsed = parseTrace(fetched.text);
    if (!parsed.ok) assert.fail(`${parsed.error.path}: ${parsed.error.message}`);
    const t: TraceMetadata = parsed.trace;
    assert.equal(t.backend, 'phoenix');
    assert.equal(t.traceId, TRACE);
    assert.deepEqual(
      t.spans.map((s) => [s.spanId, s.category, s.agentName ?? s.toolName ?? s.servedModel, s.status]),
      [
        ['1111111111111111', 'agent', 'refund-agent', 'ok'],
        ['2222222222222222', 'llm', 'gpt-4.1-mini-2025-04-14', 'ok'],
        ['3333333333333333', 'tool', 'issue_refund', 'error'],
      ],
    );
    assert.deepEqual(
      t.evaluations.map((e) => [e.name, e.label, e.score, e.spanId]),
      [
        ['refund-policy', 'fail', 0, '3333333333333333'],
        ['helpfulness', undefined, 0.8, '3333333333333333'],
      ],
    );
  });

  it('sends no authorization header without a key, and reads the project from PHOENIX_PROJECT (else `default`)', async () => {
    requests.length = 0;
    await fetchTrace('phoenix', TRACE, { endpoint: base, env: { PHOENIX_PROJECT: 'refund agent' } });
    assert.ok(requests.length >= 3 && requests.every((r) => r.auth === undefined));
    assert.ok(requests.every((r) => r.path.startsWith('/v1/projects/refund%20agent')));
    requests.length = 0;
    await fetchTrace('phoenix', TRACE, { endpoint: base, env: {} });
    assert.ok(requests.every((r) => r.path.startsWith('/v1/projects/default')));
  });

  it('still imports the spans when the server has no annotations API', async () => {
    const fetched = await fetchTrace('phoenix', TRACE, { endpoint: `${base}/noannot`, env: ENV });
    const parsed = parseTrace(fetched.text);
    if (!parsed.ok) assert.fail(parsed.error.message);
    assert.equal(parsed.trace.spans.length, 3);
    assert.deepEqual(parsed.trace.evaluations, []);
  });

  it('says to check PHOENIX_API_KEY on 401 and never prints the key', async () => {
    const message = await failure(base, { PHOENIX_API_KEY: 'phx-wrong-key-777' });
    assert.match(
      message,
      /v1\/projects\/default\/spans: authentication failed \(401\): check PHOENIX_API_KEY/,
    );
    assert.ok(!message.includes('phx-wrong-key-777') && !message.includes(KEY));
  });

  it('refuses a repeated cursor, a non-list answer, HTML, an oversize body, an unknown project and an empty trace clearly', async () => {
    assert.match(await failure(`${base}/loop`), /repeated its page cursor/);
    assert.match(await failure(`${base}/notlist`), /the spans answer has no `data` list/);
    assert.match(await failure(`${base}/html`), /expected JSON, got `text\/html`/);
    assert.match(await failure(`${base}/huge`, ENV, 1024 * 1024), /over the limit of 1048576 bytes/);
    assert.match(
      await failure(`${base}/empty`),
      new RegExp(`no spans for trace \`${TRACE}\` in project \`default\``),
    );
    try {
      await fetchTrace('phoenix', TRACE, { endpoint: base, env: { ...ENV, PHOENIX_PROJECT: 'nope' } });
      assert.fail('expected a failure');
    } catch (error) {
      assert.match((error as Error).message, /not found \(404\)/);
    }
  });

  it('writes the UI link of short ids, but drops a link that carries a random-looking token', async () => {
    const fetched = await fetchTrace('phoenix', TRACE, { endpoint: base, env: ENV });
    const parsed = parseTrace(fetched.text);
    if (!parsed.ok) assert.fail(parsed.error.message);
    const linked = (url: string) => {
      const r = importTrace('# Refunds\n', parsed.trace, {
        importedAt: '2026-03-15T11:02:00Z',
        includeContent: false,
        url,
      });
      if (!r.ok) assert.fail(r.error);
      const data = parsePostmortem(applyEdits('# Refunds\n', r.edits)).frontmatter!.data! as Record<
        string,
        Array<Record<string, unknown>>
      >;
      return data['traces']![0]!['url'];
    };
    const ui = `https://phoenix.example.com/projects/${PROJECT_ID}/traces/${TRACE}`;
    assert.equal(linked(ui), ui);
    assert.equal(linked(`${ui}?token=Zx8qP3rT7vW1yB5nM9kL2jH4`), undefined);
    assert.equal(linked(`https://phoenix.example.com/s/Zx8qP3rT7vW1yB5nM9kL2jH4/traces/${TRACE}`), undefined);
  });

  it('refuses a project name that would change the path, before any request', async () => {
    requests.length = 0;
    const message = await failure(base, { ...ENV, PHOENIX_PROJECT: '../admin' });
    assert.match(message, /the Phoenix project `\.\.\/admin` may not contain `\/`/);
    assert.equal(requests.length, 0);
  });

  it("searches a project's traces page by page within the window, up to the limit", async () => {
    requests.length = 0;
    const ids = await searchTraces(
      'phoenix',
      {
        filter: 'project=refund agent, session=chat-42',
        from: '2026-03-14T09:00:00Z',
        to: '2026-03-14T10:00:00Z',
        limit: 3,
      },
      { endpoint: base, env: ENV },
    );
    assert.deepEqual(
      ids,
      ['a1', 'a2', 'a3'].map((t) => t.padEnd(32, '0')),
    );
    assert.deepEqual(
      requests.map((r) => [
        r.path,
        r.query.get('limit'),
        r.query.get('start_time'),
        r.query.get('session_identifier'),
      ]),
      [
        ['/v1/projects/refund%20agent/traces', '3', '2026-03-14T09:00:00.000Z', 'chat-42'],
        ['/v1/projects/refund%20agent/traces', '1', '2026-03-14T09:00:00.000Z', 'chat-42'],
      ],
    );
    await assert.rejects(
      searchTraces('phoenix', { filter: 'service=x' }, { endpoint: base, env: ENV }),
      /Phoenix search filter: unknown key `service` \(expected project, session\)/,
    );
  });

  it("imports with the CLI from .postmortem.json, then changes nothing on a second import and keeps the author's keys", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-phoenix-'));
    try {
      writeFileSync(
        path.join(dir, '.postmortem.json'),
        JSON.stringify({ trace_backends: { phoenix: { endpoint: base, project: 'refund agent' } } }),
      );
      const file = path.join(dir, 'refunds.postmortem.md');
      writeFileSync(
        file,
        '---\ntitle: Refund agent promised a refund\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n\n# Refund agent promised a refund\n\n## Timeline\n\n- 09:09 UTC: a customer asked for a refund of order 1042\n- 09:20 UTC: on-call paged\n',
      );
      let out = '';
      let err = '';
      const io = {
        cwd: dir,
        stdout: (t: string) => (out += t),
        stderr: (t: string) => (err += t),
        env: { ...ENV, PHOENIX_PROJECT: 'not-this-one', SOURCE_DATE_EPOCH: '1773572520' },
        today: () => '2026-03-15',
      };
      const before = await findings(file, readFileSync(file, 'utf8'), io);
      const args = ['import-trace', '--backend', 'phoenix', '--trace-id', TRACE, '--into', file, '--write'];
      assert.equal(await main(args, io), 0, err);
      const first = readFileSync(file, 'utf8');
      const data = parsePostmortem(first).frontmatter!.data! as Record<
        string,
        Array<Record<string, unknown>>
      >;
      assert.equal(data['traces']![0]!['backend'], 'phoenix');
      assert.equal(data['traces']![0]!['url'], `${base}/projects/${PROJECT_ID}/traces/${TRACE}`);
      assert.deepEqual(
        data['judge']!.map((j) => j['name']),
        ['refund-policy', 'helpfulness'],
      );
      assert.deepEqual(
        data['agent_decisions']!.map((d) => [d['agent'], d['action']]),
        [['refund-agent', 'Called tool issue_refund']],
      );
      // The imported rows join the author's list between 09:09 and 09:20, in its format.
      const rows = first.split('\n').filter((l) => l.startsWith('- '));
      assert.match(rows[0]!, /^- 09:09 UTC: a customer/);
      assert.match(rows.at(-1)!, /^- 09:20 UTC: on-call paged/);
      assert.ok(
        rows.slice(1, -1).every((r) => /^- 09:10 UTC \*\*/.test(r)),
        rows.join('\n'),
      );
      assert.ok(rows.some((r) => /issue_refund.*RefundConflict/.test(r)));
      // The author concludes on the decision; a second import, later, keeps it and changes nothing else.
      const concluded = first.replace(
        /(\n {4}trace_ref: [^\n]+)/,
        '$1\n    concluded: the policy check ran after the promise',
      );
      assert.notEqual(concluded, first);
      writeFileSync(file, concluded);
      out = '';
      assert.equal(await main(args, { ...io, env: { ...io.env, SOURCE_DATE_EPOCH: '1773576120' } }), 0, err);
      assert.equal(readFileSync(file, 'utf8'), concluded);
      // No rule finds more after the import than before it: the import caused no finding.
      assert.ok(before.includes('ai-context'), before.join());
      assert.deepEqual(await findings(file, concluded, io), before);
      assert.ok(!(out + err + readFileSync(file, 'utf8')).includes(KEY));
      assert.ok(
        !readFileSync(file, 'utf8').includes('promised a refund it could not give'),
        'a score comment is content',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
