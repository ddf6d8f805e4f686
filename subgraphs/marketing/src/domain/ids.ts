import { randomBytes } from 'node:crypto';

export const TEMPLATE_ID_PREFIX = 'cpt';
export const COUPON_ID_PREFIX = 'cpn';
export const PROMOTION_ID_PREFIX = 'prm';
export const FLASH_SALE_ID_PREFIX = 'fls';
export const CAMPAIGN_ID_PREFIX = 'cmp';
export const TAKE_ID_PREFIX = 'flt';

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A coupon code a customer can type: 12 characters, no look-alikes (0/O, 1/I/L). */
export function newCouponCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return code;
}
