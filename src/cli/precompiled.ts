/**
 * The CLI validates the bundled schema with the code generated at build time instead of compiling it at start-up
 * (`registerPrecompiledSchema`; the extension does not load this module). Imported for its effect by every CLI entry.
 */
import { registerPrecompiledSchema } from '../core/index.js';
import { SCHEMA_FINGERPRINT, validate } from '../core/schema/bundled-validator.generated.js';

registerPrecompiledSchema(SCHEMA_FINGERPRINT, validate);
