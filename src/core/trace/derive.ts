/**
 * Attribute vocabularies → semantic span fields. One alias table per field, first match wins:
 * current OTel GenAI names (semantic-conventions-genai, schema 1.42.0), their deprecated names,
 * OpenInference, LangSmith's OTel names and the Vercel AI SDK's `ai.*` names. Values may be
 * strings even when numeric (Langfuse stores every attribute as a string).
 */
import { canonicalJson, shortHash } from './hash.js';
import { parseJsonString, toAttr, toNumber } from './json.js';
import type {
  AttrValue,
  Attributes,
  RawSpan,
  SpanCategory,
  TokenUsage,
  ToolDefinition,
  TraceSpan,
} from './types.js';

export const ALIASES = {
  operation: ['gen_ai.operation.name', 'ai.operationId'],
  requestedModel: [
    'gen_ai.request.model',
    'llm.request.model_name',
    'ai.model.id',
    'langsmith.metadata.ls_model_name',
    'gen_ai.openai.request.model',
  ],
  servedModel: ['gen_ai.response.model', 'llm.response.model_name', 'ai.response.model', 'llm.model_name'],
  provider: [
    'gen_ai.provider.name',
    'gen_ai.system',
    'llm.provider',
    'llm.system',
    'ai.model.provider',
    'langsmith.metadata.ls_provider',
  ],
  agentName: ['gen_ai.agent.name', 'agent.name', 'agent_name', 'gen_ai.agent.id'],
  toolName: ['gen_ai.tool.name', 'tool.name', 'ai.toolCall.name'],
  // LangChain Hub prompts carry `lc_hub_repo` and `lc_hub_commit_hash` into the run's metadata.
  promptName: [
    'gen_ai.prompt.name',
    'llm.prompt_template.name',
    'langfuse.observation.prompt.name',
    'langsmith.metadata.lc_hub_repo',
  ],
  // Not LangSmith's `revision_id`: that is the application's revision (often its `git describe`), not the prompt's.
  promptVersion: [
    'llm.prompt_template.version',
    'langfuse.observation.prompt.version',
    'langsmith.metadata.lc_hub_commit_hash',
  ],
  dataSource: ['gen_ai.data_source.id'],
  /** Read as a data source only on retrieval spans: any database call has a namespace. */
  retrievalStore: ['db.collection.name', 'db.namespace'],
  inputTokens: [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.prompt_tokens',
    'llm.token_count.prompt',
    'ai.usage.promptTokens',
    'ai.usage.inputTokens',
  ],
  outputTokens: [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.token_count.completion',
    'ai.usage.completionTokens',
    'ai.usage.outputTokens',
  ],
  totalTokens: ['llm.token_count.total', 'gen_ai.usage.total_tokens', 'ai.usage.totalTokens'],
  cacheReadTokens: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'llm.token_count.prompt_details.cache_read',
    'ai.usage.cachedInputTokens',
  ],
  reasoningTokens: [
    'gen_ai.usage.reasoning.output_tokens',
    'llm.token_count.completion_details.reasoning',
    'ai.usage.reasoningTokens',
  ],
  errorType: ['error.type', 'exception.type'],
  disposition: ['gen_ai.agent.tool.disposition'],
  /** Definitions hashed into `tool_schemas` (content: the text itself is never copied). */
  toolDefinitions: ['gen_ai.tool.definitions', 'ai.prompt.tools', 'llm.tools'],
  /** Prompt text hashed into `prompt_revision.hash` (never copied). */
  promptText: ['gen_ai.system_instructions', 'llm.prompt_template.template'],
} as const;

export function attrString(attrs: Attributes, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = attrs.get(name);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  }
  return undefined;
}

function attrNumber(attrs: Attributes, names: readonly string[]): number | undefined {
  for (const name of names) {
    const n = toNumber(attrs.get(name));
    if (n !== undefined && n >= 0) return Math.round(n);
  }
  return undefined;
}

const OPENINFERENCE_KINDS: Record<string, SpanCategory> = {
  AGENT: 'agent',
  LLM: 'llm',
  TOOL: 'tool',
  RETRIEVER: 'retrieval',
  RERANKER: 'retrieval',
  EMBEDDING: 'embedding',
  EVALUATOR: 'evaluator',
  GUARDRAIL: 'evaluator',
  CHAIN: 'chain',
  PROMPT: 'other',
};

