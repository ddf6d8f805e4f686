import { describe, expect, it } from 'vitest';
import { parseHookPath, signCallback, verifyCallback } from '../src/index.ts';

const secret = 'provider-secret-0123456789abcdef';
const body = '{"paymentId":"pay_1","amount":"19.99"}';

describe('signed callbacks', () => {
  const now = 1_790_000_000;
  const signature = signCallback(secret, now, body);

  it('accepts the exact bytes, signed, within the tolerance', () => {
    expect(verifyCallback({ secret, rawBody: body, signature, timestamp: String(now), nowSeconds: now + 10 })).toEqual({ ok: true });
  });

  it('refuses a changed body, a wrong secret, a stale or future timestamp, a missing header', () => {
    expect(verifyCallback({ secret, rawBody: body.replace('19.99', '1.99'), signature, timestamp: String(now), nowSeconds: now })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyCallback({ secret: 'other-secret-0123456789abcdef', rawBody: body, signature, timestamp: String(now), nowSeconds: now })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyCallback({ secret, rawBody: body, signature, timestamp: String(now), nowSeconds: now + 301 })).toEqual({ ok: false, reason: 'STALE' });
    expect(verifyCallback({ secret, rawBody: body, signature, timestamp: String(now + 400), nowSeconds: now })).toEqual({ ok: false, reason: 'STALE' });
    expect(verifyCallback({ secret, rawBody: body, signature: null, timestamp: String(now), nowSeconds: now })).toEqual({ ok: false, reason: 'MISSING' });
    expect(verifyCallback({ secret, rawBody: body, signature: 'zz', timestamp: String(now), nowSeconds: now })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('routes hooks by center', () => {
    expect(parseHookPath('/hooks/payments/sandbox/callback')).toEqual({ center: 'payments', path: '/sandbox/callback' });
    expect(parseHookPath('/hooks/payments')).toBeUndefined();
    expect(parseHookPath('/graphql')).toBeUndefined();
  });
});
