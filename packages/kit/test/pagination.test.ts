import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/index.ts';

describe('cursors', () => {
  it('round-trip dates, bigints and text', () => {
    const when = new Date('2026-01-02T03:04:05.678Z');
    expect(decodeCursor(encodeCursor(when, 'sku_1'))).toEqual([when.toISOString(), 'sku_1']);
    expect(decodeCursor(encodeCursor(12345678901234567890n, 'x'))).toEqual(['12345678901234567890', 'x']);
    expect(decodeCursor(encodeCursor('华为', 'y'))).toEqual(['华为', 'y']);
  });

  it('refuse tampered cursors as bad input', () => {
    for (const bad of ['', 'not-base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrowError(/Malformed cursor/);
    }
  });
});