const OPERATIONS: Record<string, SpanCategory> = {
  invoke_agent: 'agent',
  create_agent: 'agent',
  plan: 'agent',
  invoke_workflow: 'agent',
  chat: 'llm',
  generate_content: 'llm',
  text_completion: 'llm',
  completion: 'llm',
  execute_tool: 'tool',
  retrieval: 'retrieval',
  embeddings: 'embedding',
  'ai.toolCall': 'tool',
  'ai.generateText.doGenerate': 'llm',
  'ai.streamText.doStream': 'llm',
  'ai.generateObject.doGenerate': 'llm',
  'ai.streamObject.doStream': 'llm',
  'ai.embed.doEmbed': 'embedding',
  'ai.embedMany.doEmbed': 'embedding',
  'ai.generateText': 'chain',
  'ai.streamText': 'chain',
  'ai.generateObject': 'chain',
  'ai.streamObject': 'chain',
};

const LANGSMITH_KINDS: Record<string, SpanCategory> = {
  llm: 'llm',
  tool: 'tool',
  retriever: 'retrieval',
  embedding: 'embedding',
  chain: 'chain',
  prompt: 'other',
  parser: 'other',
};

function lookup(table: Record<string, SpanCategory>, key: string | undefined): SpanCategory | undefined {
  return key !== undefined && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/**
 * Framework plumbing that callback-based tracers (LangChain/LangGraph through Langfuse or LangSmith)
 * record as runs of their own: writes to graph channels, routing branches, runnable wrappers. They
 * are how a graph moves data, not what the agent did.
 */
const PLUMBING =
  /^(?:ChannelWrite|ChannelRead|ChannelInvoke|Branch|RunnableSequence|RunnableLambda|RunnableParallel|RunnablePassthrough|RunnableAssign|RunnableCallable|_write|_route|__start__|__end__|should_continue)\b/;

export function isPlumbing(name: string): boolean {
  return PLUMBING.test(name);
}

function classify(
  raw: RawSpan,
  operation: string | undefined,
  agentName: string | undefined,
  toolName: string | undefined,
): SpanCategory {
  const a = raw.attributes;
  if (isPlumbing(raw.name) && !operation) return 'other';
  const fromOperation = lookup(OPERATIONS, operation);
  const fromKind =
    lookup(OPENINFERENCE_KINDS, attrString(a, ['openinference.span.kind'])?.toUpperCase()) ??
    lookup(LANGSMITH_KINDS, attrString(a, ['langsmith.span.kind'])?.toLowerCase());
  const native = raw.native.category;
  let category =
    fromOperation ??
    (fromKind === 'chain' && native && native !== 'other' ? native : fromKind) ??
    native ??
    'other';
  if (
    (category === 'other' || category === 'chain') &&
    toolName &&
    attrString(a, ['gen_ai.tool.call.id', 'ai.toolCall.id'])
  )
    category = 'tool';
  if ((category === 'other' || category === 'chain') && agentName && !toolName) category = 'agent';
  return category;
}

/** Each tool definition (OpenAI `{type, function:{name}}`, `{name, …}`, or a JSON string of either) with its hash. */
export function toolDefinitionsOf(value: AttrValue | undefined): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  let list: AttrValue = value;
  if (typeof list === 'string') {
    const parsed = parseJsonString(list);
    if (parsed === undefined) return [];
    list = toAttr(parsed);
  }
  const items: readonly AttrValue[] = Array.isArray(list)
    ? (list as readonly AttrValue[])
    : list instanceof Map
      ? [...list.values()]
      : [list];
  const out: ToolDefinition[] = [];
  for (const item of items) {
    const def = typeof item === 'string' ? toAttr(parseJsonString(item)) : item;
    if (!(def instanceof Map)) continue;
    const fn = def.get('function');
    const inner =
      fn instanceof Map
        ? fn
        : def.get('tool') instanceof Map
          ? (def.get('tool') as ReadonlyMap<string, AttrValue>)
          : def;
    const name = inner.get('name');
    if (typeof name !== 'string' || name === '') continue;
    const version = inner.get('version') ?? def.get('version');
    out.push({
      name,
      hash: shortHash(canonicalJson(def)),
      version: typeof version === 'string' || typeof version === 'number' ? String(version) : undefined,
    });
  }
  return out;
}

/** OpenInference flattens lists: `llm.tools.0.tool.json_schema`, `llm.tools.1.tool.json_schema`… */
function flattenedTools(attrs: Attributes): AttrValue[] {
  const out: AttrValue[] = [];
  for (const [key, value] of attrs) if (/^llm\.tools\.\d+\.tool\.json_schema$/.test(key)) out.push(value);
  return out;
}

function invocationModel(attrs: Attributes): string | undefined {
  const params = attrs.get('llm.invocation_parameters');
  if (typeof params !== 'string') return undefined;
  const parsed = toAttr(parseJsonString(params));
  const model = parsed instanceof Map ? parsed.get('model') : undefined;
  return typeof model === 'string' && model !== '' ? model : undefined;
}

