/**
 * A trace written by the real Vercel AI SDK (`ai`, its `experimental_telemetry`) through the real
 * OpenTelemetry JS SDK and exported over OTLP/HTTP JSON to a loopback receiver, then imported: a
 * two-step tool loop with a mock model from `ai/test`, one tool that fails.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateText, jsonSchema, stepCountIs, tool } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import {
  applyEdits,
  importTrace,
  parsePostmortem,
  parseTrace,
  type TraceMetadata,
} from '../../src/core/index.js';
import { main } from '../../src/cli/main.js';
import { exportedThroughLoopback } from '../support/otlp-loopback.js';

const HEADER_SECRET = 'sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';

class RefundLimitError extends Error {
  override name = 'RefundLimitError';
}

const usage = (input: number, cacheRead: number, output: number, reasoning: number) => ({
  inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite: undefined },
  outputTokens: { total: output, text: output - reasoning, reasoning },
});

/** Run the agent with telemetry on; the OTLP requests the exporter sent, one a line. */
async function recordedRun(): Promise<string> {
  return exportedThroughLoopback('refund-service', 'ai', async (tracer) => {
    const model = new MockLanguageModelV3({
      provider: 'openai.chat',
      modelId: 'gpt-4.1',
      doGenerate: [
        {
          content: [
            { type: 'tool-call', toolCallId: 'call-1', toolName: 'lookup_order', input: '{"order":"A-17"}' },
            {
              type: 'tool-call',
              toolCallId: 'call-2',
              toolName: 'issue_refund',
              input: '{"order":"A-17","amount":900}',
            },
          ],
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage: usage(1200, 1000, 60, 40),
          warnings: [],
          response: {
            id: 'resp-1',
            modelId: 'gpt-4.1-2025-04-14',
            timestamp: new Date('2026-03-14T09:10:01Z'),
          },
        },
        {
          content: [{ type: 'text', text: 'I could not refund order A-17 for Jane Roe.' }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: usage(1400, 1200, 30, 0),
          warnings: [],
          response: {
            id: 'resp-2',
            modelId: 'gpt-4.1-2025-04-14',
            timestamp: new Date('2026-03-14T09:10:03Z'),
          },
        },
      ],
    });
    const result = await generateText({
      model,
      system: 'You are the refund agent. Refund at most 500 EUR.',
      prompt: 'Refund order A-17 for Jane Roe',
      headers: { authorization: `Bearer ${HEADER_SECRET}` },
      tools: {
        lookup_order: tool({
          description: 'Look an order up',
          inputSchema: jsonSchema<{ order: string }>({
            type: 'object',
            properties: { order: { type: 'string' } },
            required: ['order'],
          }),
          execute: async ({ order }) => ({ order, status: 'delivered', amount: 900 }),
        }),
        issue_refund: tool({
          description: 'Refund an order',
          inputSchema: jsonSchema<{ order: string; amount: number }>({
            type: 'object',
            properties: { order: { type: 'string' }, amount: { type: 'number' } },
            required: ['order', 'amount'],
          }),
          execute: async ({ amount }): Promise<{ refunded: boolean }> => {
            throw new RefundLimitError(`refund of ${amount} EUR is over the limit`);
          },
        }),
      },
      stopWhen: stepCountIs(3),
      experimental_telemetry: {
        isEnabled: true,
        functionId: 'refund-agent',
        metadata: { tenant: 'acme' },
        tracer,
      },
    });
    assert.equal(result.steps.length, 2, 'the loop ran two model calls');
  });
}

let recorded: Promise<string> | undefined;
const run = () => (recorded ??= recordedRun());

async function traceOf(): Promise<TraceMetadata> {
  const parsed = parseTrace(await run());
  if (!parsed.ok) assert.fail(`${parsed.error.path}: ${parsed.error.message}`);
  return parsed.trace;
}

type Data = Record<string, Array<Record<string, unknown>>>;

/** `HH:MM` UTC of `ms` moved by `minutes`, and its date, for author rows around the run. */
function at(ms: number, minutes: number): string {
  return new Date(ms + minutes * 60_000).toISOString().replace('T', ' ').slice(0, 16);
}

/** A postmortem whose author wrote one row before the run and one an hour after it. */
function documentAround(t: TraceMetadata): string {
  const start = Math.min(...t.spans.map((s) => s.startMs!));
  return `---\ntitle: Refund agent refused a refund it had promised\ndate: ${at(start, 0).slice(0, 10)}\nseverity: SEV3\nstatus: draft\n---\n\n# Refund agent refused a refund it had promised\n\n## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n| ${at(start, -2)} | A customer asked for a refund of order A-17 |\n| ${at(start, 60)} | On-call paged |\n`;
}

function imported(text: string, t: TraceMetadata, importedAt: string, includeContent = false): string {
  const r = importTrace(text, t, { importedAt, includeContent });
  if (!r.ok) assert.fail(r.error);
  return applyEdits(text, r.edits);
}

describe('the Vercel AI SDK (ai) through the OpenTelemetry JS SDK', () => {
  it('reads the named tool loop as the agent, its two model calls, both tool calls and the failed one', async () => {
    const t = await traceOf();
    assert.equal(new Set(t.spans.map((s) => s.traceId)).size, 1, 'one trace, nested through the context');
    // The two tool calls run at once: which starts first within the same millisecond is not the SDK's promise.
    const shape = t.spans.map((s) => [
      s.name,
      s.category,
      s.agentName ?? s.toolName ?? s.servedModel,
      s.status,
    ]);
    assert.deepEqual(
      [
        shape[0],
        shape[1],
        ...[shape[2]!, shape[3]!].sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
        shape[4],
      ],
      [
        ['ai.generateText', 'agent', 'refund-agent', 'unset'],
        ['ai.generateText.doGenerate', 'llm', 'gpt-4.1-2025-04-14', 'unset'],
        ['ai.toolCall', 'tool', 'issue_refund', 'error'],
        ['ai.toolCall', 'tool', 'lookup_order', 'unset'],
        ['ai.generateText.doGenerate', 'llm', 'gpt-4.1-2025-04-14', 'unset'],
      ],
    );
    assert.equal(t.spans.find((s) => s.toolName === 'issue_refund')!.errorType, 'RefundLimitError');
  });

  it('writes what a reader sees: agent, decisions, model slice, hashed tool schemas, tokens once, the failure; nothing else', async () => {
    const t = await traceOf();
    const doc = documentAround(t);
    const out = imported(doc, t, '2026-12-08T00:00:00Z');
    const data = parsePostmortem(out).frontmatter!.data! as Data;
    assert.deepEqual(Object.keys(data), [
      'title',
      'date',
      'severity',
      'status',
      'traces',
      'model_slice',
      'tool_schemas',
      'agent_decisions',
    ]);
    const entry = data['traces']![0]!;
    // The loop's span repeats its steps' usage: counted once, from the two model calls.
    assert.deepEqual(entry['usage'], {
      input_tokens: 2600,
      output_tokens: 90,
      total_tokens: 2690,
      cache_read_input_tokens: 2200,
      reasoning_output_tokens: 40,
    });
    assert.deepEqual([entry['spans'], entry['errors']], [5, 1]);
    assert.deepEqual(
      data['model_slice']!.map((m) => [m['requested_model'], m['served_model']]),
      [['gpt-4.1', 'gpt-4.1-2025-04-14']],
    );
    assert.deepEqual(
      data['tool_schemas']!.map((x) => x['name']),
      ['lookup_order', 'issue_refund'],
      'in the order the model was given them',
    );
    assert.ok(data['tool_schemas']!.every((x) => /^sha256:[0-9a-f]{16}$/.test(String(x['schema_hash']))));
    assert.deepEqual(data['agent_decisions']!.map((d) => [d['agent'], d['action']]).sort(), [
      ['refund-agent', 'Called tool issue_refund'],
      ['refund-agent', 'Called tool lookup_order'],
    ]);
    // Five rows between the author's two, in the table's own time format.
    const rows = out.split('\n').filter((l) => l.startsWith('| 20'));
    assert.equal(rows.length, 7, rows.join('\n'));
    assert.match(rows[0]!, /A customer asked/);
    assert.match(rows[6]!, /On-call paged/);
    assert.ok(
      rows.slice(1, 6).every((r) => /^\| \d{4}-\d\d-\d\d \d\d:\d\d \| /.test(r)),
      rows.join('\n'),
    );
    assert.match(rows[1]!, /refund-agent.*`invoke_agent`/);
    const what = rows.slice(2, 6).map((r) => (/`(chat|issue_refund|lookup_order)`/.exec(r) ?? [])[1]);
    assert.deepEqual(
      [what[0], [what[1], what[2]].sort(), what[3]],
      ['chat', ['issue_refund', 'lookup_order'], 'chat'],
    );
    assert.match(
      rows.find((r) => r.includes('issue_refund'))!,
      /refund-agent.*error `RefundLimitError`/,
    );
    for (const secretOrContent of [HEADER_SECRET, 'Jane Roe', '500 EUR', 'over the limit', 'delivered'])
      assert.ok(!out.includes(secretOrContent), secretOrContent);
    // Asked for content, the header's token is still never copied.
    assert.ok(!imported(doc, t, '2026-12-08T00:00:00Z', true).includes(HEADER_SECRET));
  });

  it("imports again a second later without a change, keeping the author's keys, and lints as cleanly as before", async () => {
    const t = await traceOf();
    const doc = documentAround(t);
    const once = imported(doc, t, '2026-12-08T00:00:00Z');
    assert.equal(imported(once, t, '2026-12-08T00:00:01Z'), once);
    const concluded = once.replace(
      /(\n {4}action: Called tool issue_refund\n[^\n]*\n[^\n]*)/,
      '$1\n    concluded: the refund limit is enforced by the tool, not the prompt',
    );
    assert.notEqual(concluded, once);
    assert.equal(imported(concluded, t, '2026-12-09T00:00:00Z'), concluded);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-vercel-'));
    try {
      const lint = async (text: string) => {
        const file = path.join(dir, 'refunds.postmortem.md');
        writeFileSync(file, text);
        let json = '';
        await main(['lint', file, '--format', 'json', '--jobs', '1'], {
          cwd: dir,
          stdout: (x: string) => (json += x),
          stderr: () => undefined,
          env: {},
          today: () => '2026-12-09',
        });
        assert.equal(readFileSync(file, 'utf8'), text);
        const report = JSON.parse(json) as { files: Array<{ findings: Array<{ ruleId: string }> }> };
        return report.files.flatMap((f) => f.findings.map((x) => x.ruleId)).sort();
      };
      const before = await lint(doc);
      const after = await lint(concluded);
      assert.deepEqual(
        after.filter((r) => !before.includes(r)),
        [],
      );
      assert.ok(after.length <= before.length, `${before.join()} → ${after.join()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
