import type { Problems } from './userErrors.ts';

/** ISO 4217 currencies the platform settles in, with their minor-unit exponent. */
export const CURRENCY_EXPONENT = { CNY: 2, HKD: 2, USD: 2, EUR: 2, GBP: 2, JPY: 0 } as const;
export type CurrencyCode = keyof typeof CURRENCY_EXPONENT;
export const CURRENCY_CODES = Object.keys(CURRENCY_EXPONENT) as CurrencyCode[];

export interface Money {
  amount: string;
  currencyCode: CurrencyCode;
}

export interface MoneyInput {
  amount: string;
  currencyCode: CurrencyCode;
}

const DECIMAL = /^-?\d{1,15}(\.\d{1,10})?$/;

/**
 * Bounds that keep every sum we make exact and printable. A unit price (a SKU's sale, list or
 * cost price, a flash-sale, freight, deposit or supply price) is at most 10^10 minor units
 * (100,000,000.00 CNY). A checkout has at most 100 lines of at most 999 units, so a line total
 * is under 10^13 and a cart under 10^15 minor units. Any money amount taken as input, and any
 * line or cart total, is at most MAX_AMOUNT_MINOR = 10^15: below 2^53 (Number stays exact),
 * far below bigint's 2^63, and within the Decimal scalar's 15 integer digits.
 */
export const MAX_UNIT_PRICE_MINOR = 10_000_000_000n;
export const MAX_AMOUNT_MINOR = 1_000_000_000_000_000n;

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value);
}

/** Minor units to the GraphQL shape: 1999n CNY -> { amount: "19.99", currencyCode: "CNY" }. */
export function toMoney(minor: bigint, currencyCode: CurrencyCode): Money {
  const exponent = CURRENCY_EXPONENT[currencyCode];
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? '.' + digits.slice(-exponent) : '';
  return { amount: `${negative ? '-' : ''}${whole}${fraction}`, currencyCode };
}

/**
 * Decimal text to minor units, exactly (no float ever). Returns undefined and records a problem
 * when the amount has more decimals than the currency allows or is not a decimal.
 */
export function parseMoney(input: MoneyInput, problems: Problems, field: string[]): bigint | undefined {
  const exponent = CURRENCY_EXPONENT[input.currencyCode];
  if (exponent === undefined) {
    problems.add([...field, 'currencyCode'], 'INVALID', `Unknown currency ${input.currencyCode}`);
    return undefined;
  }
  if (!isDecimal(input.amount)) {
    problems.add([...field, 'amount'], 'INVALID', `"${input.amount}" is not a decimal amount`);
    return undefined;
  }
  const negative = input.amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? input.amount.slice(1) : input.amount).split('.');
  if (fraction.replace(/0+$/, '').length > exponent) {
    problems.add([...field, 'amount'], 'INVALID', `${input.currencyCode} amounts have at most ${exponent} decimals`);
    return undefined;
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0').slice(0, exponent));
  if (!withinAmountLimit(minor, problems, [...field, 'amount'], input.currencyCode)) return undefined;
  return negative ? -minor : minor;
}

/** A price: a money amount that is zero or more. */
export function parsePrice(input: MoneyInput, problems: Problems, field: string[]): bigint | undefined {
  const minor = parseMoney(input, problems, field);
  if (minor === undefined) return undefined;
  if (!problems.check(minor >= 0n, [...field, 'amount'], 'NEGATIVE', 'A price cannot be negative')) return undefined;
  return minor;
}

/** The price of one unit: zero or more, at most MAX_UNIT_PRICE_MINOR, so totals cannot overflow. */
export function parseUnitPrice(input: MoneyInput, problems: Problems, field: string[]): bigint | undefined {
  const minor = parsePrice(input, problems, field);
  if (minor === undefined) return undefined;
  const max = toMoney(MAX_UNIT_PRICE_MINOR, input.currencyCode).amount;
  if (!problems.check(minor <= MAX_UNIT_PRICE_MINOR, [...field, 'amount'], 'OUT_OF_RANGE', `A unit price is at most ${max} ${input.currencyCode}`))
    return undefined;
  return minor;
}

/**
 * A computed total (a line, a cart, an order) within MAX_AMOUNT_MINOR; records OUT_OF_RANGE
 * otherwise. Prices stored before the unit-price bound could still add up past it.
 */
export function withinAmountLimit(minor: bigint, problems: Problems, field: string[] | null, currencyCode: CurrencyCode): boolean {
  const size = minor < 0n ? -minor : minor;
  const max = CURRENCY_EXPONENT[currencyCode] === undefined ? MAX_AMOUNT_MINOR.toString() : toMoney(MAX_AMOUNT_MINOR, currencyCode).amount;
  return problems.check(size <= MAX_AMOUNT_MINOR, field, 'OUT_OF_RANGE', `Amounts are at most ${max} ${currencyCode}`);
}

/** A Money (e.g. from another center's answer) back to minor units; throws on a malformed amount. */
export function toMinor(money: Money | MoneyInput): bigint {
  const exponent = CURRENCY_EXPONENT[money.currencyCode];
  if (exponent === undefined || !isDecimal(money.amount)) throw new Error(`malformed money ${JSON.stringify(money)}`);
  const negative = money.amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? money.amount.slice(1) : money.amount).split('.');
  if (fraction.replace(/0+$/, '').length > exponent) throw new Error(`${money.amount} has more decimals than ${money.currencyCode} allows`);
  const minor = BigInt(whole + fraction.padEnd(exponent, '0').slice(0, exponent));
  return negative ? -minor : minor;
}
