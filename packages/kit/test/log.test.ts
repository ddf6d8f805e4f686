import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logEnabled, logger, setLogDestination } from '../src/log.ts';
import { withRequestScope } from '../src/telemetry/requestScope.ts';
import { currentTraceparent, requestTraceId, tracingOn } from '../src/telemetry/spans.ts';
import { startTracing } from '../src/telemetry/tracing.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out, err };
}

function buffer() {
  const lines: string[] = [];
  setLogDestination(
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return lines;
}

afterEach(() => {
  setLogDestination(undefined);
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('logger', () => {
  it('writes one JSON line with level, time, pid, center, requestId, role, message and the fields', () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    const { out, err } = capture();
    logger({ center: 'orders', requestId: 'req-1', claims: { role: 'CUSTOMER' } }).info('order placed', { orderId: 'ord_1', total: 12n });
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    expect(out[0]!.endsWith('\n')).toBe(true);
    expect(out[0]!.trimEnd()).not.toContain('\n');
    const entry = JSON.parse(out[0]!);
    expect(entry).toEqual({
      level: 'info',
      time: expect.any(String),
      pid: process.pid,
      center: 'orders',
      requestId: 'req-1',
      role: 'CUSTOMER',
      message: 'order placed',
      orderId: 'ord_1',
      total: '12',
    });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it('sends warnings and errors to stderr and keeps an error its message, code and stack', () => {
    vi.stubEnv('LOG_LEVEL', 'debug');
    const { out, err } = capture();
    const failure = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    const log = logger({ center: 'payments' }).child({ provider: 'SANDBOX' });
    log.debug('trying');
    log.error('provider createPayment failed', { error: failure });
    expect(out.map((l) => JSON.parse(l).level)).toEqual(['debug']);
    expect(err).toHaveLength(1);
    const entry = JSON.parse(err[0]!);
    expect(entry).toMatchObject({
      level: 'error',
      center: 'payments',
      provider: 'SANDBOX',
      error: { name: 'Error', message: 'connection refused', code: 'ECONNREFUSED' },
    });
    expect(entry.error.stack).toContain('connection refused');
  });

  it('drops entries below LOG_LEVEL', () => {
    vi.stubEnv('LOG_LEVEL', 'warn');
    const { out, err } = capture();
    logger().info('not shown');
    logger().warn('shown');
    expect(out).toEqual([]);
    expect(err.map((l) => JSON.parse(l).message)).toEqual(['shown']);
    expect(logEnabled('info')).toBe(false);
    expect(logEnabled('error')).toBe(true);
  });

  it('is quiet under NODE_ENV=test unless LOG_LEVEL is set', () => {
    vi.stubEnv('NODE_ENV', 'test');
    vi.stubEnv('LOG_LEVEL', '');
    const { out, err } = capture();
    logger().error('not shown in tests');
    expect([...out, ...err]).toEqual([]);
    vi.stubEnv('NODE_ENV', 'production');
    expect(logEnabled('info')).toBe(true);
    expect(logEnabled('debug')).toBe(false);
  });

  it('never throws on a field it cannot serialize', () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    const lines = buffer();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    logger({ center: 'kit' }).error('odd', { circular });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', center: 'kit', message: 'odd' });
  });

  it('puts the request scope on every line inside it: request id, trace id, operation, center, role; the logger’s own fields win', () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    const lines = buffer();
    const traceId = requestTraceId(undefined);
    withRequestScope({ center: 'gateway', requestId: 'req-9', traceId, operation: 'PlaceOrder', role: 'CUSTOMER' }, () => {
      logger().info('at the gateway');
      // A center's scope inside the gateway's (all-in-one mode): its center, the same request and trace.
      withRequestScope({ center: 'inventory', operation: 'Reserve', role: 'SERVICE' }, () => logger().info('in inventory'));
      logger({ center: 'events' }).info('bound center');
    });
    logger().info('outside');
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map(({ center, requestId, traceId: id, operation, role }) => ({ center, requestId, id, operation, role }))).toEqual([
      { center: 'gateway', requestId: 'req-9', id: traceId, operation: 'PlaceOrder', role: 'CUSTOMER' },
      { center: 'inventory', requestId: 'req-9', id: traceId, operation: 'Reserve', role: 'SERVICE' },
      { center: 'events', requestId: 'req-9', id: traceId, operation: 'PlaceOrder', role: 'CUSTOMER' },
      { center: undefined, requestId: undefined, id: undefined, operation: undefined, role: undefined },
    ]);
  });

  it('redacts secrets and personal data, by key at any depth and in free text', () => {
    vi.stubEnv('LOG_LEVEL', 'debug');
    const lines = buffer();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXN0b21lciJ9.c2lnbmF0dXJl';
    logger({ center: 'orders' }).debug('checkout', {
      authorization: `Bearer ${jwt}`,
      headers: { Authorization: `Bearer ${jwt}`, 'x-request-id': 'r1' },
      input: { address: { receiver: '王芳', phone: '+86 137 0000 0003', detail: '文三路 100 号' }, password: 'hunter2', idNumber: '110101199003074512' },
      contactPhone: '13700000003',
      note: `call 13700000003 or mail wang@example.com, id 110101199003074512, token ${jwt}`,
      error: new Error(`upstream refused Bearer ${jwt}`),
    });
    const text = lines.join('');
    for (const secret of [jwt, '137 0000 0003', '13700000003', '文三路', '王芳', 'hunter2', '110101199003074512', 'wang@example.com'])
      expect(text).not.toContain(secret);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      authorization: '[REDACTED]',
      headers: { Authorization: '[REDACTED]', 'x-request-id': 'r1' },
      input: { address: '[REDACTED]', password: '[REDACTED]', idNumber: '[REDACTED]' },
      contactPhone: '[REDACTED]',
      note: 'call [REDACTED] or mail [REDACTED], id [REDACTED], token [REDACTED]',
      error: { message: 'upstream refused [REDACTED]' },
    });
  });
});

describe('tracing off', () => {
  it('registers nothing without an OTLP endpoint; calls still carry the request scope’s trace id in traceparent (not sampled)', async () => {
    expect(await startTracing({ env: {} })).toBe(false);
    expect(tracingOn()).toBe(false);
    const traceId = requestTraceId('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(requestTraceId('00-00000000000000000000000000000000-b7ad6b7169203331-01')).toMatch(/^[\da-f]{32}$/);
    expect(currentTraceparent()).toBeUndefined();
    const sent = withRequestScope({ traceId }, () => currentTraceparent());
    expect(sent).toMatch(new RegExp(`^00-${traceId}-[\\da-f]{16}-00$`));
  });
});
