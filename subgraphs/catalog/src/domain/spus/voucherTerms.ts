import type { Problems, VoucherRefundRule, VoucherTerms } from '@zhongtai/kit';
import type { ProductType } from '../../db/tables.ts';

/** At most ten years of validity: a longer one is a typo, not a product. */
const MAX_VALID_DAYS = 3650;
const RULES: readonly VoucherRefundRule[] = ['REFUNDABLE_ANYTIME', 'REFUNDABLE_BEFORE_EXPIRY', 'NOT_REFUNDABLE'];

export interface VoucherTermsInput {
  validDays?: number | null;
  validUntil?: Date | string | null;
  refundRule: VoucherRefundRule;
  autoRefundOnExpiry?: boolean | null;
}

/**
 * A service product's voucher terms: valid some days after issue or until a fixed end (not both;
 * neither is no expiry), a refund rule, and an automatic refund on expiry only where the money
 * may come back after expiry and there is an expiry to wait for. Undefined when refused.
 */
export function validateVoucherTerms(
  problems: Problems,
  input: VoucherTermsInput,
  productType: ProductType,
  now: Date,
  field: string[],
): VoucherTerms | undefined {
  const before = problems.errors.length;
  problems.check(productType !== 'PHYSICAL', field, 'INVALID', 'Only a service (or goods with a service) issues vouchers');
  const validDays = input.validDays ?? null;
  const validUntil = input.validUntil == null ? null : new Date(input.validUntil);
  problems.check(RULES.includes(input.refundRule), [...field, 'refundRule'], 'INVALID', `A refund rule is one of ${RULES.join(', ')}`);
  problems.check(
    validDays === null || validUntil === null,
    [...field, 'validUntil'],
    'INVALID',
    'A voucher is valid either some days after issue or until a date, not both',
  );
  if (validDays !== null)
    problems.check(
      Number.isInteger(validDays) && validDays >= 1 && validDays <= MAX_VALID_DAYS,
      [...field, 'validDays'],
      'OUT_OF_RANGE',
      `Validity is a whole number of days from 1 to ${MAX_VALID_DAYS}`,
    );
  if (validUntil !== null) problems.check(validUntil > now, [...field, 'validUntil'], 'OUT_OF_RANGE', 'The end of validity must be in the future');
  const autoRefundOnExpiry = input.autoRefundOnExpiry ?? false;
  if (autoRefundOnExpiry) {
    problems.check(
      input.refundRule === 'REFUNDABLE_ANYTIME',
      [...field, 'autoRefundOnExpiry'],
      'INVALID',
      'Only a voucher refundable anytime can be refunded on its own when it expires',
    );
    problems.check(
      validDays !== null || validUntil !== null,
      [...field, 'autoRefundOnExpiry'],
      'INVALID',
      'A voucher with no expiry never expires to be refunded',
    );
  }
  if (problems.errors.length !== before) return undefined;
  return { validDays, validUntil: validUntil?.toISOString() ?? null, refundRule: input.refundRule, autoRefundOnExpiry };
}