function usageOf(raw: RawSpan): TokenUsage | undefined {
  const a = raw.attributes;
  const native = raw.native.usage;
  const input = native?.input ?? attrNumber(a, ALIASES.inputTokens);
  const output = native?.output ?? attrNumber(a, ALIASES.outputTokens);
  const total =
    native?.total ??
    attrNumber(a, ALIASES.totalTokens) ??
    (input !== undefined || output !== undefined ? (input ?? 0) + (output ?? 0) : undefined);
  if (input === undefined && output === undefined && total === undefined) return undefined;
  const cacheRead = native?.cacheRead ?? attrNumber(a, ALIASES.cacheReadTokens);
  const reasoning = native?.reasoning ?? attrNumber(a, ALIASES.reasoningTokens);
  return { input, output, total, ...(cacheRead ? { cacheRead } : {}), ...(reasoning ? { reasoning } : {}) };
}

/**
 * Vector stores, by `db.system.name` (or the older `db.system`): a query there is a retrieval even
 * when the instrumentation (a database client's, not a GenAI one) does not say so.
 */
const VECTOR_STORES = new Set([
  'chroma',
  'chromadb',
  'pinecone',
  'qdrant',
  'weaviate',
  'milvus',
  'pgvector',
  'lancedb',
  'faiss',
  'vespa',
  'marqo',
  'turbopuffer',
]);

function isVectorStore(a: Attributes): boolean {
  const system = attrString(a, ['db.system.name', 'db.system'])?.toLowerCase();
  return system !== undefined && VECTOR_STORES.has(system);
}

/** Google ADK names its agent spans `agent_run [<agent name>]` (before it wrote `invoke_agent` and `gen_ai.agent.name`). */
function bracketedAgent(name: string): string | undefined {
  return /^agent_run \[([^\]]{1,100})\]$/.exec(name)?.[1];
}

/**
 * The Vercel AI SDK has no agent attribute: its tool loop is a `generateText`/`streamText` call, and the
 * name the application gives it is `experimental_telemetry.functionId` (`ai.telemetry.functionId`, set on
 * every span of the call). Read as the agent's name on the loop's own span only; its model calls and tool
 * calls act for the agent above them.
 */
function vercelAgent(a: Attributes): string | undefined {
  const operation = attrString(a, ['ai.operationId']);
  return operation === 'ai.generateText' || operation === 'ai.streamText'
    ? attrString(a, ['ai.telemetry.functionId'])
    : undefined;
}

/**
 * BeeAI's emitter events, as its OpenInference instrumentations record them:
 * - TypeScript (`@arizeai/openinference-instrumentation-beeai`): every event is a span named `<event path>-<n>`
 *   with `target` (the path, `tool.search.wikipedia.start`), `name` (the event: `start`, `success`, `error`,
 *   `update`, `toolStart`…) and the OpenInference kind of its emitter, under `beeai-framework-main` (the run:
 *   AGENT, TOOL or LLM, `source` its class). The tool's own `success` or `error` is the tool call, the chat
 *   model's `success` or `error` the model call; every other event records one of those.
 * - Python (`openinference-instrumentation-beeai`): agents, tools and chat models are spans of their own
 *   (`agent.name`, `tool.name`, `metadata.class_name`); each event inside them is a zero-length child of the
 *   same kind named after the event, with `metadata.path` and `metadata.id` and no `metadata.class_name`.
 */
function beeaiEvent(raw: RawSpan): 'act' | 'record' | undefined {
  const a = raw.attributes;
  const target = a.get('target');
  const event = a.get('name');
  if (typeof target === 'string' && typeof event === 'string' && raw.name.startsWith(`${target}-`)) {
    if (!/^\d+$/.test(raw.name.slice(target.length + 1))) return undefined;
    const kind = attrString(a, ['openinference.span.kind'])?.toUpperCase();
    const ending = event === 'success' || event === 'error';
    if (kind === 'TOOL' && ending && target.startsWith('tool.')) return 'act';
    if (kind === 'LLM' && ending && !target.includes('.run.')) return 'act';
    return 'record';
  }
  if (
    typeof a.get('metadata.path') === 'string' &&
    a.get('metadata.id') !== undefined &&
    a.get('metadata.class_name') === undefined &&
    attrString(a, ['openinference.span.kind']) !== undefined &&
    !attrString(a, ['agent.name', 'tool.name', 'llm.model_name'])
  )
    return 'record';
  return undefined;
}

