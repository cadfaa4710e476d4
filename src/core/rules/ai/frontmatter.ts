/** Frontmatter: what a postmortem records in its YAML (the six variables, agent decisions) and where. */
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { PostmortemDocument } from '../../document/parse.js';
import type { TextRange } from '../../types.js';

/** The six variables that move silently in an LLM incident, by frontmatter key. */
export const SIX_VARIABLES = [
  'prompt_revision',
  'model_slice',
  'judge',
  'retrieval_index_state',
  'tool_schemas',
  'traffic_mix',
] as const;
export type SixVariable = (typeof SIX_VARIABLES)[number];

/** How a document mentions each variable in prose, when it is not in the frontmatter. */
const VARIABLE_MENTIONS: Record<SixVariable, RegExp> = {
  prompt_revision:
    /\b(?:prompt|system prompt|prompt template)(?: revision| version| rev\.?)?\s+(?:v|rev|version\s)?\d[\w.-]*|\bprompt (?:revision|version|hash)\b/i,
  model_slice:
    /\b(?:served|requested|routed) model\b|\bmodel (?:slice|version|snapshot|id)\b|\b(?:gpt-[\w.-]+|claude-[\w.-]+|gemini-[\w.-]+|llama-?\d[\w.-]*|mistral-[\w.-]+|o\d-[\w-]+)\b/i,
  judge:
    /\bjudge\b|\bevaluator\b|\b(?:guardrail|classifier|eval(?:uation)?) (?:threshold|config(?:uration)?|score)\b/i,
  retrieval_index_state:
    /\b(?:retrieval|vector|search|embedding) index\b|\bindex (?:version|state|snapshot|refresh)\b|\bembedding model\b|\bre-?index(?:ed|ing)?\b/i,
  tool_schemas:
    /\b(?:tool|function) (?:schema|definition|description|manifest)s?\b|\btool schema version\b|\b(?:has|have|had|with|uses?) no tools\b/i,
  traffic_mix:
    /\btraffic (?:mix|split|share)\b|\d+(?:\.\d+)?\s?% of (?:traffic|requests|sessions|calls|conversations)\b|\bby (?:tenant|model|operation)\b/i,
};

/** The frontmatter key written in prose ("`tool_schemas` is empty on purpose") is a statement about that variable. */
function keyMention(variable: SixVariable): RegExp {
  return new RegExp(String.raw`(?<![\w-])${variable}(?![\w-])`);
}

export function frontmatterData(document: PostmortemDocument): Record<string, unknown> {
  return document.frontmatter?.data ?? {};
}

/** Whether the frontmatter records `key` with a non-empty value. */
export function recorded(document: PostmortemDocument, key: string): boolean {
  const value = frontmatterData(document)[key];
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Source range of a frontmatter key's value, or of the item `index` of a sequence. */
export function frontmatterRange(
  document: PostmortemDocument,
  key: string,
  index?: number,
): TextRange | undefined {
  const fm = document.frontmatter;
  const root = fm?.doc?.contents;
  if (!fm || !isMap(root)) return undefined;
  const pair = root.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
  let node = pair?.value as YamlNode | null | undefined;
  if (index !== undefined && isSeq(node)) node = node.items[index] as YamlNode | undefined;
  const r = node?.range;
  return r ? { start: fm.base + r[0], end: fm.base + r[1] } : undefined;
}

/** Whether a text mentions one of the six variables (used with the frontmatter for `ai-context`). */
export function mentionsVariable(text: string, variable: SixVariable): boolean {
  return VARIABLE_MENTIONS[variable].test(text) || keyMention(variable).test(text);
}
