/**
 * `explain` as text: the one renderer of a linter's `Explanation` (why a file is or is not taken, which config and
 * schema apply, every rule's setting). `postmortem explain` and the editor's Explain Schema both print this, so they
 * say the same; a shell passes only how it names paths and what it knows of the document.
 */
import { CONFIG_FILE_NAME } from './config.js';
import { LineIndex } from './document/line-index.js';
import type { Explanation } from './linter.js';
import { describeRecognition } from './recognise/recognise.js';
import type { ConfigFailure, SchemaAssociation } from './resolve.js';

/** An `Explanation`, its compiled schema reduced to whether it can be used (the editor's worker sends no validator). */
export type ExplanationData = Omit<Explanation, 'association'> & {
  readonly association: Pick<SchemaAssociation, 'source' | 'name' | 'reason'> & {
    readonly schema: { readonly ok: true } | { readonly ok: false; readonly error: string };
  };
};

/** How a shell shows an explanation. */
export interface ExplanationView {
  /** A path as the shell names it to its user: relative to the working folder (CLI) or the workspace (editor). */
  readonly relative: (path: string) => string;
  /** The document is open in the Postmortem language mode, which lints it whatever recognition decides. */
  readonly postmortemMode?: boolean;
}

const INDENT = ' '.repeat(13);

/** One line per problem of an invalid config, `path:line:column error message  config`, as `lint` prints them. */
export function configFailureLines(failure: ConfigFailure, relative: (path: string) => string): string[] {
  const lines = new LineIndex(failure.text);
  const shown = relative(failure.path);
  return failure.problems.map((p) => {
    const s = lines.position(p.range.start);
    return `${shown}:${s.line}:${s.column} error ${p.message}  config`;
  });
}

/** The explanation as lines of text (no final newline). */
export function renderExplanation(explained: ExplanationData, view: ExplanationView): string {
  const { config, configFailure, recognition, association, trusted } = explained;
  const { relative } = view;
  const out: string[] = [`File:        ${relative(explained.path)}`];
  out.push(
    !recognition.postmortem && view.postmortemMode
      ? 'Postmortem:  yes: the document is in Postmortem mode'
      : `Postmortem:  ${describeRecognition(recognition, config.path ? relative(config.path) : undefined)}${recognition.postmortem ? '' : `\n${INDENT}a folder walk skips it (linted anyway when named on the command line or open in Postmortem mode)`}`,
  );
  if (!trusted)
    out.push(
      'Config:      not read: the workspace is in Restricted Mode (built-in defaults and the bundled schema apply)',
    );
  else if (configFailure)
    out.push(
      `Config:      ${relative(configFailure.path)} is invalid, so the defaults apply:`,
      ...configFailureLines(configFailure, relative),
    );
  else
    out.push(
      `Config:      ${config.path ? `${relative(config.path)} (the nearest ${CONFIG_FILE_NAME} in the file's folder or above)` : `none (no ${CONFIG_FILE_NAME} in the file's folder or above): built-in defaults`}`,
    );
  // The bundled schema and URLs keep their names; a schema file is a path like the others.
  const name =
    association.source === 'default' ||
    /^[a-z][a-z0-9+.-]*:/i.test(association.name) ||
    association.name.startsWith('bundled')
      ? association.name
      : relative(association.name);
  out.push(
    `Schema:      ${name}, because ${association.reason}${association.schema.ok ? '' : `\n${INDENT}cannot be used: ${association.schema.error}`}`,
    'Order:       `$schema` in the frontmatter, then `schema` in the config, then the bundled schema',
    'Rules:',
  );
  for (const rule of explained.rules)
    out.push(
      `  ${rule.id.padEnd(28)} ${rule.severity.padEnd(8)} ${rule.source === 'config' ? 'from the config' : 'default'}${rule.options ? ` ${JSON.stringify(rule.options)}` : ''}`,
    );
  return out.join('\n');
}
