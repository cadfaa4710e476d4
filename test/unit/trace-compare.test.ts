/**
 * Incident against baseline: the moved variables named with before and after, from hand-made traces
 * in every format and from real OTLP exported by the OpenTelemetry JS SDK; nothing moved when the
 * windows agree; the traffic-mix threshold; secrets never copied; importing twice equals once.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { context, trace as otelTrace, type Tracer } from '@opentelemetry/api';
import { exportedThroughLoopback } from '../support/otlp-loopback.js';
import { hex, tempo } from '../support/trace-shapes.js';
import {
  DEFAULT_CONFIG,
  applyEdits,
  compareWindows,
  describeChange,
  importComparison,
  lint,
  parsePostmortem,
  parseTrace,
  splitTraces,
  type TraceMetadata,
} from '../../src/core/index.js';
import { main } from '../../src/cli/main.js';

function trace(text: string): TraceMetadata {
  const r = parseTrace(text);
  if (!r.ok) assert.fail(`${r.error.path}: ${r.error.message}`);
  return r.trace;
}

interface Window {
  promptVersion: string;
  served: string;
  toolSchema: string;
  tenant: string;
}

const BASELINE: Window = {
  promptVersion: '40',
  served: 'gpt-4.1-2025-04-14',
  toolSchema: 'order id',
  tenant: 'eu-enterprise',
};
const INCIDENT: Window = {
  promptVersion: '41',
  served: 'gpt-4.1-mini-2025-04-14',
  toolSchema: 'order id or email',
  tenant: 'eu-enterprise',
};

const tools = (w: Window) =>
  JSON.stringify([
    {
      type: 'function',
      function: {
        name: 'issue_refund',
        description: 'Refund an order',
        parameters: { type: 'object', properties: { order: { type: 'string', description: w.toolSchema } } },
      },
    },
  ]);

/** One chat span per trace, in every format: prompt ops-triage@version, gpt-4.1 served as `served`, tool definitions, tenant. */
const FORMATS: Record<string, (w: Window, i: number) => string> = {
  otlp: (w, i) =>
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'ops-agent' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: hex(i + 1, 32),
                  spanId: hex(i + 1, 16),
                  name: 'chat gpt-4.1',
                  startTimeUnixNano: `${1773480000000 + i}000000`,
                  endTimeUnixNano: `${1773480000500 + i}000000`,
                  attributes: [
                    ['gen_ai.operation.name', 'chat'],
                    ['gen_ai.request.model', 'gpt-4.1'],
                    ['gen_ai.response.model', w.served],
                    ['gen_ai.prompt.name', 'ops-triage'],
                    ['llm.prompt_template.version', w.promptVersion],
                    ['gen_ai.tool.definitions', tools(w)],
                    ['tenant.id', w.tenant],
                  ].map(([key, v]) => ({ key, value: { stringValue: v } })),
                },
              ],
            },
          ],
        },
      ],
    }),
  tempo: (w, i) => tempo(FORMATS['otlp']!(w, i)),
  jaeger: (w, i) =>
    JSON.stringify({
      data: [
        {
          traceID: hex(i + 1, 32),
          processes: { p1: { serviceName: 'ops-agent', tags: [] } },
          spans: [
            {
              traceID: hex(i + 1, 32),
              spanID: hex(i + 1, 16),
              operationName: 'chat gpt-4.1',
              processID: 'p1',
              startTime: 1773480000000000 + i,
              duration: 500000,
              tags: [
                ['gen_ai.operation.name', 'chat'],
                ['gen_ai.request.model', 'gpt-4.1'],
                ['gen_ai.response.model', w.served],
                ['gen_ai.prompt.name', 'ops-triage'],
                ['llm.prompt_template.version', w.promptVersion],
                ['gen_ai.tool.definitions', tools(w)],
                ['tenant.id', w.tenant],
              ].map(([key, value]) => ({ key, type: 'string', value })),
            },
          ],
        },
      ],
    }),
  openinference: (w) =>
    JSON.stringify({
      'openinference.span.kind': 'LLM',
      'llm.request.model_name': 'gpt-4.1',
      'llm.response.model_name': w.served,
      'llm.prompt_template.name': 'ops-triage',
      'llm.prompt_template.version': w.promptVersion,
      'llm.tools.0.tool.json_schema': JSON.parse(tools(w))[0],
      'tenant.id': w.tenant,
    }),
  langfuse: (w, i) =>
    JSON.stringify({
      trace: { id: `lf-${w.promptVersion}-${i}` },
      observations: [
        {
          id: `o-${i}`,
          traceId: `lf-${w.promptVersion}-${i}`,
          type: 'GENERATION',
          name: 'chat',
          startTime: '2026-03-14T09:00:00Z',
          endTime: '2026-03-14T09:00:01Z',
          model: w.served,
          promptName: 'ops-triage',
          promptVersion: Number(w.promptVersion),
          metadata: {
            attributes: {
              'gen_ai.request.model': 'gpt-4.1',
              'gen_ai.tool.definitions': tools(w),
              'tenant.id': w.tenant,
            },
          },
        },
      ],
    }),
  langsmith: (w, i) =>
    JSON.stringify({
      id: `00000000-0000-4000-8000-${hex(Number(w.promptVersion) * 1000 + i, 12)}`,
      name: 'ChatOpenAI',
      run_type: 'llm',
      start_time: '2026-03-14T09:00:00',
      end_time: '2026-03-14T09:00:01',
      extra: {
        metadata: {
          ls_model_name: 'gpt-4.1',
          ls_provider: 'openai',
          lc_hub_repo: 'ops-triage',
          lc_hub_commit_hash: String(w.promptVersion),
          tenant: w.tenant,
        },
        invocation_params: { tools: JSON.parse(tools(w)) },
      },
      outputs: { model: w.served },
    }),
};

