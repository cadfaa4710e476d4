/**
 * Behavior rates from replays: the Wilson interval against an independent computation and published
 * values, failure predicates, verdicts from judge results in every trace format, real OTLP replays
 * from the OpenTelemetry JS SDK, and `import-trace --replays` end to end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { context, trace as otelTrace } from '@opentelemetry/api';
import { exportedThroughLoopback } from '../support/otlp-loopback.js';
import { hex, tempo } from '../support/trace-shapes.js';
import {
  DEFAULT_CONFIG,
  applyEdits,
  behaviorRateOf,
  compareRates,
  importReplays,
  lint,
  normalQuantile,
  parseFailWhen,
  parsePostmortem,
  parseTrace,
  replayVerdict,
  replaysToRuleOut,
  splitTraces,
  wilsonInterval,
  type FailPredicate,
  type TraceMetadata,
} from '../../src/core/index.js';
import { main } from '../../src/cli/main.js';

/** z for 95% as published (Abramowitz & Stegun 26.2), not computed by the code under test. */
const Z95 = 1.959963984540054;

/** Wilson bounds as the two roots of (n + z²)p² − (2k + z²)p + k²/n = 0: a different route to the same interval. */
function wilsonByQuadratic(k: number, n: number, z = Z95): [number, number] {
  const a = n + z * z;
  const b = -(2 * k + z * z);
  const c = (k * k) / n;
  const disc = Math.sqrt(b * b - 4 * a * c);
  return [(-b - disc) / (2 * a), (-b + disc) / (2 * a)];
}

function trace(text: string): TraceMetadata {
  const r = parseTrace(text);
  if (!r.ok) assert.fail(`${r.error.path}: ${r.error.message}`);
  return r.trace;
}

function predicates(...texts: string[]): FailPredicate[] {
  return texts.map((t) => {
    const p = parseFailWhen(t);
    if (!p.ok) assert.fail(p.error);
    return p.predicate;
  });
}

describe('Wilson interval', () => {
  it('matches the published bounds 0 of 20 → [0, 0.1611] and 2 of 100 → [0.0055, 0.0700]', () => {
    const a = wilsonInterval(0, 20)!;
    assert.equal(a.low, 0);
    assert.equal(a.high.toFixed(4), '0.1611');
    const b = wilsonInterval(2, 100)!;
    assert.deepEqual([b.low.toFixed(4), b.high.toFixed(4)], ['0.0055', '0.0700']);
  });

  const table: Array<[number, number]> = [
    [0, 1],
    [1, 1],
    [0, 20],
    [1, 20],
    [2, 100],
    [3, 100],
    [9, 50],
    [50, 100],
    [99, 100],
    [100, 100],
    [7, 1000],
    [1, 100000],
  ];
  for (const [k, n] of table) {
    it(`gives the roots of the Wilson quadratic for ${k} of ${n}`, () => {
      const got = wilsonInterval(k, n)!;
      const [low, high] = wilsonByQuadratic(k, n);
      assert.ok(Math.abs(got.low - Math.max(0, low)) < 1e-9, `low ${got.low} vs ${low}`);
      assert.ok(Math.abs(got.high - Math.min(1, high)) < 1e-9, `high ${got.high} vs ${high}`);
      assert.ok(got.low <= k / n && k / n <= got.high);
    });
  }

  it('refuses counts out of range instead of returning NaN', () => {
    assert.equal(wilsonInterval(3, 2), undefined);
    assert.equal(wilsonInterval(-1, 10), undefined);
    assert.equal(wilsonInterval(1, 0), undefined);
    assert.equal(wilsonInterval(1.5, 10), undefined);
    assert.equal(wilsonInterval(1, 10, 1), undefined);
  });

  it('computes the normal quantile to published precision', () => {
    assert.ok(Math.abs(normalQuantile(0.975)! - Z95) < 1e-12);
    assert.ok(Math.abs(normalQuantile(0.995)! - 2.5758293035489004) < 1e-12);
    assert.ok(Math.abs(normalQuantile(0.9)! - 1.2815515655446004) < 1e-12);
    assert.ok(Math.abs(normalQuantile(0.001)! + 3.090232306167813) < 1e-11);
    assert.equal(normalQuantile(0), undefined);
  });

  it('uses another confidence level when asked (99%: wider than 95%)', () => {
    const [low, high] = wilsonByQuadratic(2, 100, 2.5758293035489004);
    const got = wilsonInterval(2, 100, 0.99)!;
    assert.ok(Math.abs(got.low - low) < 1e-9 && Math.abs(got.high - high) < 1e-9);
  });
});

