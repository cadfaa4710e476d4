/** The new-postmortem template, shared by `postmortem new` and the editor's command and snippet. */

export interface TemplateValues {
  readonly title: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly id: string;
}

/** Quote a YAML scalar only when it needs it. */
function yamlString(value: string): string {
  return /^[\w .,()/-]+$/.test(value) && !/^[\d.-]|:\s|\s#|^(true|false|null|yes|no|on|off|~)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

/**
 * The text of a new postmortem. Everything the author still has to write is an empty field or an
 * HTML comment (guidance the preview hides), never a sentence: nothing in an untouched template
 * counts as recorded, so the rules and `postmortem report` see it as the empty document it is.
 */
export function newPostmortem(values: TemplateValues): string {
  const d = values.date;
  return `---
kind: postmortem
id: ${yamlString(values.id)}
title: ${yamlString(values.title)}
date: ${d}
severity: SEV3
status: draft
authors: []
services: []
started_at: ${d}T00:00:00Z
detected_at: ${d}T00:00:00Z
resolved_at: ${d}T00:00:00Z
ai_involved: true
# The six variables that move silently: prompt_revision, model_slice, judge,
# retrieval_index_state, tool_schemas, traffic_mix. Pin each to the incident window.
prompt_revision: []
model_slice: []
judge: []
retrieval_index_state: []
tool_schemas: []
traffic_mix: {}
failure_classes: []
agent_decisions: []
dependency_chain: []
---

# ${values.title}

## Summary

<!-- What happened, who was affected, and for how long, in three sentences. -->

## Impact

<!-- Users, requests or money affected, and for how long. -->

## Timeline

<!-- One row per event, oldest first, times in UTC; mark what an agent or model did with [agent]. -->

| Time (UTC) | Actor | Event |
| --- | --- | --- |

## Agent decisions

<!-- For each decision an agent or model made: what it observed, what it concluded, what it did, -->
<!-- which alternatives it had, and which gate (if any) stood before the action. -->

## Root cause

<!-- Two parts: the deterministic cause (code, config, docs), and what the model observed, -->
<!-- what it concluded and why that was wrong. -->

## Behavior rate

<!-- Replays of the failing input under the incident's conditions: n replays, k bad outputs, -->
<!-- the rate and its interval. -->

## Contributing factors

<!-- One bullet per factor. -->

## Dependencies

<!-- Each party in the chain with its tier, down to the vendor's vendor, or "unknown". -->

## Action items

<!-- One row per action: what, an owner, a due date, open or done. -->

| Action | Owner | Due | Status |
| --- | --- | --- | --- |

## Lessons learned

<!-- What went well, what went poorly, where we got lucky. -->
`;
}
