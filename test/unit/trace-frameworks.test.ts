/**
 * Frameworks that cannot run here (no PyPI, Maven or NuGet) or are too large to install: spans written
 * with the real OpenTelemetry JS SDK, with the names, kinds and attributes their instrumentations'
 * code sets (read from that code; see docs/trace-import.md, "Which frameworks are tested how"),
 * exported over OTLP/HTTP to a loopback receiver and imported.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context, trace as otelTrace, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import {
  applyEdits,
  importTrace,
  parsePostmortem,
  parseTrace,
  type TraceMetadata,
} from '../../src/core/index.js';
import { exportedThroughLoopback } from '../support/otlp-loopback.js';

const T0 = Date.parse('2026-03-14T09:10:00Z');
type Attrs = Record<string, string | number | boolean>;

/** A span from `start` to `end` seconds after T0, under `parent`, with `attributes`; ended at once. */
function span(
  tracer: Tracer,
  name: string,
  parent: Span | undefined,
  start: number,
  end: number,
  attributes: Attrs,
  error?: { type: string; message: string },
): Span {
  const ctx = parent ? otelTrace.setSpan(context.active(), parent) : context.active();
  const s = tracer.startSpan(name, { startTime: T0 + start * 1000, attributes }, ctx);
  if (error) {
    s.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    s.addEvent(
      'exception',
      { 'exception.type': error.type, 'exception.message': error.message },
      T0 + end * 1000,
    );
  } else s.setStatus({ code: SpanStatusCode.OK });
  return s;
}
const end = (s: Span, at: number) => s.end(T0 + at * 1000);

async function imported(
  emit: (tracer: Tracer) => void,
  service = 'bee-service',
  scope = 'openinference.instrumentation.beeai',
): Promise<{ trace: TraceMetadata; out: string }> {
  const parsed = parseTrace(await exportedThroughLoopback(service, scope, emit));
  if (!parsed.ok) assert.fail(`${parsed.error.path}: ${parsed.error.message}`);
  const doc = '# Weather agent\n';
  const r = importTrace(doc, parsed.trace, { importedAt: '2026-03-15T11:02:00Z' });
  if (!r.ok) assert.fail(r.error);
  const out = applyEdits(doc, r.edits);
  const again = importTrace(out, parsed.trace, { importedAt: '2026-03-15T11:02:01Z' });
  if (!again.ok) assert.fail(again.error);
  assert.deepEqual(again.edits, [], 'importing again a second later changes nothing');
  return { trace: parsed.trace, out };
}

type Data = Record<string, Array<Record<string, unknown>>>;
const rowsOf = (out: string) => out.split('\n').filter((l) => l.startsWith('- '));

