import { describe, expect, it } from 'vitest';
import { requestFingerprint } from '../src/idempotency.ts';

describe('requestFingerprint', () => {
  it('is the same for the same request whatever the key order, and differs for other input', () => {
    const a = requestFingerprint({ orderId: 'o1', amount: 100n, lines: [{ id: 'l1', n: 1 }] });
    expect(requestFingerprint({ lines: [{ n: 1, id: 'l1' }], amount: 100n, orderId: 'o1' })).toBe(a);
    expect(requestFingerprint({ orderId: 'o1', amount: 101n, lines: [{ id: 'l1', n: 1 }] })).not.toBe(a);
    expect(requestFingerprint({ orderId: 'o1', amount: 100n, lines: [{ id: 'l1', n: 1 }], extra: undefined })).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});
