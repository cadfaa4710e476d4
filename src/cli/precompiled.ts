/**
 * The bundled schema's validator generated at build time, for the CLI's linter instances (`precompiledSchema`), so no
 * run compiles the schema at start-up; the extension does not load this module.
 */
import type { PrecompiledSchema } from '../core/index.js';
import { SCHEMA_FINGERPRINT, validate } from '../core/schema/bundled-validator.generated.js';

export const PRECOMPILED_SCHEMA: PrecompiledSchema = { fingerprint: SCHEMA_FINGERPRINT, validate };
