/**
 * Business-rule refusals come back as values, not exceptions: the payload of a mutation carries
 * `userErrors { field code message }` and a null result. Codes are one enum shared by all centers
 * (see `UserErrorCode` in the kit SDL).
 */
export type UserErrorCode =
  | 'REQUIRED'
  | 'INVALID'
  | 'INVALID_ID'
  | 'TOO_LONG'
  | 'TOO_MANY'
  | 'NEGATIVE'
  | 'OUT_OF_RANGE'
  | 'NOT_FOUND'
  | 'TAKEN'
  | 'DUPLICATE'
  | 'INACTIVE'
  | 'INVALID_TRANSITION'
  | 'CURRENCY_MISMATCH'
  | 'OUT_OF_STOCK'
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The call with this idempotency key is still running: retry the same key shortly. */
  | 'CHECKOUT_IN_PROGRESS'
  /** This checkout attempt failed and holds nothing: place it again with a new key. */
  | 'CHECKOUT_FAILED'
  | 'NOT_CAPTURED'
  | 'EXCEEDS_CAPTURED'
  | 'PROVIDER_ERROR'
  | 'UNDELIVERABLE'
  | 'FREIGHT_CHANGED'
  /** Past its validity (a coupon, a promotion, points). */
  | 'EXPIRED'
  /** Valid later, not yet. */
  | 'NOT_STARTED'
  /** A coupon or promotion that covers none of the lines it was asked for. */
  | 'OUT_OF_SCOPE'
  /** A threshold (满减) the order does not reach. */
  | 'BELOW_THRESHOLD'
  /** A per-member limit already used up. */
  | 'LIMIT_REACHED'
  /** A limited quantity (coupons, flash sale) all taken. */
  | 'SOLD_OUT'
  | 'INSUFFICIENT_POINTS'
  /** Held by something else (a coupon locked by another order). */
  | 'IN_USE'
  /** Refused by the risk center; the message names no rule. */
  | 'RISK_DENIED'
  /** Held for an operator's review by the risk center (a payment not opened); the message names no rule. */
  | 'RISK_REVIEW'
  /** Needs another person's approval too (a purchase order above the threshold: not the first approver again). */
  | 'SECOND_APPROVER_REQUIRED'
  /** A service's slots for that day (installation slots) are all booked. */
  | 'CAPACITY_FULL'
  /** Needs the goods delivered first (the installation of furniture not yet delivered). */
  | 'NOT_DELIVERED'
  /** The product's terms keep this money (a service voucher that is not refundable). */
  | 'NOT_REFUNDABLE'
  /** 跨境: a cross-border order worth more than the single-order limit. */
  | 'CROSS_BORDER_SINGLE_LIMIT'
  /** 跨境: the buyer's cross-border purchases this calendar year would pass the annual limit. */
  | 'CROSS_BORDER_ANNUAL_LIMIT';

export interface UserError {
  field: string[] | null;
  code: UserErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: UserError[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const refused = <T = never>(errors: UserError[]): Result<T> => ({ ok: false, errors });

/** Collects the problems of one input so a caller sees all of them at once. */
export class Problems {
  readonly errors: UserError[] = [];

  add(field: string[] | null, code: UserErrorCode, message: string): this {
    this.errors.push({ field, code, message });
    return this;
  }

  /** Adds the error when `condition` is false; returns `condition`. */
  check(condition: boolean, field: string[] | null, code: UserErrorCode, message: string): boolean {
    if (!condition) this.add(field, code, message);
    return condition;
  }

  get any(): boolean {
    return this.errors.length > 0;
  }

  merge(other: UserError[], prefix: string[] = []): this {
    for (const e of other) this.errors.push({ ...e, field: e.field ? [...prefix, ...e.field] : prefix.length ? prefix : null });
    return this;
  }

  /** Another center's refusals, reported on one field of our input (their paths mean nothing to our caller). */
  adopt(other: UserError[], field: string[] | null): this {
    for (const e of other) this.errors.push({ field, code: e.code, message: e.message });
    return this;
  }

  refuse<T = never>(): Result<T> {
    return refused(this.errors);
  }
}

/** Common text rules: trimmed, required, bounded. Returns the trimmed text or undefined. */
export function requiredText(problems: Problems, value: string | null | undefined, field: string[], label: string, max = 200): string | undefined {
  const text = value?.trim() ?? '';
  if (!problems.check(text.length > 0, field, 'REQUIRED', `${label} is required`)) return undefined;
  if (!problems.check(text.length <= max, field, 'TOO_LONG', `${label} is at most ${max} characters`)) return undefined;
  return text;
}

export function optionalText(problems: Problems, value: string | null | undefined, field: string[], label: string, max = 2000): string | null {
  if (value == null) return null;
  const text = value.trim();
  problems.check(text.length <= max, field, 'TOO_LONG', `${label} is at most ${max} characters`);
  return text.length ? text : null;
}

/** Maps a Result to a mutation payload: `{ [key]: value, userErrors: [] }` or `{ [key]: null, userErrors }`. */
export function toPayload<K extends string, T>(key: K, result: Result<T>): { [P in K]: T | null } & { userErrors: UserError[] } {
  if (result.ok) return { [key]: result.value, userErrors: [] } as { [P in K]: T | null } & { userErrors: UserError[] };
  return { [key]: null, userErrors: result.errors } as { [P in K]: T | null } & { userErrors: UserError[] };
}
