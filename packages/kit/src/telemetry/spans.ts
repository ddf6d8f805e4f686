import { randomBytes } from 'node:crypto';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { currentRequestScope } from './requestScope.ts';

/**
 * OpenTelemetry traces, on only when there is somewhere to send them: `OTEL_EXPORTER_OTLP_ENDPOINT`
 * set (OTLP over HTTP, batched), or a test's in-memory exporter. Otherwise nothing is registered:
 * every helper here checks one boolean and runs the work as is (no span objects, no context
 * switches, SQL unpatched).
 *
 * What makes a trace: the gateway's server span per request and @apollo/gateway's own spans
 * (request, plan, one per query-plan fetch); `traceparent` on every subgraph call, HTTP or
 * in-process, and on every service call; a server span per operation in each center, a span per
 * SQL statement and per service call; the outbox row carries the publisher's `traceparent`, so
 * the consumer's span continues the trace of the request that caused the event.
 */

export const TRACEPARENT = 'traceparent';
const TRACER = 'zhongtai';
const CENTER = 'zhongtai.center';

let on = false;

/** True once a tracer provider is registered in this process (tracing.ts). */
export const tracingOn = (): boolean => on;

/** Set by startTracing / stopTracing only. */
export function markTracing(value: boolean): void {
  on = value;
}

const tracer = () => trace.getTracer(TRACER);

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The center whose work this is (attribute `zhongtai.center`). */
  center?: string;
  /** Parent other than the active context (an extracted `traceparent`). */
  parent?: Context;
  links?: Link[];
}

/**
 * Runs `fn` in a span named `name`, ended when `fn` settles; a thrown error marks it failed.
 * Without tracing, just `fn()`.
 */
export function inSpan<T>(name: string, options: SpanOptions, fn: (span?: Span) => Promise<T>): Promise<T> {
  if (!on) return fn();
  const attributes = options.center ? { ...options.attributes, [CENTER]: options.center } : options.attributes;
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes, links: options.links },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Whether a span is active (SQL spans are made only under one: the relay's polling makes no traces). */
export const spanActive = (): boolean => on && trace.getActiveSpan() !== undefined;

const headersGetter: TextMapGetter<Headers> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => carrier.get(key) ?? undefined,
};

/**
 * The trace context a request (or an event) arrived with, as the parent of its span. Without one:
 * the active context (an in-process call stays under its caller's span), or a new trace (`root`:
 * a job or event nobody traced).
 */
export function contextFrom(headers: Headers | string | undefined | null, whenAbsent: 'active' | 'root' = 'active'): Context {
  const fallback = whenAbsent === 'root' ? ROOT_CONTEXT : context.active();
  if (!on || !headers) return fallback;
  const carrier = typeof headers === 'string' ? new Headers({ [TRACEPARENT]: headers }) : headers;
  if (!carrier.get(TRACEPARENT)) return fallback;
  return propagation.extract(ROOT_CONTEXT, carrier, headersGetter);
}

/**
 * The `traceparent` to send on with a call made now: the active span's when tracing is on;
 * otherwise one carrying the scope's trace id (not sampled), so the logs of every center a
 * request reaches share its trace id even with tracing off.
 */
export function currentTraceparent(): string | undefined {
  if (on) {
    // No span open: no trace to continue (a made-up unsampled parent would silence the callee's spans).
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    return carrier[TRACEPARENT];
  }
  const traceId = currentRequestScope()?.traceId;
  return traceId ? `00-${traceId}-${randomBytes(8).toString('hex')}-00` : undefined;
}

/** Sets `traceparent` on outgoing headers (service calls, subgraph fetches, the sandbox's callbacks). */
export function withTraceparent(headers: Headers): Headers {
  const value = currentTraceparent();
  if (value) headers.set(TRACEPARENT, value);
  return headers;
}

/** The trace id log lines carry: the active span's, else the request scope's. */
export function currentTraceId(): string | undefined {
  if (on) {
    const span = trace.getActiveSpan()?.spanContext();
    if (span && trace.isSpanContextValid(span)) return span.traceId;
  }
  return currentRequestScope()?.traceId;
}

const TRACEPARENT_FORMAT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** The trace id of a `traceparent` header, when it is a valid one. */
export function traceIdOf(traceparent: string | null | undefined): string | undefined {
  const id = traceparent ? TRACEPARENT_FORMAT.exec(traceparent.trim().toLowerCase())?.[1] : undefined;
  return id && !/^0+$/.test(id) ? id : undefined;
}

/** A request's trace id: the one it came with, or a new one. */
export const requestTraceId = (traceparent: string | null | undefined): string => traceIdOf(traceparent) ?? randomBytes(16).toString('hex');

export { SpanKind, SpanStatusCode };