describe('BeeAI through its TypeScript OpenInference instrumentation (every emitter event a span)', () => {
  /** What `buildTraceTree` writes for a ReAct agent run: the run's main span, and one span per event. */
  const emit = (tracer: Tracer) => {
    const main = span(tracer, 'beeai-framework-main', undefined, 0, 9, {
      source: 'ReActAgent',
      traceId: 'bee-trace-1',
      'openinference.span.kind': 'AGENT',
      'beeai.version': '0.1.30',
    });
    const event = (path: string, n: number, kind: string, at: number, extra: Attrs = {}, error?: boolean) =>
      end(
        span(
          tracer,
          `${path}-${n}`,
          main,
          at,
          at,
          {
            target: path,
            name: path.split('.').at(-1)!,
            traceId: 'bee-trace-1',
            'openinference.span.kind': kind,
            ...extra,
          },
          error ? { type: 'FrameworkError', message: 'Wikipedia page not found' } : undefined,
        ),
        at,
      );
    event('agent.react.start', 1, 'AGENT', 0.1);
    event('backend.ollama.chat.start', 1, 'LLM', 0.2);
    event('backend.ollama.chat.success', 1, 'LLM', 2, {
      'llm.model_name': 'granite3.3:8b',
      'llm.provider': 'ollama',
      'llm.token_count.prompt': 900,
      'llm.token_count.completion': 40,
      'llm.token_count.total': 940,
    });
    event('agent.react.update', 1, 'AGENT', 2.1, {
      'tool.name': 'Wikipedia',
      'tool.parameters': '{"query":"Prague"}',
    });
    event('agent.react.toolStart', 1, 'TOOL', 2.2, { 'tool.name': 'Wikipedia' });
    event('tool.search.wikipedia.start', 1, 'TOOL', 2.3, { 'tool.name': 'Wikipedia' });
    event(
      'tool.search.wikipedia.error',
      1,
      'TOOL',
      3,
      { 'tool.name': 'Wikipedia', 'exception.type': 'FrameworkError' },
      true,
    );
    event(
      'agent.react.toolError',
      1,
      'TOOL',
      3.1,
      { 'tool.name': 'Wikipedia', 'exception.type': 'FrameworkError' },
      true,
    );
    event('tool.weather.openMeteo.start', 1, 'TOOL', 4, { 'tool.name': 'OpenMeteo' });
    event('tool.weather.openMeteo.success', 1, 'TOOL', 5, { 'tool.name': 'OpenMeteo' });
    event('agent.react.success', 1, 'AGENT', 8.9);
    end(main, 9);
  };

  it('reads the run as one agent, the model call and the two tool calls, one failed; the other events are no rows', async () => {
    const { trace, out } = await imported(emit);
    assert.equal(trace.spans.length, 12);
    const data = parsePostmortem(out).frontmatter!.data! as Data;
    assert.deepEqual(
      data['agent_decisions']!.map((d) => [d['agent'], d['action']]),
      [
        ['ReActAgent', 'Called tool Wikipedia'],
        ['ReActAgent', 'Called tool OpenMeteo'],
      ],
    );
    assert.equal(data['traces']![0]!['errors'], 1, 'the failure once, not once per event that records it');
    assert.deepEqual(data['traces']![0]!['usage'], {
      input_tokens: 900,
      output_tokens: 40,
      total_tokens: 940,
    });
    assert.deepEqual(
      data['model_slice']!.map((m) => [m['requested_model'] ?? null, m['served_model'], m['provider']]),
      [[null, 'granite3.3:8b', 'ollama']],
    );
    const rows = rowsOf(out);
    assert.equal(rows.length, 4, rows.join('\n'));
    assert.match(rows[0]!, /\*\*ReActAgent\*\*: \[agent\] `invoke_agent` `beeai-framework-main`/);
    assert.match(rows[1]!, /granite3\.3:8b/);
    assert.match(rows[2]!, /called tool `Wikipedia` — error `FrameworkError`/);
    assert.match(rows[3]!, /called tool `OpenMeteo` \(span/);
    assert.ok(
      !out.includes('Prague') && !out.includes('page not found'),
      'tool input and error text are content',
    );
  });
});

describe('BeeAI through its Python OpenInference instrumentation (events as zero-length children)', () => {
  /** What the processors write: the agent, chat model and tool spans, each with its events as children of its kind. */
  const emit = (tracer: Tracer) => {
    const eventChild = (
      parent: Span,
      name: string,
      kind: string,
      at: number,
      path: string,
      error?: boolean,
    ) =>
      end(
        span(
          tracer,
          name,
          parent,
          at,
          at,
          {
            'openinference.span.kind': kind,
            'metadata.id': `evt-${name}-${at}`,
            'metadata.path': path,
            'metadata.trace.run_id': 'run-1',
          },
          error ? { type: 'ToolError', message: 'upstream 503' } : undefined,
        ),
        at,
      );
    const agent = span(tracer, 'WeatherAgent', undefined, 0, 6, {
      'openinference.span.kind': 'AGENT',
      'agent.name': 'WeatherAgent',
      'metadata.class_name': 'RequirementAgent',
      'metadata.agent_description': 'Answers weather questions',
    });
    eventChild(agent, 'start', 'AGENT', 0, 'requirement_agent.start');
    const chat = span(tracer, 'OpenAIChatModel', agent, 0.5, 2, {
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4.1-mini-2025-04-14',
      'llm.provider': 'openai',
      'llm.token_count.prompt': 300,
      'llm.token_count.completion': 25,
      'metadata.class_name': 'OpenAIChatModel',
    });
    eventChild(chat, 'new_token', 'LLM', 1, 'backend.openai.chat.new_token');
    end(chat, 2);
    const tool = span(
      tracer,
      'OpenMeteo',
      agent,
      2.5,
      4,
      {
        'openinference.span.kind': 'TOOL',
        'tool.name': 'OpenMeteo',
        'tool.description': 'Weather forecast',
        'tool.json_schema':
          '{"type":"object","properties":{"location_name":{"type":"string"}},"required":["location_name"]}',
        'metadata.class_name': 'OpenMeteoTool',
      },
      { type: 'ToolError', message: 'upstream 503' },
    );
    eventChild(tool, 'error', 'TOOL', 3.9, 'tool.open_meteo.error', true);
    end(tool, 4);
    eventChild(agent, 'success', 'AGENT', 5.9, 'requirement_agent.success');
    end(agent, 6);
  };

  it("reads the agent's name, the model call, the failed tool call once and the tool's own schema, hashed", async () => {
    const { trace, out } = await imported(emit);
    assert.equal(trace.spans.length, 7);
    const data = parsePostmortem(out).frontmatter!.data! as Data;
    assert.deepEqual(
      data['agent_decisions']!.map((d) => [d['agent'], d['action']]),
      [['WeatherAgent', 'Called tool OpenMeteo']],
    );
    assert.equal(data['traces']![0]!['errors'], 1);
    assert.deepEqual(
      data['tool_schemas']!.map((t) => t['name']),
      ['OpenMeteo'],
    );
    assert.match(String(data['tool_schemas']![0]!['schema_hash']), /^sha256:[0-9a-f]{16}$/);
    const rows = rowsOf(out);
    assert.equal(rows.length, 3, rows.join('\n'));
    assert.match(rows[0]!, /\*\*WeatherAgent\*\*: \[agent\]/);
    assert.match(rows[1]!, /gpt-4\.1-mini-2025-04-14/);
    assert.match(rows[2]!, /\*\*WeatherAgent\*\*: \[agent\] called tool `OpenMeteo` — error `ToolError`/);
  });
});

describe("Pydantic Evals' online evaluation (gen_ai.evaluation.result log records beside the spans)", () => {
  it('reads each verdict as a judge result on the span it judged; a failed evaluator and other traces give none', async () => {
    let judged = '';
    const spans = await exportedThroughLoopback('support', 'pydantic-ai', (tracer) => {
      const agent = span(tracer, 'invoke_agent support_agent', undefined, 0, 4, {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'support_agent',
      });
      judged = agent.spanContext().spanId;
      end(
        span(tracer, 'chat gpt-4.1', agent, 1, 3, {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4.1',
        }),
        3,
      );
      end(agent, 4);
    });
    const traceId = /"traceId":\s*"([0-9a-f]{32})"/.exec(spans)?.[1];
    assert.ok(traceId);
    /** One OTLP/JSON log record as the event API writes it: `eventName`, hex ids, typed attribute values. */
    const record = (spanId: string, attributes: Array<[string, Record<string, unknown>]>) => ({
      timeUnixNano: String((T0 + 5000) * 1e6),
      eventName: 'gen_ai.evaluation.result',
      traceId,
      spanId,
      attributes: attributes.map(([key, value]) => ({ key, value })),
    });
    const logs = JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes: [] },
          scopeLogs: [
            {
              scope: { name: 'pydantic-evals' },
              logRecords: [
                record(judged, [
                  ['gen_ai.evaluation.name', { stringValue: 'follows_refund_policy' }],
                  ['gen_ai.evaluation.target', { stringValue: 'support_agent' }],
                  ['gen_ai.evaluation.score.value', { doubleValue: 0 }],
                  ['gen_ai.evaluation.score.label', { stringValue: 'fail' }],
                  ['gen_ai.evaluation.explanation', { stringValue: 'promised a refund to Jane Roe' }],
                ]),
                record(judged, [
                  ['gen_ai.evaluation.name', { stringValue: 'tone' }],
                  ['error.type', { stringValue: 'pydantic_evals.EvaluatorFailure' }],
                ]),
                record('0123456789abcdef', [
                  ['gen_ai.evaluation.name', { stringValue: 'other_trace_judge' }],
                  ['gen_ai.evaluation.score.value', { doubleValue: 1 }],
                ]),
              ],
            },
          ],
        },
      ],
    });
    const parsed = parseTrace(`${spans}\n${logs}`);
    if (!parsed.ok) assert.fail(`${parsed.error.path}: ${parsed.error.message}`);
    assert.deepEqual(
      parsed.trace.evaluations.map((e) => [e.name, e.score, e.label, e.spanId]),
      [['follows_refund_policy', 0, 'fail', judged]],
    );
    const r = importTrace('# Support\n', parsed.trace, { importedAt: '2026-03-15T11:02:00Z' });
    if (!r.ok) assert.fail(r.error);
    const out = applyEdits('# Support\n', r.edits);
    assert.deepEqual(
      (parsePostmortem(out).frontmatter!.data! as Data)['judge']!.map((j) => j['name']),
      ['follows_refund_policy'],
    );
    assert.match(
      out,
      new RegExp(`judge \`follows_refund_policy\` scored 0 \`fail\` \\(on span \`${judged}\`\\)`),
    );
    assert.ok(!out.includes('Jane Roe'), 'the explanation is content');
  });
});

