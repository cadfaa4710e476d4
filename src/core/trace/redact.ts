/**
 * What may leave a trace and enter a postmortem. Three layers (notes: "Trace import"):
 * 1. an allowlist of attributes whose values may be copied as metadata;
 * 2. an always-deny list (content, headers, user identity, full URLs) that wins over everything;
 * 3. a scanner for values that look like secrets or personal data, applied to every string that
 *    is written, metadata included: a secret-looking model name is dropped, not copied.
 * Content (prompts, completions, messages, tool arguments and results, comments) is copied only
 * with `includeContent`, and even then masked by the scanner and truncated.
 */

/** Attributes whose values may be copied (exact names, or prefixes ending in `.`). Version 1. */
export const ALLOWED_ATTRIBUTES: readonly string[] = [
  'service.name',
  'service.version',
  'deployment.environment.name',
  'deployment.environment',
  'http.request.method',
  'http.response.status_code',
  'http.route',
  'url.path',
  'error.type',
  'exception.type',
  'rpc.',
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.openai.request.model',
  'gen_ai.usage.',
  'gen_ai.response.finish_reasons',
  'gen_ai.agent.name',
  'gen_ai.agent.id',
  'gen_ai.tool.name',
  'gen_ai.tool.type',
  'gen_ai.prompt.name',
  'gen_ai.data_source.id',
  'gen_ai.agent.tool.disposition',
  'gen_ai.evaluation.name',
  'gen_ai.evaluation.score.value',
  'gen_ai.evaluation.score.label',
  'openinference.span.kind',
  'llm.model_name',
  'llm.request.model_name',
  'llm.response.model_name',
  'llm.provider',
  'llm.system',
  'llm.token_count.',
  'llm.prompt_template.name',
  'llm.prompt_template.version',
  'tool.name',
  'agent.name',
  'agent_name',
  'langsmith.span.kind',
  'langsmith.metadata.ls_provider',
  'langsmith.metadata.ls_model_name',
  'langsmith.metadata.revision_id',
  'langsmith.metadata.lc_hub_repo',
  'langsmith.metadata.lc_hub_commit_hash',
  'langfuse.observation.prompt.name',
  'langfuse.observation.prompt.version',
  'ai.operationId',
  'ai.model.id',
  'ai.model.provider',
  'ai.response.model',
  'ai.toolCall.name',
  'ai.usage.',
  'db.collection.name',
  'db.namespace',
];

/**
 * Never copied, whatever the allowlist says. Opt-In content of the GenAI conventions, OpenInference
 * messages and values, headers, identities, full URLs, queries and stack traces.
 */
export const DENIED_ATTRIBUTES: readonly RegExp[] = [
  /^gen_ai\.(input|output)\.messages$/,
  /^gen_ai\.system_instructions$/,
  /^gen_ai\.tool\.definitions$/,
  /^gen_ai\.tool\.call\.(arguments|result)$/,
  /^gen_ai\.retrieval\./,
  /^gen_ai\.(prompt|completion)$/,
  /^gen_ai\.(system|user|assistant|tool)\.message$/,
  /^gen_ai\.choice$/,
  /^gen_ai\.conversation\.id$/,
  /^gen_ai\.evaluation\.explanation$/,
  /^(input|output)\.value$/,
  /^llm\.(input|output)_messages\./,
  /^llm\.invocation_parameters$/,
  /^llm\.prompt_template\.(template|variables)$/,
  /^llm\.tools\./,
  /^retrieval\.documents\./,
  /^embedding\.embeddings\./,
  /^ai\.prompt/,
  /^ai\.response\.(text|toolCalls|object|providerMetadata)$/,
  /^ai\.toolCall\.(args|result)$/,
  /^ai\.request\.headers\./,
  /^http\.(request|response)\.header\./,
  /\.headers?(\.|$)/i,
  /^db\.query\.text$/,
  /^db\.statement$/,
  /^url\.(full|query)$/,
  /^http\.url$/,
  /^user\./,
  /^enduser\./,
  /^session\.id$/,
  /^client\.address$/,
  /^exception\.(stacktrace|message)$/,
];

export function isDeniedAttribute(key: string): boolean {
  return DENIED_ATTRIBUTES.some((re) => re.test(key));
}

export function isAllowedAttribute(key: string): boolean {
  if (isDeniedAttribute(key)) return false;
  return ALLOWED_ATTRIBUTES.some((name) => (name.endsWith('.') ? key.startsWith(name) : key === name));
}

export type SecretKind =
  | 'aws-access-key'
  | 'github-token'
  | 'slack-token'
  | 'jwt'
  | 'bearer-token'
  | 'pem-block'
  | 'email'
  | 'url-credentials'
  | 'signed-url'
  | 'api-key'
  | 'card-number'
  | 'high-entropy';