describe('comparing rates before and after a fix', () => {
  it('says 0 of 20 after 3 of 100 cannot be told apart, and names the replays needed', () => {
    const c = compareRates({ failures: 3, replays: 100 }, { failures: 0, replays: 20 })!;
    assert.equal(c.overlaps, true);
    const [low] = wilsonByQuadratic(3, 100);
    const n = c.replaysNeeded!;
    assert.ok((Z95 * Z95) / (n + Z95 * Z95) < low, 'n replays without a failure rule the before-rate out');
    assert.ok((Z95 * Z95) / (n - 1 + Z95 * Z95) >= low, 'n − 1 do not');
    assert.equal(n, 371);
  });

  it('says 0 of 400 after 3 of 100 is a shown improvement', () => {
    const c = compareRates({ failures: 3, replays: 100 }, { failures: 0, replays: 400 })!;
    assert.equal(c.overlaps, false);
  });

  it('finds no sample that can rule out a rate whose lower bound is 0', () => {
    assert.equal(replaysToRuleOut(0, Z95), undefined);
    assert.equal(
      compareRates({ failures: 0, replays: 50 }, { failures: 0, replays: 5000 })!.replaysNeeded,
      undefined,
    );
  });
});

describe('failure predicates', () => {
  const ok: Array<[string, Partial<FailPredicate>]> = [
    ['error', { kind: 'error' }],
    ['correctness<0.5', { kind: 'score', name: 'correctness', op: '<', number: 0.5 }],
    ['Hallucination >= 1', { kind: 'score', name: 'hallucination', op: '>=', number: 1 }],
    ['*<=0', { kind: 'score', name: '*', op: '<=', number: 0 }],
    ['verdict=Unsafe', { kind: 'label', name: 'verdict', op: '=', label: 'unsafe' }],
    ['policy != "compliant"', { kind: 'label', name: 'policy', op: '!=', label: 'compliant' }],
  ];
  for (const [text, want] of ok) {
    it(`reads \`${text}\``, () => {
      const p = parseFailWhen(text);
      assert.ok(p.ok);
      for (const [k, v] of Object.entries(want))
        assert.equal((p.predicate as unknown as Record<string, unknown>)[k], v, k);
    });
  }
  for (const text of ['', 'correctness', 'verdict<unsafe', 'x=']) {
    it(`refuses \`${text}\` with a message`, () => {
      const p = parseFailWhen(text);
      assert.equal(p.ok, false);
      if (!p.ok) assert.match(p.error, /failure predicate/);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Hand-made replay traces, one builder per format: `bad` decides whether the judge failed it.

const FORMATS: Record<string, (i: number, bad: boolean) => string> = {
  otlp: (i, bad) =>
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: hex(i + 1, 32),
                  spanId: hex(i + 1, 16),
                  name: 'chat gpt-4.1',
                  startTimeUnixNano: `${1773480000000 + i}000000`,
                  endTimeUnixNano: `${1773480000001 + i}000000`,
                  attributes: [
                    { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
                    { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4.1' } },
                  ],
                  events: [
                    {
                      name: 'gen_ai.evaluation.result',
                      timeUnixNano: `${1773480000001 + i}000000`,
                      attributes: [
                        { key: 'gen_ai.evaluation.name', value: { stringValue: 'refund-policy' } },
                        { key: 'gen_ai.evaluation.score.value', value: { doubleValue: bad ? 0.1 : 0.9 } },
                        {
                          key: 'gen_ai.evaluation.score.label',
                          value: { stringValue: bad ? 'fail' : 'pass' },
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }),
  tempo: (i, bad) => tempo(FORMATS['otlp']!(i, bad)),
  jaeger: (i, bad) =>
    JSON.stringify({
      data: [
        {
          traceID: hex(i + 1, 32),
          processes: { p1: { serviceName: 'refund-agent', tags: [] } },
          spans: [
            {
              traceID: hex(i + 1, 32),
              spanID: hex(i + 1, 16),
              operationName: 'chat gpt-4.1',
              processID: 'p1',
              startTime: 1773480000000000 + i,
              duration: 1000,
              tags: [{ key: 'gen_ai.operation.name', type: 'string', value: 'chat' }],
              logs: [
                {
                  timestamp: 1773480000000500 + i,
                  fields: [
                    { key: 'event', type: 'string', value: 'gen_ai.evaluation.result' },
                    { key: 'gen_ai.evaluation.name', type: 'string', value: 'refund-policy' },
                    {
                      key: 'gen_ai.evaluation.score.label',
                      type: 'string',
                      value: bad ? 'incorrect' : 'correct',
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }),
  openinference: (i, bad) =>
    JSON.stringify({
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4.1',
      'llm.invocation_parameters': `{"seed":${i}}`,
      'annotations.0.annotation.name': 'hallucination',
      'annotations.0.annotation.label': bad ? 'hallucinated' : 'factual',
      'annotations.0.annotation.score': bad ? 1 : 0,
      'annotations.0.annotation.annotator_kind': 'LLM',
    }),
  langfuse: (i, bad) =>
    JSON.stringify({
      trace: {
        id: `lf-replay-${i}`,
        scores: [
          {
            name: 'correctness',
            value: bad ? 0 : 1,
            stringValue: bad ? 'incorrect' : 'correct',
            dataType: 'CATEGORICAL',
            observationId: `obs-${i}`,
          },
        ],
      },
      observations: [
        {
          id: `obs-${i}`,
          traceId: `lf-replay-${i}`,
          type: 'GENERATION',
          name: 'chat',
          startTime: '2026-03-14T09:00:00Z',
          endTime: '2026-03-14T09:00:01Z',
          model: 'gpt-4.1',
        },
      ],
    }),
  langsmith: (i, bad) =>
    JSON.stringify({
      id: `00000000-0000-4000-8000-${hex(i + 1, 12)}`,
      trace_id: `00000000-0000-4000-8000-${hex(i + 1, 12)}`,
      name: 'ChatOpenAI',
      run_type: 'llm',
      start_time: '2026-03-14T09:00:00',
      end_time: '2026-03-14T09:00:01',
      feedback_stats: { safety: { n: 1, avg: bad ? 0 : 1, values: bad ? { unsafe: 1 } : { safe: 1 } } },
    }),
};

describe('verdicts from judge results in every format', () => {
  for (const [format, build] of Object.entries(FORMATS)) {
    it(`reads a failing and a passing ${format} replay from its judge label`, () => {
      assert.equal(replayVerdict(trace(build(1, true)), []).verdict, 'fail');
      assert.equal(replayVerdict(trace(build(2, false)), []).verdict, 'pass');
    });
    it(`counts k of n for 25 ${format} replays with 3 failures, with the Wilson interval`, () => {
      const traces = Array.from({ length: 25 }, (_, i) => trace(build(i, i % 8 === 5)));
      const r = behaviorRateOf(traces, []);
      assert.deepEqual([r.replays, r.failures], [25, 3]);
      const [low, high] = wilsonByQuadratic(3, 25);
      assert.ok(Math.abs(r.interval.low - low) < 1e-9 && Math.abs(r.interval.high - high) < 1e-9);
    });
  }

  it('decides by score with a predicate, whatever the label says', () => {
    const t = trace(FORMATS['otlp']!(1, true));
    assert.equal(replayVerdict(t, predicates('refund-policy<0.05')).verdict, 'pass');
    assert.equal(replayVerdict(t, predicates('refund-policy<0.5')).verdict, 'fail');
    assert.equal(replayVerdict(t, predicates('*=fail')).outcome, 'fail');
  });

  it("leaves a replay undecided when the predicate's evaluation is missing, and fails it on an error status", () => {
    const t = trace(FORMATS['langfuse']!(1, false));
    assert.equal(replayVerdict(t, predicates('toxicity>0.5')).verdict, 'undecided');
    const errored = trace(
      JSON.stringify({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4.1',
        'error.type': 'timeout',
      }),
    );
    assert.deepEqual(replayVerdict(errored, predicates('toxicity>0.5', 'error')), {
      traceId: errored.traceId,
      verdict: 'fail',
      outcome: 'error',
    });
  });

  it("never decides by a bare score without a predicate (its direction is the judge's own)", () => {
    const t = trace(
      JSON.stringify({
        trace: { id: 'x1', scores: [{ name: 'toxicity', value: 0.9 }] },
        observations: [
          { id: 'o', traceId: 'x1', type: 'GENERATION', name: 'chat', startTime: '2026-03-14T09:00:00Z' },
        ],
      }),
    );
    assert.equal(replayVerdict(t, []).verdict, 'undecided');
  });

  it('splits an OTLP batch of several traces into one replay each', () => {
    const batch = {
      resourceSpans: [0, 1, 2].flatMap(
        (i) => (JSON.parse(FORMATS['otlp']!(i, i === 1)) as { resourceSpans: unknown[] }).resourceSpans,
      ),
    };
    const parts = splitTraces(trace(JSON.stringify(batch)));
    assert.equal(parts.length, 3);
    assert.deepEqual(
      parts.map((p) => replayVerdict(p, []).verdict),
      ['pass', 'fail', 'pass'],
    );
  });
});

const DOC = `---
title: Refund agent promised refunds
date: 2026-03-14
severity: SEV2
status: draft
tags: [hallucination/stale-kb-article]
---

# Refund agent promised refunds

The LLM support agent told a customer a refund was approved. We could not reproduce the output.
`;

describe('importReplays', () => {
  const replays = Array.from({ length: 100 }, (_, i) => trace(FORMATS['otlp']!(i, i === 17 || i === 63)));

  it('writes behavior_rate with exactly 2 of 100 and the Wilson interval, valid against the schema', () => {
    const r = importReplays(DOC, replays, { predicates: [] });
    assert.ok(r.ok);
    const out = applyEdits(DOC, r.edits);
    const rate = parsePostmortem(out).frontmatter!.data!['behavior_rate'] as Record<string, unknown>;
    assert.deepEqual(rate, {
      replays: 100,
      failures: 2,
      rate: 0.02,
      interval: { low: 0.0055, high: 0.07, confidence: 0.95, method: 'wilson' },
      reproduced: true,
      outcome_classes: { pass: 98, fail: 2 },
      fail_when: 'judge label',
      source: 'import',
    });
    const findings = lint(out, { config: DEFAULT_CONFIG }).findings;
    assert.deepEqual(
      findings.filter((f) => f.ruleId.startsWith('frontmatter-')).map((f) => f.message),
      [],
    );
  });

  it('silences behavior-rate, which fires on the same document without the import', () => {
    const before = lint(DOC, { config: DEFAULT_CONFIG }).findings.filter((f) => f.ruleId === 'behavior-rate');
    assert.equal(before.length, 1);
    const r = importReplays(DOC, replays, { predicates: [] });
    assert.ok(r.ok);
    assert.deepEqual(
      lint(applyEdits(DOC, r.edits), { config: DEFAULT_CONFIG }).findings.filter(
        (f) => f.ruleId === 'behavior-rate',
      ),
      [],
    );
  });

  it('imports twice with the same result as once, and keeps the after-fix rate when the before-rate is re-imported', () => {
    const r = importReplays(DOC, replays, { predicates: [] });
    assert.ok(r.ok);
    const once = applyEdits(DOC, r.edits);
    const again = importReplays(once, replays, { predicates: [] });
    assert.ok(again.ok);
    assert.equal(applyEdits(once, again.edits), once);
    const fixed = importReplays(
      once,
      replays.slice(0, 20).map((t) => ({ ...t, evaluations: [] })),
      { predicates: predicates('error'), afterFix: true },
    );
    assert.ok(fixed.ok);
    const withAfter = applyEdits(once, fixed.edits);
    const rate = parsePostmortem(withAfter).frontmatter!.data!['behavior_rate'] as Record<
      string,
      Record<string, unknown>
    >;
    assert.deepEqual(
      [
        rate['after_fix']!['replays'],
        rate['after_fix']!['failures'],
        (rate['after_fix']!['interval'] as Record<string, number>)['high'],
      ],
      [20, 0, 0.1611],
    );
    const reimported = importReplays(withAfter, replays, { predicates: [] });
    assert.ok(reimported.ok);
    assert.equal(applyEdits(withAfter, reimported.edits), withAfter);
  });

  it('refuses, naming the traces, when a replay has nothing that decides it', () => {
    const undecided = [
      ...replays.slice(0, 3),
      trace(JSON.stringify({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' })),
    ];
    const r = importReplays(DOC, undecided, { predicates: [] });
    assert.equal(r.ok, false);
    if (!r.ok)
      assert.match(r.error, /^1 of 4 replays have no judge label .*`local-[0-9a-f]{16}`.*--fail-when/);
  });

  it('leaves a hand-written behavior_rate alone and says so', () => {
    const manual = DOC.replace('tags:', 'behavior_rate:\n  replays: 50\n  failures: 9\ntags:');
    const r = importReplays(manual, replays, { predicates: [] });
    assert.ok(r.ok);
    assert.equal(applyEdits(manual, r.edits), manual);
    assert.match(r.summary.problems[0]!, /written by hand/);
  });

  it('counts a trace given twice once', () => {
    const r = behaviorRateOf([...replays.slice(0, 10), replays[3]!], []);
    assert.deepEqual([r.replays, r.duplicates.length], [10, 1]);
  });
});

describe('fix-evidence on imported rates', () => {
  const before = Array.from({ length: 100 }, (_, i) => trace(FORMATS['langfuse']!(i, i % 40 === 3)));
  const withRates = (afterN: number) => {
    const r = importReplays(DOC, before, { predicates: [] });
    assert.ok(r.ok);
    const once = applyEdits(DOC, r.edits);
    const a = importReplays(
      once,
      Array.from({ length: afterN }, (_, i) => trace(FORMATS['langfuse']!(1000 + i, false))),
      { predicates: [], afterFix: true },
    );
    assert.ok(a.ok);
    return applyEdits(once, a.edits);
  };

  it('warns on 0 of 20 after 3 of 100, naming the replays needed', () => {
    const findings = lint(withRates(20), { config: DEFAULT_CONFIG }).findings.filter(
      (f) => f.ruleId === 'fix-evidence',
    );
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /`0 of 20` .* `3 of 100` .* 371 replays after the fix/);
  });

  it('is silent on 0 of 371 after 3 of 100', () => {
    assert.deepEqual(
      lint(withRates(371), { config: DEFAULT_CONFIG }).findings.filter((f) => f.ruleId === 'fix-evidence'),
      [],
    );
  });
});

describe('secrets in replay outcomes', () => {
  it('never writes a secret-looking label as an outcome class', () => {
    const secret = 'sk-proj-Zk4rT9qLm2Xw8vBn5cYh7JdPs3';
    const t = trace(
      JSON.stringify({
        trace: { id: 'x9', scores: [{ name: 'verdict', value: 0, stringValue: secret }] },
        observations: [
          { id: 'o', traceId: 'x9', type: 'GENERATION', name: 'chat', startTime: '2026-03-14T09:00:00Z' },
        ],
      }),
    );
    const r = importReplays(DOC, [t], { predicates: predicates('verdict!=safe') });
    assert.ok(r.ok);
    const out = applyEdits(DOC, r.edits);
    assert.ok(!out.toLowerCase().includes('zk4rt9qlm2xw8vbn5cyh7jdps3'));
    assert.deepEqual(
      (parsePostmortem(out).frontmatter!.data!['behavior_rate'] as Record<string, unknown>)[
        'outcome_classes'
      ],
      { redacted: 1 },
    );
  });
});

describe('real OTLP replays from the OpenTelemetry JS SDK', () => {
  it('counts k of n from gen_ai.evaluation.result events exported to a loopback receiver', async () => {
    const n = 40;
    const bad = new Set([4, 11, 29]);
    // The receiver's bodies, one OTLP request per line: what the Collector's file exporter writes.
    const exported = await exportedThroughLoopback('refund-agent', 'replay-harness', (tracer) => {
      for (let i = 0; i < n; i++) {
        const root = tracer.startSpan(
          'invoke_agent refund-agent',
          { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'refund-agent' } },
          context.active(),
        );
        const chat = tracer.startSpan(
          'chat gpt-4.1',
          {
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.request.model': 'gpt-4.1',
              'gen_ai.request.seed': i,
            },
          },
          otelTrace.setSpan(context.active(), root),
        );
        chat.addEvent('gen_ai.evaluation.result', {
          'gen_ai.evaluation.name': 'refund-policy',
          'gen_ai.evaluation.score.value': bad.has(i) ? 0.2 : 0.95,
          'gen_ai.evaluation.score.label': bad.has(i) ? 'fail' : 'pass',
        });
        chat.end();
        root.end();
      }
    });
    const traces = splitTraces(trace(exported));
    assert.equal(traces.length, n);
    for (const rule of [[], predicates('refund-policy<0.5')]) {
      const r = behaviorRateOf(traces, rule);
      assert.deepEqual([r.replays, r.failures], [n, 3]);
      const [low, high] = wilsonByQuadratic(3, n);
      assert.ok(Math.abs(r.interval.low - low) < 1e-9 && Math.abs(r.interval.high - high) < 1e-9);
    }
  });
});

describe('import-trace --replays', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-replays-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(args, {
      cwd: dir,
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: { SOURCE_DATE_EPOCH: '1773572520' },
      today: () => '2026-03-15',
    });
    return { code, out, err };
  }

  it('reads a folder of mixed formats, writes 4 of 50 and reports it', async () => {
    mkdirSync(path.join(dir, 'replays', 'lf'), { recursive: true });
    const formats = Object.keys(FORMATS);
    for (let i = 0; i < 50; i++) {
      const format = formats[i % formats.length]!;
      writeFileSync(
        path.join(dir, 'replays', format === 'langfuse' ? 'lf' : '', `${format}-${i}.json`),
        FORMATS[format]!(i, i % 13 === 7),
      );
    }
    writeFileSync(path.join(dir, 'pm.postmortem.md'), DOC);
    const r = await cli(['import-trace', '--replays', 'replays', '--into', 'pm.postmortem.md', '--write']);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /Behavior rate \(behavior_rate\): 4 of 50 replays failed \(8\.0%, 95% Wilson interval 3\.2%–18\.8%\); failure when judge label/,
    );
    const written = readFileSync(path.join(dir, 'pm.postmortem.md'), 'utf8');
    const rate = parsePostmortem(written).frontmatter!.data!['behavior_rate'] as Record<string, unknown>;
    assert.deepEqual([rate['replays'], rate['failures'], rate['rate']], [50, 4, 0.08]);
    const again = await cli([
      'import-trace',
      '--replays',
      'replays',
      '--into',
      'pm.postmortem.md',
      '--write',
    ]);
    assert.equal(again.code, 0);
    assert.match(again.err, /already up to date/);
  });

  it('exits 2 with a usage message for a bad predicate and for --fail-when without --replays', async () => {
    assert.equal((await cli(['import-trace', '--replays', '--fail-when', 'score<high', 'replays'])).code, 2);
    const r = await cli(['import-trace', '--fail-when', 'error', 'replays']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--after-fix and --fail-when need --replays/);
  });
});
