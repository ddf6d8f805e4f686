import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed callbacks (payment providers, carriers): HMAC-SHA256 over `<timestamp>.<raw body>`,
 * hex. The timestamp bounds replay: a callback older (or further ahead) than the tolerance is
 * refused even with a valid signature. Verify the raw bytes, never a re-serialised JSON.
 */
export function signCallback(secret: string, timestampSeconds: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'MISSING' | 'STALE' | 'BAD_SIGNATURE' };

export function verifyCallback(input: {
  secret: string;
  rawBody: string;
  signature: string | null | undefined;
  timestamp: string | null | undefined;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): SignatureCheck {
  if (!input.signature || !input.timestamp || !/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'MISSING' };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(input.timestamp)) > (input.toleranceSeconds ?? 300)) return { ok: false, reason: 'STALE' };
  const expected = Buffer.from(signCallback(input.secret, Number(input.timestamp), input.rawBody), 'hex');
  const given = Buffer.from(/^[0-9a-f]+$/i.test(input.signature) ? input.signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'BAD_SIGNATURE' };
  return { ok: true };
}