const PATTERNS: ReadonlyArray<readonly [SecretKind, RegExp]> = [
  [
    'pem-block',
    /-----BEGIN [A-Z0-9 ]*(PRIVATE KEY|CERTIFICATE|PGP)[A-Z ]*-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g,
  ],
  ['aws-access-key', /\b(AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g],
  ['github-token', /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g],
  ['slack-token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/g],
  ['jwt', /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g],
  ['bearer-token', /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/-]{8,}=*/gi],
  ['url-credentials', /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/gi],
  [
    'signed-url',
    /[?&](X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|AWSAccessKeyId|Signature|sig|X-Goog-Signature|X-Goog-Credential|sv|se)=[^&\s]+/g,
  ],
  [
    'api-key',
    /\b(sk-[A-Za-z0-9_-]{16,}|sk-ant-[A-Za-z0-9_-]{16,}|sk-lf-[A-Za-z0-9-]{8,}|pk-lf-[A-Za-z0-9-]{8,}|lsv2_[a-z]{2}_[A-Za-z0-9_]{16,}|AIza[0-9A-Za-z_-]{30,}|glpat-[A-Za-z0-9_-]{20,})/g,
  ],
  ['email', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g],
];

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function entropy(token: string): number {
  const counts = new Map<string, number>();
  for (const ch of token) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / token.length) * Math.log2(n / token.length);
  return h;
}

/** Long random-looking tokens: ≥ 20 characters of a key alphabet, letters and digits, > 4.2 bits per character (hex ids stay below 4). */
function highEntropyTokens(value: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /[A-Za-z0-9+/_=-]{20,}/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const token = m[0];
    if (/[A-Za-z]/.test(token) && /\d/.test(token) && entropy(token) > 4.2)
      out.push([m.index, m.index + token.length]);
  }
  return out;
}

function cardNumbers(value: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /\b\d(?:[ -]?\d){12,18}\b/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits))
      out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Every secret-looking span of `value`, by kind. */
export function findSecrets(value: string): Array<{ kind: SecretKind; start: number; end: number }> {
  const found: Array<{ kind: SecretKind; start: number; end: number }> = [];
  for (const [kind, re] of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(value); m; m = re.exec(value)) {
      found.push({ kind, start: m.index, end: m.index + m[0].length });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  for (const [start, end] of cardNumbers(value)) found.push({ kind: 'card-number', start, end });
  for (const [start, end] of highEntropyTokens(value)) found.push({ kind: 'high-entropy', start, end });
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

export const REDACTED = '[REDACTED]';

/** Counts what was withheld, so the shells can report numbers, never values. */
export class Redactor {
  /** Metadata values dropped because they looked like secrets. */
  droppedValues = 0;
  /** Secrets masked inside copied content. */
  maskedSecrets = 0;
  /** Content values not copied because `includeContent` was off. */
  withheldContent = 0;

  constructor(readonly includeContent: boolean) {}

  /** A metadata value (model, tool or agent name…): copied only if nothing in it looks secret. */
  metadata(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
    if (clean === '') return undefined;
    if (findSecrets(clean).length > 0) {
      this.droppedValues++;
      return undefined;
    }
    return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
  }

  /**
   * A link to the trace in the backend's UI (`https://host/projects/<id>/traces/<trace id>`): scanned like
   * metadata, except that a random-looking token is looked for in each part of the URL (the scanner's
   * token alphabet includes `/`, so a whole path of short ids would read as one token).
   */
  link(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const clean = value.trim();
    if (!/^https?:\/\/\S+$/.test(clean) || clean.length > 2048) return undefined;
    if (
      findSecrets(clean).some((f) => f.kind !== 'high-entropy') ||
      clean.split(/[/?&#=:@;,]/).some((part) => highEntropyTokens(part).length > 0)
    ) {
      this.droppedValues++;
      return undefined;
    }
    return clean;
  }

  /** A content value: `undefined` unless content was asked for; then masked and cut to `max` characters. */
  content(value: string | undefined, max = 160): string | undefined {
    if (value === undefined || value.trim() === '') return undefined;
    if (!this.includeContent) {
      this.withheldContent++;
      return undefined;
    }
    return this.mask(value, max);
  }

  mask(value: string, max: number): string {
    let out = '';
    let at = 0;
    for (const s of findSecrets(value)) {
      if (s.start < at) continue;
      out += value.slice(at, s.start) + REDACTED;
      at = s.end;
      this.maskedSecrets++;
    }
    out += value.slice(at);
    out = out.replace(/\s+/g, ' ').trim();
    return out.length > max ? `${out.slice(0, max - 1)}…` : out;
  }
}
