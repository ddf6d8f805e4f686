/**
 * The servers' logger: one JSON line per entry, `{ time, level, center, requestId, message, ...fields }`,
 * so a line can be grepped by request id and read by any log shipper. Warnings and errors go to
 * stderr, the rest to stdout.
 *
 * Level: `LOG_LEVEL` (`debug`, `info`, `warn`, `error`, `silent`); unset, `info`, except under
 * NODE_ENV=test where it is `silent` (a test asserts on answers and rows, not on log lines; set
 * LOG_LEVEL to see them). Read at each entry, so a test may turn it on for one case.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Who a line is about: the center and the request, when there is one. */
export interface LogScope {
  center?: string;
  requestId?: string;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The same logger with more fields on every line (e.g. a queue name). */
  child(fields: LogFields): Logger;
}

const RANK: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(env: NodeJS.ProcessEnv = process.env): number {
  const wanted = (env.LOG_LEVEL ?? '').trim().toLowerCase();
  if (wanted in RANK) return RANK[wanted as LogLevel];
  return (env.NODE_ENV ?? '').trim().toLowerCase() === 'test' ? RANK.silent : RANK.info;
}

/** Errors lose their message and stack in JSON.stringify; this keeps them (and a pg error's code). */
function plain(value: unknown): unknown {
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

/** One entry as its JSON line (exported for the logger's test). */
export function formatEntry(level: LogLevel, message: string, bound: LogFields, fields: LogFields = {}, time = new Date()): string {
  const entry: LogFields = { time: time.toISOString(), level, ...bound, message };
  for (const [key, value] of Object.entries(fields)) entry[key] = plain(value);
  try {
    return JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  } catch {
    // A circular field must not turn a log line into a crash.
    return JSON.stringify({ time: entry.time, level, ...bound, message, unserializable: Object.keys(fields) });
  }
}

function write(level: LogLevel, message: string, bound: LogFields, fields?: LogFields): void {
  if (RANK[level] < threshold()) return;
  const line = formatEntry(level, message, bound, fields) + '\n';
  (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(line);
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
 * A logger for a center or a request: `logger(ctx)` with a RequestContext puts its center and
 * request id on every line; `logger({ center: 'events' })` for code outside a request.
 */
export function logger(scope: LogScope = {}): Logger {
  const bound: LogFields = {};
  if (scope.center) bound.center = scope.center;
  if (scope.requestId) bound.requestId = scope.requestId;
  return make(bound);
}

/** Whether entries of this level are written now (to skip building costly fields). */
export function logEnabled(level: LogLevel): boolean {
  return RANK[level] >= threshold();
}
