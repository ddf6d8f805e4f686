import { newId, signCallback, verifyCallback } from '@zhongtai/kit';
import { loadFinanceConfig } from '../domain/config.ts';

/**
 * The sandbox payout provider (打款通道), modelled on the payment center's sandbox: a payout is
 * accepted at once under an id derived from ours (asking twice gives the same one), and its
 * outcome arrives later as a signed callback (HMAC-SHA256 over `<timestamp>.<raw body>`, the
 * kit's signing) to /hooks/finance/payouts/sandbox/callback.
 */
export const PAYOUT_SANDBOX = 'sandbox';
export const PAYOUT_SIGNATURE_HEADER = 'x-payout-signature';
export const PAYOUT_TIMESTAMP_HEADER = 'x-payout-timestamp';

export interface PayoutCallbackBody {
  eventId: string;
  type: 'payout.paid' | 'payout.failed';
  providerPayoutId: string;
  /** Minor units, as a decimal integer string. */
  amount: string;
  currency: string;
  reason?: string;
}

export const payoutSandbox = {
  name: PAYOUT_SANDBOX,
  enabled: () => loadFinanceConfig().payoutSandboxEnabled,
  send: (payoutId: string): { providerPayoutId: string } => ({ providerPayoutId: `sbxp_${payoutId}` }),
};

export type PayoutCallbackReading = { ok: true; body: PayoutCallbackBody } | { ok: false; reason: string };

/** Checks the signature over the raw bytes, then reads the body; anything else is refused unread. */
export function readPayoutCallback(rawBody: string, headers: Headers): PayoutCallbackReading {
  const config = loadFinanceConfig();
  const check = verifyCallback({
    secret: config.payoutSandboxSecret,
    rawBody,
    signature: headers.get(PAYOUT_SIGNATURE_HEADER),
    timestamp: headers.get(PAYOUT_TIMESTAMP_HEADER),
    toleranceSeconds: config.callbackToleranceSeconds,
  });
  if (!check.ok) return { ok: false, reason: check.reason };
  let body: Partial<PayoutCallbackBody>;
  try {
    body = JSON.parse(rawBody) as Partial<PayoutCallbackBody>;
  } catch {
    return { ok: false, reason: 'UNREADABLE' };
  }
  if (typeof body.eventId !== 'string' || (body.type !== 'payout.paid' && body.type !== 'payout.failed')) return { ok: false, reason: 'UNREADABLE' };
  if (typeof body.providerPayoutId !== 'string' || typeof body.currency !== 'string' || typeof body.amount !== 'string' || !/^\d{1,18}$/.test(body.amount))
    return { ok: false, reason: 'UNREADABLE' };
  return { ok: true, body: body as PayoutCallbackBody };
}

/** Builds a callback the way the sandbox sends it; tests use it to deliver (or forge) callbacks. */
export function signedPayoutCallback(
  event: Omit<PayoutCallbackBody, 'eventId'> & { eventId?: string },
  options: { secret?: string; timestampSeconds?: number } = {},
): { rawBody: string; headers: Headers } {
  const rawBody = JSON.stringify({ ...event, eventId: event.eventId ?? newId('sbo') });
  const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  const signature = signCallback(options.secret ?? loadFinanceConfig().payoutSandboxSecret, timestamp, rawBody);
  return {
    rawBody,
    headers: new Headers({ 'content-type': 'application/json', [PAYOUT_SIGNATURE_HEADER]: signature, [PAYOUT_TIMESTAMP_HEADER]: String(timestamp) }),
  };
}
