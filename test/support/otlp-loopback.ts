/**
 * A real OpenTelemetry JS SDK pipeline exporting to an OTLP/HTTP receiver on loopback: what tests use to get trace
 * files as an instrumented service writes them (one request body per line, as the Collector's file exporter does).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Runs `emit` with a tracer (instrumentation scope `scope`) of service `service`, flushes, stops the receiver and
 * returns the request bodies, one per line. An `emit` that runs a real SDK (which nests its spans through the
 * active context) may be async: an AsyncLocalStorage context manager is then in force while it runs.
 */
export async function exportedThroughLoopback(
  service: string,
  scope: string,
  emit: (tracer: Tracer) => void | Promise<void>,
): Promise<string> {
  const bodies: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/traces`,
        }),
        { maxExportBatchSize: 16, scheduledDelayMillis: 10 },
      ),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  try {
    await emit(provider.getTracer(scope));
    await provider.forceFlush();
    await provider.shutdown();
  } finally {
    context.disable();
    receiver.closeAllConnections();
    receiver.close();
  }
  return bodies.join('\n');
}
