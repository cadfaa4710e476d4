/**
 * Entry of the extension's lint worker: `dist/editor-worker.cjs` (a worker thread of the Node
 * extension host) and `dist/web/editor-worker.js` (a Web Worker of the browser one), built by
 * scripts/build.mjs with `__WEB__` telling which. The work is `lint-service.ts`'s.
 */
import type { PrecompiledSchema } from '../core/index.js';
import { SCHEMA_FINGERPRINT, validate } from '../core/schema/bundled-validator.generated.js';
import type { FromWorker, ToWorker } from './lint-protocol.js';
import { serve } from './lint-service.js';

/** CommonJS `require` of the Node bundle (the shell compiles without Node types). */
declare const require: (id: string) => unknown;

interface Port {
  postMessage(message: FromWorker): void;
}

// The bundled schema's validator generated at build time, as the CLI's instances use it: a (re)started worker compiles no schema for its first lint.
const precompiledSchema: PrecompiledSchema = { fingerprint: SCHEMA_FINGERPRINT, validate };

if (__WEB__) {
  const scope = globalThis as unknown as Port & { onmessage: ((event: { data: ToWorker }) => void) | null };
  serve(
    (message) => scope.postMessage(message),
    (listener) => {
      scope.onmessage = (event) => listener(event.data);
    },
    { precompiledSchema },
  );
} else {
  const { parentPort } = require('node:worker_threads') as {
    parentPort: (Port & { on(event: 'message', listener: (message: ToWorker) => void): void }) | null;
  };
  if (parentPort)
    serve(
      (message) => parentPort.postMessage(message),
      (listener) => parentPort.on('message', listener),
      { precompiledSchema },
    );
}