describe("Koog's OpenTelemetry feature (GenAI spans, with strategy and node spans of its own)", () => {
  /**
   * What the feature writes for one run of a tool-calling agent: `create_agent <id>` over `invoke_agent <id>`
   * (the agent's id only: Koog sets no `gen_ai.agent.name`; the run's token sums repeated on it), a
   * `strategy <name>` span, `node <id>` spans (`koog.node.id`), `chat <model>` inference spans and
   * `execute_tool <name>` spans, each failure with `error.type` the thrown class.
   */
  const emit = (tracer: Tracer) => {
    const ids = { 'gen_ai.agent.id': 'banking-assistant', 'gen_ai.conversation.id': 'run-7' };
    const created = span(tracer, 'create_agent banking-assistant', undefined, 0, 10, {
      'gen_ai.operation.name': 'create_agent',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      ...ids,
    });
    const run = span(tracer, 'invoke_agent banking-assistant', created, 0.1, 9.9, {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.output.type': 'text',
      ...ids,
    });
    const strategy = span(tracer, 'strategy banking-strategy', run, 0.2, 9.8, {
      'gen_ai.conversation.id': 'run-7',
      'koog.strategy.name': 'banking-strategy',
    });
    const node = (id: string, from: number, to: number, failed?: boolean) =>
      span(
        tracer,
        `node ${id}`,
        strategy,
        from,
        to,
        { 'gen_ai.conversation.id': 'run-7', 'koog.node.id': id },
        failed
          ? { type: 'ai.koog.agents.core.tools.ToolException', message: 'account 4411 locked' }
          : undefined,
      );
    const chat = (parent: Span, from: number, to: number, input: number, output: number) =>
      end(
        span(tracer, 'chat gpt-4o', parent, from, to, {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.conversation.id': 'run-7',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.usage.input_tokens': input,
          'gen_ai.usage.output_tokens': output,
        }),
        to,
      );
    const tool = (parent: Span, name: string, from: number, to: number, failed?: boolean) =>
      end(
        span(
          tracer,
          `execute_tool ${name}`,
          parent,
          from,
          to,
          {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.provider.name': 'koog',
            'gen_ai.conversation.id': 'run-7',
            'gen_ai.tool.name': name,
            'gen_ai.tool.call.id': `call_${name}`,
            'gen_ai.tool.description': `The ${name} tool`,
            'gen_ai.tool.call.arguments': '{"account":"4411"}',
            ...(failed ? { 'error.type': 'ai.koog.agents.core.tools.ToolException' } : {}),
          },
          failed
            ? { type: 'ai.koog.agents.core.tools.ToolException', message: 'account 4411 locked' }
            : undefined,
        ),
        to,
      );
    const start = node('__start__', 0.3, 0.4);
    end(start, 0.4);
    const call = node('nodeCallLLM', 0.5, 2.5);
    chat(call, 0.6, 2.4, 1200, 60);
    end(call, 2.5);
    const exec = node('nodeExecuteTool', 2.6, 4, true);
    tool(exec, 'get_balance', 2.7, 3.9, true);
    end(exec, 4);
    const retry = node('nodeExecuteTool', 4.1, 5);
    tool(retry, 'list_transactions', 4.2, 4.9);
    end(retry, 5);
    const answer = node('nodeSendToolResult', 5.1, 9);
    chat(answer, 5.2, 8.9, 1500, 120);
    end(answer, 9);
    const finish = node('__finish__', 9.1, 9.2);
    end(finish, 9.2);
    end(strategy, 9.8);
    run.setAttributes({
      'gen_ai.response.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 2700,
      'gen_ai.usage.output_tokens': 180,
    });
    end(run, 9.9);
    end(created, 10);
  };

  it("reads the agent by its id, the two model calls and the two tool calls, the failed one once; strategy and nodes are no rows, the run's token sums not counted twice", async () => {
    const { trace, out } = await imported(emit, 'banking-service', 'ai.koog');
    assert.equal(trace.spans.length, 13);
    const data = parsePostmortem(out).frontmatter!.data! as Data;
    assert.deepEqual(
      data['agent_decisions']!.map((d) => [d['agent'], d['action']]),
      [
        ['banking-assistant', 'Called tool get_balance'],
        ['banking-assistant', 'Called tool list_transactions'],
      ],
    );
    assert.equal(data['traces']![0]!['errors'], 1, 'the tool failure once, not again on its node');
    assert.deepEqual(data['traces']![0]!['usage'], {
      input_tokens: 2700,
      output_tokens: 180,
      total_tokens: 2880,
    });
    assert.deepEqual(
      data['model_slice']!.map((m) => [m['requested_model'], m['served_model'], m['provider']]),
      [['gpt-4o', 'gpt-4o-2024-08-06', 'openai']],
    );
    const rows = rowsOf(out);
    assert.equal(rows.length, 5, rows.join('\n'));
    assert.match(rows[0]!, /\*\*banking-assistant\*\*: \[agent\] `invoke_agent`/);
    assert.match(rows[1]!, /gpt-4o-2024-08-06.*1200 in \/ 60 out tokens/);
    assert.match(
      rows[2]!,
      /called tool `get_balance` — error `ai\.koog\.agents\.core\.tools\.ToolException`/,
    );
    assert.match(rows[3]!, /called tool `list_transactions` \(span/);
    assert.match(rows[4]!, /1500 in \/ 120 out tokens/);
    assert.ok(!out.includes('4411'), 'tool arguments and error text are content');
  });
});

describe('A C# Gemini agent through Microsoft.Extensions.AI (OpenTelemetryChatClient and FunctionInvokingChatClient)', () => {
  /**
   * What `UseFunctionInvocation().UseOpenTelemetry()` over a Gemini `IChatClient` writes: an `orchestrate_tools`
   * span around the tool loop (no operation attribute; the loop's token totals set on it at the end), or, under
   * the Agent Framework, its `invoke_agent <name>` span instead; `chat <model>` client spans (`gen_ai.provider.name`
   * from the client's metadata, usage with cache reads and reasoning); `execute_tool <name>` internal spans
   * (`gen_ai.tool.type` function), a throwing function with `error.type` its full class name and an error status.
   */
  const emit = (agent?: string) => (tracer: Tracer) => {
    const loop = agent
      ? span(tracer, `invoke_agent ${agent}`, undefined, 0, 8, {
          'gen_ai.operation.name': 'invoke_agent',
          'gen_ai.agent.name': agent,
          'gen_ai.agent.id': '5f0c7a4e2b9d4c1e8a6f3d2b1c0e9f8a',
          'gen_ai.provider.name': 'gcp.gemini',
        })
      : span(tracer, 'orchestrate_tools', undefined, 0, 8, {});
    const chat = (from: number, to: number, usage: Attrs) =>
      end(
        span(tracer, 'chat gemini-2.5-flash', loop, from, to, {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gemini-2.5-flash',
          'gen_ai.provider.name': 'gcp.gemini',
          'server.address': 'generativelanguage.googleapis.com',
          'server.port': 443,
          'gen_ai.response.model': 'gemini-2.5-flash-preview-05-20',
          'gen_ai.response.finish_reasons': '["stop"]',
          ...usage,
        }),
        to,
      );
    const tool = (name: string, from: number, to: number, failed?: boolean) =>
      end(
        span(
          tracer,
          `execute_tool ${name}`,
          loop,
          from,
          to,
          {
            'gen_ai.operation.name': 'execute_tool',
            'gen_ai.tool.type': 'function',
            'gen_ai.tool.call.id': `call-${name}`,
            'gen_ai.tool.name': name,
            'gen_ai.tool.description': `Looks up ${name}`,
            ...(failed ? { 'error.type': 'System.Net.Http.HttpRequestException' } : {}),
          },
          failed
            ? { type: 'System.Net.Http.HttpRequestException', message: 'flight LH 1234 not found' }
            : undefined,
        ),
        to,
      );
    chat(0.1, 2, {
      'gen_ai.usage.input_tokens': 800,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.usage.cache_read.input_tokens': 512,
    });
    tool('GetFlightStatus', 2.1, 3, true);
    tool('GetWeather', 3.1, 3.5);
    chat(3.6, 7.9, {
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 90,
      'gen_ai.usage.reasoning.output_tokens': 40,
    });
    loop.setAttributes({ 'gen_ai.usage.input_tokens': 1800, 'gen_ai.usage.output_tokens': 120 });
    end(loop, 8);
  };

  const checkCalls = (trace: TraceMetadata, out: string, agent: string) => {
    assert.equal(trace.spans.length, 5);
    const data = parsePostmortem(out).frontmatter!.data! as Data;
    assert.deepEqual(
      data['agent_decisions']!.map((d) => [d['agent'], d['action']]),
      [
        [agent, 'Called tool GetFlightStatus'],
        [agent, 'Called tool GetWeather'],
      ],
    );
    assert.equal(data['traces']![0]!['errors'], 1);
    assert.deepEqual(data['traces']![0]!['usage'], {
      input_tokens: 1800,
      output_tokens: 120,
      total_tokens: 1920,
      cache_read_input_tokens: 512,
      reasoning_output_tokens: 40,
    });
    assert.deepEqual(
      data['model_slice']!.map((m) => [m['requested_model'], m['served_model'], m['provider']]),
      [['gemini-2.5-flash', 'gemini-2.5-flash-preview-05-20', 'gcp.gemini']],
    );
    const rows = rowsOf(out);
    assert.match(rows.at(-4)!, /800 in \/ 30 out tokens \(512 cached\)/);
    assert.match(
      rows.at(-3)!,
      /called tool `GetFlightStatus` — error `System\.Net\.Http\.HttpRequestException`/,
    );
    assert.match(rows.at(-2)!, /called tool `GetWeather` \(span/);
    assert.match(rows.at(-1)!, /1000 in \/ 90 out tokens \(40 reasoning\)/);
    assert.ok(!out.includes('LH 1234'), 'error text is content');
    return rows;
  };

  it('reads the tool loop alone (no agent span, no agent name in the trace): model calls, tool calls, the failure once, the loop totals not counted twice', async () => {
    const { trace, out } = await imported(emit(), 'gemini-agent', 'Experimental.Microsoft.Extensions.AI');
    const rows = checkCalls(trace, out, 'unknown');
    assert.equal(rows.length, 4, rows.join('\n'));
  });

  it("reads the agent's name from the Agent Framework's invoke_agent span around the same calls", async () => {
    const { trace, out } = await imported(
      emit('TravelAgent'),
      'gemini-agent',
      'Experimental.Microsoft.Extensions.AI',
    );
    const rows = checkCalls(trace, out, 'TravelAgent');
    assert.equal(rows.length, 5, rows.join('\n'));
    assert.match(rows[0]!, /\*\*TravelAgent\*\*: \[agent\] `invoke_agent`/);
  });
});

describe("Pydantic Evals' offline evaluation (Dataset.evaluate: results on the case span, one evaluator span each)", () => {
  /** What `Dataset.evaluate` writes through logfire for one case: the experiment, the case, the task run, two evaluators. */
  const emit = (tracer: Tracer) => {
    const experiment = span(tracer, 'evaluate {name}', undefined, 0, 12, {
      name: 'refund-policy',
      'logfire.msg_template': 'evaluate {name}',
      'logfire.span_type': 'span',
    });
    const kase = span(tracer, 'case: {case_name}', experiment, 0.1, 11.9, {
      case_name: 'angry_customer',
      'logfire.msg_template': 'case: {case_name}',
      'logfire.span_type': 'span',
    });
    const task = span(tracer, 'execute {task}', kase, 0.2, 6, {
      task: 'answer',
      'logfire.msg_template': 'execute {task}',
    });
    const agent = span(tracer, 'invoke_agent support_agent', task, 0.3, 5.9, {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support_agent',
    });
    end(
      span(tracer, 'chat gpt-4.1', agent, 0.4, 5.8, {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4.1',
        'gen_ai.usage.input_tokens': 400,
        'gen_ai.usage.output_tokens': 50,
      }),
      5.8,
    );
    end(agent, 5.9);
    end(task, 6);
    const evaluator = (name: string, from: number, to: number, failed?: boolean) =>
      end(
        span(
          tracer,
          'evaluator: {evaluator_name}',
          kase,
          from,
          to,
          { evaluator_name: name, 'logfire.msg_template': 'Calling evaluator: {evaluator_name}' },
          failed ? { type: 'ValueError', message: 'judge returned no verdict' } : undefined,
        ),
        to,
      );
    evaluator('LLMJudge', 6.1, 10);
    evaluator('IsInstance', 10.1, 10.2);
    evaluator('MaxDuration', 10.3, 10.4, true);
    kase.setAttributes({
      assertions: JSON.stringify({
        LLMJudge: {
          name: 'LLMJudge',
          value: false,
          reason: 'promised Jane Roe a refund',
          source: { name: 'LLMJudge' },
        },
        IsInstance: { name: 'IsInstance', value: true, reason: null, source: { name: 'IsInstance' } },
      }),
      scores: JSON.stringify({ politeness: { name: 'politeness', value: 0.25, reason: null, source: {} } }),
      labels: JSON.stringify({
        intent: { name: 'intent', value: 'refund_request', reason: null, source: {} },
      }),
    });
    end(kase, 11.9);
    end(experiment, 12);
  };

  it("reads each case's assertions, scores and labels as verdicts on the case span; the failed evaluator is a failure, not a verdict", async () => {
    const { trace, out } = await imported(emit, 'evals', 'pydantic-evals');
    const kase = trace.spans.find((s) => s.name === 'case: {case_name}')!;
    assert.deepEqual(
      trace.evaluations.map((e) => [e.name, e.score, e.label, e.spanId]),
      [
        ['LLMJudge', 0, undefined, kase.spanId],
        ['IsInstance', 1, undefined, kase.spanId],
        ['politeness', 0.25, undefined, kase.spanId],
        ['intent', undefined, 'refund_request', kase.spanId],
      ],
    );
    const data = parsePostmortem(out).frontmatter!.data! as Data;
    assert.deepEqual(
      data['judge']!.map((j) => j['name']),
      ['LLMJudge', 'IsInstance', 'politeness', 'intent'],
    );
    assert.equal(data['traces']![0]!['errors'], 1, 'the evaluator that raised');
    assert.deepEqual(data['traces']![0]!['usage'], {
      input_tokens: 400,
      output_tokens: 50,
      total_tokens: 450,
    });
    assert.deepEqual(
      data['model_slice']!.map((m) => m['requested_model']),
      ['gpt-4.1'],
    );
    assert.equal(data['agent_decisions'], undefined, 'the agent called no tool');
    const rows = rowsOf(out);
    assert.ok(
      rows.some((r) => /\*\*support_agent\*\*: \[agent\] `invoke_agent`/.test(r)),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((r) => /`evaluator: \{evaluator_name\}`.*`ValueError`/.test(r)),
      rows.join('\n'),
    );
    assert.ok(
      rows.some((r) => /judge `LLMJudge` scored 0/.test(r)),
      rows.join('\n'),
    );
    assert.ok(!out.includes('Jane Roe') && !out.includes('no verdict'), 'reasons and error text are content');
  });
});
