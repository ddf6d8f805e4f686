import { isId, parsePrice, type CurrencyCode, type MoneyInput, type Problems } from '@zhongtai/kit';
import type { ScopeKind } from '../db/tables.ts';

/**
 * Input rules shared by coupon templates, promotions and flash sales: scopes, windows, money in
 * the rule's currency.
 */
const SCOPE_ID_PREFIX: Record<Exclude<ScopeKind, 'PLATFORM'>, string> = { SHOP: 'shp', CATEGORIES: 'cat', SKUS: 'sku' };

/**
 * A shop's own rule never reaches beyond its shop: PLATFORM becomes SHOP, and SHOP names no other
 * shop. A platform rule scoped to SHOP names the shops.
 */
export function validateScope(
  problems: Problems,
  ownerShopId: string | null,
  scope: ScopeKind,
  ids: readonly string[] | null | undefined,
): { scope: ScopeKind; scopeIds: string[] } {
  const scopeIds = [...new Set(ids ?? [])];
  if (scope === 'PLATFORM') {
    problems.check(scopeIds.length === 0, ['input', 'scopeIds'], 'INVALID', 'A PLATFORM scope names no ids');
    return ownerShopId ? { scope: 'SHOP', scopeIds: [] } : { scope, scopeIds: [] };
  }
  if (scope === 'SHOP' && ownerShopId) {
    problems.check(
      scopeIds.every((id) => id === ownerShopId),
      ['input', 'scopeIds'],
      'INVALID',
      "A shop's rule covers only its own shop",
    );
    return { scope, scopeIds: [] };
  }
  problems.check(scopeIds.length > 0, ['input', 'scopeIds'], 'REQUIRED', `A ${scope} scope names at least one id`);
  problems.check(scopeIds.length <= 500, ['input', 'scopeIds'], 'TOO_MANY', 'At most 500 ids');
  scopeIds.forEach((id, i) =>
    problems.check(isId(SCOPE_ID_PREFIX[scope], id), ['input', 'scopeIds', String(i)], 'INVALID_ID', `"${id}" is not a ${scope.toLowerCase()} id`),
  );
  return { scope, scopeIds };
}

export function validateWindow(problems: Problems, from: Date | null | undefined, until: Date | null | undefined, fields: [string, string]): boolean {
  if (!from || !until) return false;
  return problems.check(until > from, ['input', fields[1]], 'OUT_OF_RANGE', `${fields[1]} must be after ${fields[0]}`);
}

/** A positive amount in the rule's currency. */
export function positiveAmount(
  problems: Problems,
  input: MoneyInput | null | undefined,
  currency: CurrencyCode,
  field: string,
  label: string,
): bigint | undefined {
  if (!input) {
    problems.add(['input', field], 'REQUIRED', `${label} is required`);
    return undefined;
  }
  if (!problems.check(input.currencyCode === currency, ['input', field, 'currencyCode'], 'CURRENCY_MISMATCH', `${label} must be in ${currency}`))
    return undefined;
  const amount = parsePrice(input, problems, ['input', field]);
  if (amount === undefined) return undefined;
  if (!problems.check(amount > 0n, ['input', field, 'amount'], 'OUT_OF_RANGE', `${label} must be more than zero`)) return undefined;
  return amount;
}

export function wholeNumber(problems: Problems, value: number | null | undefined, field: string, min: number, max: number): boolean {
  return problems.check(
    value != null && Number.isInteger(value) && value >= min && value <= max,
    ['input', field],
    'OUT_OF_RANGE',
    `${field} must be a whole number from ${min} to ${max}`,
  );
}
