/** The bundled frontmatter schema (`schemas/postmortem.schema.json`), compiled once per choice of validator. */
import defaultSchema from '../../../schemas/postmortem.schema.json' with { type: 'json' };
import { compileSchema, type CompiledSchema, type PrecompiledSchema } from './validator.js';

/** The `$schema` that names the bundled schema. */
export const DEFAULT_SCHEMA_ID = 'https://ai-postmortem.dev/schemas/postmortem.schema.json';
/** How findings and `explain` name the bundled schema. */
export const DEFAULT_SCHEMA_NAME = 'bundled postmortem.schema.json';

/** The bundled schema, validated by `precompiled` when given and fresh, else compiled at run time (once). */
export function bundled(precompiled?: PrecompiledSchema | false): CompiledSchema {
  return compileSchema(defaultSchema, DEFAULT_SCHEMA_NAME, { precompiled });
}