const DOC = `---
title: Ops agent closed the wrong incidents
date: 2026-03-14
severity: SEV2
status: draft
tags: [agent/wrong-scenario]   # kept as written
moved_variables: [judge]
---

# Ops agent closed the wrong incidents
`;

function compared(doc: string, incident: TraceMetadata[], baseline: TraceMetadata[], mixThreshold?: number) {
  const r = importComparison(doc, incident, baseline, { mixThreshold });
  if (!r.ok) assert.fail(r.error);
  return { text: applyEdits(doc, r.edits), summary: r.summary };
}

describe('moved variables from hand-made traces', () => {
  for (const [format, build] of Object.entries(FORMATS)) {
    const baseline = [0, 1, 2].map((i) => trace(build(BASELINE, i)));
    const incident = [3, 4].map((i) => trace(build(INCIDENT, i)));

    it(`names prompt, model and tool schema as moved in ${format} traces, with what they were and became`, () => {
      const { text, summary } = compared(DOC, incident, baseline);
      assert.deepEqual(summary.moved, ['prompt_revision', 'model_slice', 'tool_schemas']);
      const c = summary.comparison.variables;
      const prompt = c.find((v) => v.variable === 'prompt_revision')!;
      assert.match(describeChange('prompt_revision', prompt.changes[0]!), /^ops-triage@40 → ops-triage@41$/);
      assert.equal(
        describeChange('model_slice', c.find((v) => v.variable === 'model_slice')!.changes[0]!),
        'gpt-4.1: gpt-4.1-2025-04-14 → gpt-4.1-mini-2025-04-14',
      );
      assert.match(
        describeChange('tool_schemas', c.find((v) => v.variable === 'tool_schemas')!.changes[0]!),
        /^issue_refund sha256:[0-9a-f]{16} → issue_refund sha256:[0-9a-f]{16}$/,
      );
      const data = parsePostmortem(text).frontmatter!.data!;
      assert.deepEqual(data['moved_variables'], ['prompt_revision', 'model_slice', 'judge', 'tool_schemas']);
      const slices = data['model_slice'] as Array<Record<string, unknown>>;
      assert.deepEqual(
        slices.map((s) => [s['served_model'], s['window']]),
        [
          ['gpt-4.1-2025-04-14', 'baseline'],
          ['gpt-4.1-mini-2025-04-14', 'incident'],
        ],
      );
      assert.ok(text.includes('tags: [agent/wrong-scenario]   # kept as written\n'));
      assert.deepEqual(
        lint(text, { config: DEFAULT_CONFIG })
          .findings.filter((f) => f.ruleId.startsWith('frontmatter-'))
          .map((f) => f.message),
        [],
      );
    });

    it(`marks nothing moved when the ${format} incident and baseline agree`, () => {
      const same = [5, 6].map((i) => trace(build(BASELINE, i)));
      const { text, summary } = compared(DOC, same, baseline);
      assert.deepEqual(summary.moved, []);
      assert.ok(summary.unchanged.includes('model_slice'));
      const data = parsePostmortem(text).frontmatter!.data!;
      assert.deepEqual(data['moved_variables'], ['judge'], "judge is not visible: the authors' entry stays");
      assert.ok(
        (data['prompt_revision'] as Array<Record<string, unknown>>).every((e) => e['window'] === 'both'),
      );
    });

    it(`imports the ${format} comparison twice with the same result as once`, () => {
      const once = compared(DOC, incident, baseline).text;
      assert.equal(compared(once, incident, baseline).text, once);
    });
  }

  it("lists the variables the traces cannot see, and keeps the authors' word on them", () => {
    const { summary } = compared(
      DOC,
      [trace(FORMATS['otlp']!(INCIDENT, 1))],
      [trace(FORMATS['otlp']!(BASELINE, 2))],
    );
    assert.deepEqual(summary.notVisible, ['judge', 'retrieval_index_state']);
  });
});

