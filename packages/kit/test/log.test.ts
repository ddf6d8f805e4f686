import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatEntry, logEnabled, logger } from '../src/log.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('logger', () => {
  it('writes one JSON line with time, level, center, requestId, message and the fields', () => {
    vi.stubEnv('LOG_LEVEL', 'info');
    const { out, err } = capture();
    logger({ center: 'orders', requestId: 'req-1' }).info('order placed', { orderId: 'ord_1', total: 12n });
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    expect(out[0]!.endsWith('\n')).toBe(true);
    expect(out[0]!.trimEnd()).not.toContain('\n');
    const entry = JSON.parse(out[0]!);
    expect(entry).toEqual({
      time: expect.any(String),
      level: 'info',
      center: 'orders',
      requestId: 'req-1',
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
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const line = formatEntry('error', 'odd', { center: 'kit' }, { circular });
    expect(JSON.parse(line)).toMatchObject({ level: 'error', center: 'kit', message: 'odd', unserializable: ['circular'] });
  });
});
