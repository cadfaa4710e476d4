/**
 * Lint one file and record it from the same parse: the findings of every rule without the
 * repository, plus the plain data (`CrossFileInput`) the main thread needs to add `recurrence`
 * once every record is known. Runs in a lint worker or in process; both give the same result.
 */
import { RULES, crossFileInput, lint, parsePostmortem, recordPostmortem, type CrossFileInput, type Finding, type Resolver, type SchemaAssociation } from '../core/index.js';
import type { Root } from 'mdast';

export interface RecordedLint {
  readonly findings: readonly Finding[];
  readonly schema: { readonly source: SchemaAssociation['source']; readonly name: string };
  readonly cross: CrossFileInput;
}

/** `Resolver.lintFile` without a repository (the same steps), keeping the parse for the record. */
export async function lintAndRecord(resolver: Resolver, markdown: (text: string) => Root, path: string, text: string): Promise<RecordedLint> {
  const { config } = await resolver.configFor(path);
  const document = parsePostmortem(text, config.limits, markdown);
  const association = await resolver.schemaFor(path, document.frontmatter?.data?.['$schema'], config);
  const { findings, suppression } = lint(text, { config, schema: association.schema, rules: RULES, document, path });
  const record = recordPostmortem(path, document, config.phrases);
  return { findings, schema: { source: association.source, name: association.name }, cross: crossFileInput(text, document, record, suppression) };
}
