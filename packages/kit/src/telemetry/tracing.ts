import { context, propagation, trace } from '@opentelemetry/api';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { markTracing } from './spans.ts';
import { instrumentSql, uninstrumentSql } from './sqlSpans.ts';

/**
 * Turns tracing on for this process, only when there is somewhere to send spans (see spans.ts):
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (OTLP over HTTP, batched) or a test's exporter.
 */

let provider: NodeTracerProvider | undefined;

export interface TracingOptions {
  /** `service.name` of this process (OTEL_SERVICE_NAME wins). */
  serviceName?: string;
  /** Where spans go instead of OTLP (tests: an InMemorySpanExporter, exported at each span's end). */
  exporter?: SpanExporter;
  env?: NodeJS.ProcessEnv;
}

/**
 * Registers the tracer provider once per process when there is an exporter; later calls do
 * nothing (the first names the service). Returns whether tracing is on.
 */
export async function startTracing(options: TracingOptions = {}): Promise<boolean> {
  if (provider) return true;
  const env = options.env ?? process.env;
  // The traces endpoint as is; the general one with the OTLP/HTTP path for traces.
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!options.exporter && !endpoint) return false;
  let processor;
  if (options.exporter) processor = new SimpleSpanProcessor(options.exporter);
  else {
    // Loaded only when used: the exporter pulls in the OTLP encoders.
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }));
  }
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || options.serviceName || 'zhongtai' }),
    spanProcessors: [processor],
  });
  // Also sets the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  instrumentSql();
  markTracing(true);
  return true;
}

/** Sends the spans still batched (a process closing its host). */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

/** Flushes and unregisters (tests). */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  if (!stopping) return;
  provider = undefined;
  markTracing(false);
  uninstrumentSql();
  await stopping.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}