/**
 * Koog's OpenTelemetry feature (`agents-features-opentelemetry`) writes spans of its own beside the GenAI ones:
 * `strategy <name>` (`koog.strategy.name`), `node <id>` (`koog.node.id`; `koog.node.name` before 0.6) and
 * `subgraph <id>` (`koog.subgraph.id`), with no `gen_ai.operation.name`. They are how its graph runs, not
 * acts: a node that fails records the failure of the tool or model call inside it.
 */
function koogStructure(raw: RawSpan, operation: string | undefined): boolean {
  if (operation) return false;
  const a = raw.attributes;
  return ['koog.strategy.name', 'koog.node.id', 'koog.node.name', 'koog.subgraph.id'].some(
    (key) => typeof a.get(key) === 'string',
  );
}

/** A tool span's own input schema (`tool.json_schema`, OpenInference), as a definition of that tool. */
function ownToolSchema(a: Attributes, toolName: string | undefined): ToolDefinition[] {
  const schema = a.get('tool.json_schema');
  if (!toolName || typeof schema !== 'string') return [];
  const parsed = parseJsonString(schema);
  if (parsed === undefined || parsed === null || typeof parsed !== 'object') return [];
  return [{ name: toolName, hash: shortHash(canonicalJson(toAttr(parsed))), version: undefined }];
}

/** Read one raw span into the common shape. */
export function deriveSpan(raw: RawSpan): TraceSpan {
  const a = raw.attributes;
  const n = raw.native;
  const operationAttr = attrString(a, ALIASES.operation);
  const agentName =
    n.agentName ??
    attrString(a, ALIASES.agentName) ??
    bracketedAgent(raw.name) ??
    vercelAgent(a) ??
    // BeeAI's TypeScript instrumentation names the run's class only (`ReActAgent`), on its main span.
    (raw.name === 'beeai-framework-main' ? attrString(a, ['source']) : undefined);
  let toolName = attrString(a, ALIASES.toolName);
  const bee = beeaiEvent(raw) ?? (koogStructure(raw, operationAttr) ? 'record' : undefined);
  const category = bee === 'record' ? 'other' : classify(raw, operationAttr, agentName, toolName);
  if (category === 'tool' && !toolName) toolName = raw.name.replace(/^execute_tool\s+/, '') || undefined;
  const operation =
    operationAttr && !operationAttr.startsWith('ai.')
      ? operationAttr
      : (
          {
            agent: 'invoke_agent',
            llm: 'chat',
            tool: 'execute_tool',
            retrieval: 'retrieval',
            embedding: 'embeddings',
          } as Partial<Record<SpanCategory, string>>
        )[category];
  const requestedModel = n.requestedModel ?? attrString(a, ALIASES.requestedModel) ?? invocationModel(a);
  const servedModel = attrString(a, ALIASES.servedModel) ?? n.servedModel;
  const promptText = attrString(a, ALIASES.promptText);
  const definitions = [
    ...ALIASES.toolDefinitions.flatMap((name) => toolDefinitionsOf(a.get(name))),
    ...flattenedTools(a).flatMap((v) => toolDefinitionsOf([v])),
    ...(n.toolDefinitions ? toolDefinitionsOf(n.toolDefinitions) : []),
    ...(category === 'tool' ? ownToolSchema(a, toolName) : []),
  ];
  let errorType = n.errorType ?? attrString(a, ALIASES.errorType);
  for (const event of raw.events)
    if (!errorType && event.name === 'exception')
      errorType = attrString(event.attributes, ['exception.type']);
  const status = raw.status === 'unset' && (errorType || a.get('error') === true) ? 'error' : raw.status;
  return {
    traceId: raw.traceId,
    spanId: raw.spanId,
    parentSpanId: raw.parentSpanId,
    name: raw.name,
    kind: raw.kind,
    startMs: raw.startMs,
    endMs: raw.endMs,
    status,
    statusMessage: raw.statusMessage,
    operation,
    category,
    agentName,
    toolName,
    requestedModel,
    servedModel,
    provider: n.provider ?? attrString(a, ALIASES.provider),
    promptName: n.promptName ?? attrString(a, ALIASES.promptName),
    promptVersion: n.promptVersion ?? attrString(a, ALIASES.promptVersion),
    promptHash: promptText ? shortHash(promptText) : undefined,
    toolDefinitions: definitions,
    dataSource:
      attrString(a, ALIASES.dataSource) ??
      (category === 'retrieval' || isVectorStore(a) ? attrString(a, ALIASES.retrievalStore) : undefined),
    usage: usageOf(raw),
    errorType,
    toolDisposition: attrString(a, ALIASES.disposition),
    links: raw.links,
    serviceName: attrString(raw.resource, ['service.name']),
    attributes: a,
    input: n.input,
    output: n.output,
    ...(bee === 'record' ? { plumbing: true } : {}),
  };
}
