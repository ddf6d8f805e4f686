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
  return negative ? -minor : minor;
}

/** A price: a money amount that is zero or more. */
export function parsePrice(input: MoneyInput, problems: Problems, field: string[]): bigint | undefined {
  const minor = parseMoney(input, problems, field);
  if (minor === undefined) return undefined;
  if (!problems.check(minor >= 0n, [...field, 'amount'], 'NEGATIVE', 'A price cannot be negative')) return undefined;
  return minor;
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