describe('traffic mix', () => {
  const mixed = (tenants: string[]) =>
    tenants.map((tenant, i) => trace(FORMATS['otlp']!({ ...BASELINE, tenant }, i)));

  it("moves when a tenant's share shifts by more than the threshold, and says by how much", () => {
    const baseline = mixed(['eu', 'eu', 'eu', 'eu', 'eu', 'eu', 'eu', 'eu', 'eu', 'us']);
    const incident = mixed(['eu', 'eu', 'us', 'us', 'us']);
    const { text, summary } = compared(DOC, incident, baseline);
    assert.deepEqual(summary.moved, ['traffic_mix']);
    const mix = summary.comparison.variables.find((v) => v.variable === 'traffic_mix')!;
    assert.deepEqual(
      mix.changes.map((c) => describeChange('traffic_mix', c)),
      ['tenant eu: 90% → 40%', 'tenant us: 10% → 60%'],
    );
    const written = parsePostmortem(text).frontmatter!.data!['traffic_mix'] as Record<string, unknown>;
    assert.deepEqual(written['by_tenant'], { eu: 0.4, us: 0.6 });
    assert.deepEqual((written['baseline'] as Record<string, unknown>)['by_tenant'], { eu: 0.9, us: 0.1 });
    assert.equal(written['threshold'], 0.1);
  });

  it('stays unmoved when the shift is within the threshold', () => {
    const baseline = mixed(['eu', 'eu', 'eu', 'eu', 'us']);
    const incident = mixed(['eu', 'eu', 'eu', 'us', 'eu', 'eu', 'us', 'us', 'eu', 'eu']);
    assert.deepEqual(
      compared(DOC, incident, baseline).summary.moved,
      [],
      'a shift of exactly 10 points is not more than 10',
    );
    assert.deepEqual(compared(DOC, incident, baseline, 0.05).summary.moved, ['traffic_mix']);
    assert.deepEqual(compared(DOC, baseline, baseline, 0).summary.moved, []);
  });
});

describe('secrets in compared traces', () => {
  it('never copies a secret-looking prompt version, model or tenant', () => {
    const secret = 'sk-proj-Zk4rT9qLm2Xw8vBn5cYh7JdPs3';
    const incident = [
      trace(
        FORMATS['otlp']!(
          {
            promptVersion: secret,
            served: `ghp_1234567890abcdefghijABCDEFGHIJ123456`,
            toolSchema: 'x',
            tenant: 'alice@example.com',
          },
          1,
        ),
      ),
    ];
    const { text } = compared(DOC, incident, [trace(FORMATS['otlp']!(BASELINE, 2))]);
    for (const needle of ['sk-proj-Zk4rT9', 'ghp_1234567890', 'alice@example.com'])
      assert.ok(!text.includes(needle), `leaked ${needle}`);
  });
});

