import type { VoucherTerms } from '@zhongtai/kit';
import type { ServiceVoucherRow } from '../db/tables.ts';

const DAY_MS = 86_400_000;

/**
 * What a voucher keeps of its product's terms when issued (at payment): its end of validity (so
 * many days after issue, or the product's fixed end) and its refund rule. A line sold before terms
 * existed, or of a product without them, never expires and is refundable while unredeemed.
 */
export function voucherValidity(
  terms: VoucherTerms | null | undefined,
  issuedAt: Date,
): Pick<ServiceVoucherRow, 'expiresAt' | 'refundRule' | 'autoRefundOnExpiry'> {
  if (!terms) return { expiresAt: null, refundRule: 'REFUNDABLE_ANYTIME', autoRefundOnExpiry: false };
  const expiresAt =
    terms.validUntil != null ? new Date(terms.validUntil) : terms.validDays != null ? new Date(issuedAt.getTime() + terms.validDays * DAY_MS) : null;
  return { expiresAt, refundRule: terms.refundRule, autoRefundOnExpiry: expiresAt !== null && terms.autoRefundOnExpiry };
}

/** Whether a voucher is past its end at `now` (the instant itself is past: valid while now < expiresAt). */
export const isPastEnd = (voucher: Pick<ServiceVoucherRow, 'expiresAt'>, now: Date) => voucher.expiresAt !== null && now >= voucher.expiresAt;

/**
 * Whether the money of an unredeemed voucher (ISSUED, or EXPIRED) may come back at `now` under its
 * rule: never for NOT_REFUNDABLE; before its end for REFUNDABLE_BEFORE_EXPIRY; any time for
 * REFUNDABLE_ANYTIME, except an expired one refunded on its own (auto-refund), paid back already.
 */
export function refundableAt(voucher: Pick<ServiceVoucherRow, 'status' | 'expiresAt' | 'refundRule' | 'autoRefundOnExpiry'>, now: Date): boolean {
  if (voucher.status !== 'ISSUED' && voucher.status !== 'EXPIRED') return false;
  const ended = voucher.status === 'EXPIRED' || isPastEnd(voucher, now);
  switch (voucher.refundRule) {
    case 'NOT_REFUNDABLE':
      return false;
    case 'REFUNDABLE_BEFORE_EXPIRY':
      return !ended;
    case 'REFUNDABLE_ANYTIME':
      return !(ended && voucher.autoRefundOnExpiry);
  }
}
