import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger as Pino, type LoggerOptions } from 'pino';
import { redact } from './audit/redact.ts';
import { currentRequestScope } from './telemetry/requestScope.ts';
import { currentTraceId } from './telemetry/spans.ts';

/**
 * The servers' logger: pino, one JSON line per entry, `{ level, time, pid, center, requestId,
 * traceId, operation, role, ...fields, message }`. The request's fields come from the request
 * scope (telemetry/requestScope.ts) the gateway, each center and the event bus open, so a domain
 * function's line carries them without being handed them. Warnings and errors go to stderr,
 * the rest to stdout.
 *
 * Redaction is configured here once: every entry goes through the audit log's `redact` (by key
 * at any depth: authorization, token, password, phone, address, receiver, ID numbers...; and in
 * free text: mainland mobile numbers, ID numbers, e-mail addresses, bearer tokens and JWTs).
 *
 * Level: `LOG_LEVEL` (`trace`, `debug`, `info`, `warn`, `error`, `fatal`, `silent`); unset, `info`,
 * except under NODE_ENV=test where it is `silent` (a test asserts on answers and rows, not on log
 * lines; set LOG_LEVEL to see them). Read at each entry, so a test may turn it on for one case.
 * `LOG_PRETTY=1` on a terminal prints pino-pretty's coloured lines instead of JSON.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Who a line is about: the center and the request, when there is one (a RequestContext fits). */
export interface LogScope {
  center?: string;
  requestId?: string;
  claims?: { role?: string } | null;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The same logger with more fields on every line (e.g. a queue name). */
  child(fields: LogFields): Logger;
}

const RANK = { trace: 5, debug: 10, info: 20, warn: 30, error: 40, fatal: 50, silent: 100 } as const;

function threshold(env: NodeJS.ProcessEnv = process.env): number {
  const wanted = (env.LOG_LEVEL ?? '').trim().toLowerCase();
  if (wanted in RANK) return RANK[wanted as keyof typeof RANK];
  return (env.NODE_ENV ?? '').trim().toLowerCase() === 'test' ? RANK.silent : RANK.info;
}

/** Errors lose their message and stack in JSON; this keeps them (and a pg error's code). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  const cause = (value as { cause?: unknown }).cause;
  return {
    name: value.name,
    message: value.message,
    ...(code !== undefined ? { code } : {}),
    stack: value.stack,
    ...(cause !== undefined ? { cause: plain(cause) } : {}),
  };
}

let override: DestinationStream | undefined;
let root: Pino | undefined;

const pretty = () => ['1', 'true', 'yes'].includes((process.env.LOG_PRETTY ?? '').toLowerCase()) && process.stdout.isTTY === true;

function createRoot(): Pino {
  const usePretty = !override && pretty();
  const options: LoggerOptions = {
    level: 'trace',
    messageKey: 'message',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // pino-pretty reads numeric levels; JSON readers get the name.
      ...(usePretty ? {} : { level: (label: string) => ({ level: label }) }),
      log: (entry) => redact(entry) as Record<string, unknown>,
    },
  };
  if (override) return pino(options, override);
  if (usePretty) {
    const prettyStream = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
    return pino(options, prettyStream({ colorize: true, messageKey: 'message', ignore: 'pid,hostname', sync: true }));
  }
  return pino(
    options,
    pino.multistream(
      [
        { level: 'trace', stream: process.stdout },
        { level: 'warn', stream: process.stderr },
      ],
      { dedupe: true },
    ),
  );
}

/** The one pino instance of the process, made at first use. */
function rootLogger(): Pino {
  return (root ??= createRoot());
}

/**
 * Sends every entry to `destination` (one JSON line per write) instead of stdout/stderr, or back
 * there with none: a test reads a run's log from a buffer.
 */
export function setLogDestination(destination: DestinationStream | undefined): void {
  override = destination;
  root = undefined;
}

function write(level: LogLevel, message: string, bound: LogFields, fields?: LogFields): void {
  if (RANK[level] < threshold()) return;
  const entry: LogFields = {};
  const scope = currentRequestScope();
  if (scope) {
    if (scope.center) entry.center = scope.center;
    if (scope.requestId) entry.requestId = scope.requestId;
    if (scope.operation) entry.operation = scope.operation;
    if (scope.role) entry.role = scope.role;
  }
  const traceId = currentTraceId();
  if (traceId) entry.traceId = traceId;
  Object.assign(entry, bound);
  if (fields) for (const [key, value] of Object.entries(fields)) entry[key] = plain(value);
  rootLogger()[level](entry, message);
}

function make(bound: LogFields): Logger {
  return {
    debug: (message, fields) => write('debug', message, bound, fields),
    info: (message, fields) => write('info', message, bound, fields),
    warn: (message, fields) => write('warn', message, bound, fields),
    error: (message, fields) => write('error', message, bound, fields),
    child: (fields) => make({ ...bound, ...fields }),
  };
}

/**
 * A logger for a center or a request: `logger(ctx)` with a RequestContext puts its center,
 * request id and caller's role on every line; `logger({ center: 'events' })` for code outside a
 * request. Inside a request scope the rest (trace id, operation) comes from the scope.
 */
export function logger(scope: LogScope = {}): Logger {
  const bound: LogFields = {};
  if (scope.center) bound.center = scope.center;
  if (scope.requestId) bound.requestId = scope.requestId;
  if (scope.claims !== undefined) bound.role = scope.claims?.role ?? 'ANONYMOUS';
  return make(bound);
}

/** Whether entries of this level are written now (to skip building costly fields). */
export function logEnabled(level: LogLevel): boolean {
  return RANK[level] >= threshold();
}