describe('real OTLP windows from the OpenTelemetry JS SDK', () => {
  it('names the moved prompt and model of traces exported to a loopback receiver', async () => {
    const runs = (tracer: Tracer, w: Window, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const root = tracer.startSpan(
          'invoke_agent ops-agent',
          { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'ops-agent' } },
          context.active(),
        );
        const chat = tracer.startSpan(
          'chat gpt-4.1',
          {
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.request.model': 'gpt-4.1',
              'gen_ai.response.model': w.served,
              'gen_ai.prompt.name': 'ops-triage',
              'llm.prompt_template.version': w.promptVersion,
              'tenant.id': w.tenant,
            },
          },
          otelTrace.setSpan(context.active(), root),
        );
        chat.end();
        root.end();
        ids.push(root.spanContext().traceId);
      }
      return ids;
    };
    let before = new Set<string>();
    let during = new Set<string>();
    const exported = await exportedThroughLoopback('ops-agent', 'ops-agent', (tracer) => {
      before = new Set(runs(tracer, BASELINE, 12));
      during = new Set(runs(tracer, INCIDENT, 8));
    });
    const all = splitTraces(trace(exported));
    const baseline = all.filter((t) => before.has(t.traceId));
    const incident = all.filter((t) => during.has(t.traceId));
    assert.deepEqual([baseline.length, incident.length], [12, 8]);
    const c = compareWindows(incident, baseline);
    const moved = c.variables
      .filter((v) => v.moved)
      .map((v) => [v.variable, v.changes.map((ch) => describeChange(v.variable, ch)).join('; ')]);
    assert.deepEqual(moved, [
      ['prompt_revision', 'ops-triage@40 → ops-triage@41'],
      ['model_slice', 'gpt-4.1: gpt-4.1-2025-04-14 → gpt-4.1-mini-2025-04-14'],
    ]);
    assert.deepEqual(
      compareWindows(incident, incident).variables.filter((v) => v.moved),
      [],
    );
  });
});

describe('import-trace --baseline', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-compare-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('compares a folder of baseline traces in several formats with incident files and prints the summary line', async () => {
    mkdirSync(path.join(dir, 'baseline'));
    mkdirSync(path.join(dir, 'incident'));
    for (const [format, build] of Object.entries(FORMATS)) {
      if (format === 'langsmith' || format === 'tempo') continue;
      writeFileSync(path.join(dir, 'baseline', `${format}.json`), build(BASELINE, 1));
      writeFileSync(path.join(dir, 'incident', `${format}.json`), build(INCIDENT, 2));
    }
    writeFileSync(path.join(dir, 'pm.postmortem.md'), DOC);
    let err = '';
    const io = {
      cwd: dir,
      stdout: () => undefined,
      stderr: (t: string) => (err += t),
      env: { SOURCE_DATE_EPOCH: '1773572520' },
      today: () => '2026-03-15',
    };
    const code = await main(
      [
        'import-trace',
        '--baseline',
        'baseline',
        'incident/otlp.json',
        'incident/jaeger.json',
        'incident/langfuse.json',
        'incident/openinference.json',
        '--into',
        'pm.postmortem.md',
        '--write',
      ],
      io,
    );
    assert.equal(code, 0, err);
    assert.match(
      err,
      /Compared 4 incident traces with 4 baseline traces\. Moved: prompt_revision \(ops-triage@40 → ops-triage@41\), model_slice \(gpt-4\.1: gpt-4\.1-2025-04-14 → gpt-4\.1-mini-2025-04-14\), tool_schemas \(/,
    );
    assert.match(err, /Not visible in the traces \(left as they were\): judge, retrieval_index_state\./);
    const data = parsePostmortem(readFileSync(path.join(dir, 'pm.postmortem.md'), 'utf8')).frontmatter!.data!;
    assert.deepEqual(data['moved_variables'], ['prompt_revision', 'model_slice', 'judge', 'tool_schemas']);
    err = '';
    assert.equal(
      await main(
        [
          'import-trace',
          '--baseline',
          'baseline',
          'incident/otlp.json',
          'incident/jaeger.json',
          'incident/langfuse.json',
          'incident/openinference.json',
          '--into',
          'pm.postmortem.md',
          '--write',
        ],
        io,
      ),
      0,
    );
    assert.match(err, /already up to date/);
  });
});
