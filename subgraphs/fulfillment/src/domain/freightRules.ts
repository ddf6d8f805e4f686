import { CURRENCY_EXPONENT, parseUnitPrice, Problems, type CurrencyCode, type MoneyInput } from '@zhongtai/kit';
import type { ChargeBy, FreightRule } from './freight.ts';
import { normalizeProvince } from './freight.ts';

export const MAX_RULES = 50;
export const MAX_PROVINCES = 40;

export interface FreightRuleInput {
  provinces?: string[] | null;
  firstUnits: number;
  firstPrice: MoneyInput;
  additionalUnits: number;
  additionalPrice: MoneyInput;
}

export interface FreightTemplateFields {
  name?: string | null;
  chargeBy?: ChargeBy | null;
  currencyCode?: CurrencyCode | null;
  freeOverAmount?: MoneyInput | null;
  freeOverQuantity?: number | null;
  excludedProvinces?: string[] | null;
  rules?: FreightRuleInput[] | null;
}

function positiveUnits(problems: Problems, value: number, field: string[]): void {
  problems.check(Number.isInteger(value) && value > 0 && value <= 100_000_000, field, 'OUT_OF_RANGE', 'Units are a whole number from 1 (pieces, grams or cm³)');
}

function priceIn(problems: Problems, money: MoneyInput, currency: CurrencyCode, field: string[]): bigint | undefined {
  if (!problems.check(money.currencyCode === currency, [...field, 'currencyCode'], 'CURRENCY_MISMATCH', `Prices are in the template's currency ${currency}`))
    return undefined;
  return parseUnitPrice(money, problems, field);
}

/** Province lists: trimmed, not blank, each province once. */
export function provinceList(problems: Problems, list: string[] | null | undefined, field: string[]): string[] {
  const names = (list ?? []).map((p) => p.trim());
  if (!problems.check(names.length <= MAX_PROVINCES, field, 'TOO_MANY', `At most ${MAX_PROVINCES} provinces`)) return [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (!problems.check(name.length > 0 && name.length <= 50, [...field, String(i)], 'INVALID', 'A province is 1 to 50 characters')) return;
    problems.check(!seen.has(normalizeProvince(name)), [...field, String(i)], 'DUPLICATE', `${name} is listed twice`);
    seen.add(normalizeProvince(name));
  });
  return names;
}

/**
 * Rules: exactly one default rule (no provinces), a province in at most one rule, units from 1,
 * prices zero or more in the template's currency.
 */
export function checkRules(problems: Problems, inputs: FreightRuleInput[], currency: CurrencyCode): FreightRule[] {
  const field = ['input', 'rules'];
  if (!problems.check(inputs.length <= MAX_RULES, field, 'TOO_MANY', `At most ${MAX_RULES} rules`)) return [];
  const defaults = inputs.filter((r) => !r.provinces?.length).length;
  problems.check(defaults === 1, field, defaults === 0 ? 'REQUIRED' : 'DUPLICATE', 'A template has exactly one default rule (a rule without provinces)');
  const owner = new Map<string, number>();
  return inputs.map((input, i) => {
    const at = [...field, String(i)];
    const provinces = provinceList(problems, input.provinces, [...at, 'provinces']);
    for (const p of provinces) {
      const key = normalizeProvince(p);
      if (owner.has(key) && owner.get(key) !== i) problems.add([...at, 'provinces'], 'DUPLICATE', `${p} already has rule ${owner.get(key)}`);
      owner.set(key, i);
    }
    positiveUnits(problems, input.firstUnits, [...at, 'firstUnits']);
    positiveUnits(problems, input.additionalUnits, [...at, 'additionalUnits']);
    const firstPrice = priceIn(problems, input.firstPrice, currency, [...at, 'firstPrice']) ?? 0n;
    const additionalPrice = priceIn(problems, input.additionalPrice, currency, [...at, 'additionalPrice']) ?? 0n;
    return { provinces, firstUnits: input.firstUnits, firstPrice, additionalUnits: input.additionalUnits, additionalPrice };
  });
}

/** The free-shipping thresholds: an amount in the template's currency and/or a quantity from 1. */
export function checkThresholds(
  problems: Problems,
  input: FreightTemplateFields,
  currency: CurrencyCode,
): { freeOverAmount: bigint | null; freeOverQuantity: number | null } {
  const freeOverAmount = input.freeOverAmount ? (priceIn(problems, input.freeOverAmount, currency, ['input', 'freeOverAmount']) ?? null) : null;
  const q = input.freeOverQuantity ?? null;
  if (q !== null)
    problems.check(
      Number.isInteger(q) && q > 0 && q <= 1_000_000,
      ['input', 'freeOverQuantity'],
      'OUT_OF_RANGE',
      'A quantity threshold is a whole number from 1',
    );
  return { freeOverAmount, freeOverQuantity: q };
}

export function checkCurrency(problems: Problems, currency: string): currency is CurrencyCode {
  return problems.check(currency in CURRENCY_EXPONENT, ['input', 'currencyCode'], 'INVALID', `Unknown currency ${currency}`);
}
