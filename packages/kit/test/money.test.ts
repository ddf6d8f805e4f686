import { describe, expect, it } from 'vitest';
import { isDecimal, parseMoney, parsePrice, parseUnitPrice, Problems, toMinor, toMoney, withinAmountLimit, type CurrencyCode } from '../src/index.ts';

describe('money', () => {
  it('formats minor units exactly, per currency exponent', () => {
    expect(toMoney(1999n, 'CNY')).toEqual({ amount: '19.99', currencyCode: 'CNY' });
    expect(toMoney(5n, 'CNY')).toEqual({ amount: '0.05', currencyCode: 'CNY' });
    expect(toMoney(-120n, 'USD')).toEqual({ amount: '-1.20', currencyCode: 'USD' });
    expect(toMoney(1500n, 'JPY')).toEqual({ amount: '1500', currencyCode: 'JPY' });
    expect(toMoney(900719925474099312n, 'CNY').amount).toBe('9007199254740993.12');
  });

  it('parses decimals without floating point', () => {
    const p = new Problems();
    expect(parseMoney({ amount: '0.1', currencyCode: 'CNY' }, p, ['price'])).toBe(10n);
    expect(parseMoney({ amount: '19.90', currencyCode: 'CNY' }, p, ['price'])).toBe(1990n);
    expect(parseMoney({ amount: '3', currencyCode: 'JPY' }, p, ['price'])).toBe(3n);
    expect(parseMoney({ amount: '-2.5', currencyCode: 'EUR' }, p, ['price'])).toBe(-250n);
    expect(p.errors).toEqual([]);
  });

  it('refuses too many decimals and negative prices with field paths', () => {
    const p = new Problems();
    expect(parseMoney({ amount: '1.234', currencyCode: 'CNY' }, p, ['input', 'price'])).toBeUndefined();
    expect(parseMoney({ amount: '1.5', currencyCode: 'JPY' }, p, ['input', 'yen'])).toBeUndefined();
    expect(parsePrice({ amount: '-1.00', currencyCode: 'CNY' }, p, ['input', 'sale'])).toBeUndefined();
    expect(p.errors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['input.price.amount', 'INVALID'],
      ['input.yen.amount', 'INVALID'],
      ['input.sale.amount', 'NEGATIVE'],
    ]);
  });

  it('formats zero and amounts under one unit with their sign in front, not inside the digits', () => {
    // A sign left in the digits would print -5 fen as "0.-5"; zero taken as negative as "-0.00".
    expect(toMoney(-5n, 'CNY').amount).toBe('-0.05');
    expect(toMoney(0n, 'CNY').amount).toBe('0.00');
    expect(toMoney(-7n, 'JPY').amount).toBe('-7');
  });

  it('takes only a whole decimal: nothing before the digits or after them', () => {
    expect(isDecimal('12.50')).toBe(true);
    expect(isDecimal('-0.5')).toBe(true);
    expect(isDecimal('x12.50')).toBe(false);
    expect(isDecimal('12.50x')).toBe(false);
    expect(isDecimal('1.2.3')).toBe(false);
  });

  it('refuses an unknown currency or a non-decimal amount with one problem each, on the right field', () => {
    const p = new Problems();
    expect(parseMoney({ amount: '1', currencyCode: 'XYZ' as CurrencyCode }, p, ['price'])).toBeUndefined();
    expect(parseMoney({ amount: '1,00', currencyCode: 'CNY' }, p, ['price'])).toBeUndefined();
    expect(p.errors).toEqual([
      { field: ['price', 'currencyCode'], code: 'INVALID', message: 'Unknown currency XYZ' },
      { field: ['price', 'amount'], code: 'INVALID', message: '"1,00" is not a decimal amount' },
    ]);
  });

  it('counts only significant decimals against the currency: trailing zeros are fine, leading ones are not', () => {
    const p = new Problems();
    expect(parseMoney({ amount: '1.1000', currencyCode: 'CNY' }, p, ['price'])).toBe(110n);
    expect(parseMoney({ amount: '7.000', currencyCode: 'JPY' }, p, ['price'])).toBe(7n);
    expect(p.errors).toEqual([]);
    expect(parseMoney({ amount: '1.001', currencyCode: 'CNY' }, p, ['price'])).toBeUndefined();
    expect(p.errors).toEqual([{ field: ['price', 'amount'], code: 'INVALID', message: 'CNY amounts have at most 2 decimals' }]);
  });

  it('takes an amount up to MAX_AMOUNT_MINOR (10^15 minor units) and refuses one fen more, either sign', () => {
    const p = new Problems();
    expect(parseMoney({ amount: '10000000000000.00', currencyCode: 'CNY' }, p, ['price'])).toBe(1_000_000_000_000_000n);
    expect(parseMoney({ amount: '-10000000000000', currencyCode: 'CNY' }, p, ['price'])).toBe(-1_000_000_000_000_000n);
    expect(p.errors).toEqual([]);
    expect(parseMoney({ amount: '10000000000000.01', currencyCode: 'CNY' }, p, ['price'])).toBeUndefined();
    expect(parseMoney({ amount: '-10000000000000.01', currencyCode: 'CNY' }, p, ['refund'])).toBeUndefined();
    expect(p.errors).toEqual([
      { field: ['price', 'amount'], code: 'OUT_OF_RANGE', message: 'Amounts are at most 10000000000000.00 CNY' },
      { field: ['refund', 'amount'], code: 'OUT_OF_RANGE', message: 'Amounts are at most 10000000000000.00 CNY' },
    ]);
  });

  it('bounds a computed total by its size, whatever its sign, and names the bound in the currency', () => {
    const p = new Problems();
    expect(withinAmountLimit(1_000_000_000_000_000n, p, ['lines'], 'CNY')).toBe(true);
    expect(withinAmountLimit(-1_000_000_000_000_000n, p, ['lines'], 'CNY')).toBe(true);
    expect(p.errors).toEqual([]);
    expect(withinAmountLimit(1_000_000_000_000_001n, p, ['lines'], 'CNY')).toBe(false);
    expect(withinAmountLimit(-1_000_000_000_000_001n, p, null, 'JPY')).toBe(false);
    expect(p.errors).toEqual([
      { field: ['lines'], code: 'OUT_OF_RANGE', message: 'Amounts are at most 10000000000000.00 CNY' },
      { field: null, code: 'OUT_OF_RANGE', message: 'Amounts are at most 1000000000000000 JPY' },
    ]);
  });

  it('takes a zero price, refuses a negative one once, and adds nothing more to an amount already refused', () => {
    const p = new Problems();
    expect(parsePrice({ amount: '0', currencyCode: 'CNY' }, p, ['sale'])).toBe(0n);
    expect(parsePrice({ amount: '12.30', currencyCode: 'CNY' }, p, ['sale'])).toBe(1230n);
    expect(p.errors).toEqual([]);
    expect(parsePrice({ amount: '-0.01', currencyCode: 'CNY' }, p, ['sale'])).toBeUndefined();
    expect(parsePrice({ amount: 'free', currencyCode: 'CNY' }, p, ['list'])).toBeUndefined();
    expect(p.errors).toEqual([
      { field: ['sale', 'amount'], code: 'NEGATIVE', message: 'A price cannot be negative' },
      { field: ['list', 'amount'], code: 'INVALID', message: '"free" is not a decimal amount' },
    ]);
  });

  it('takes a unit price up to MAX_UNIT_PRICE_MINOR (10^10 minor units) and refuses one fen more, so totals cannot overflow', () => {
    const p = new Problems();
    expect(parseUnitPrice({ amount: '100000000.00', currencyCode: 'CNY' }, p, ['sku', 'price'])).toBe(10_000_000_000n);
    expect(parseUnitPrice({ amount: '0', currencyCode: 'JPY' }, p, ['sku', 'price'])).toBe(0n);
    expect(p.errors).toEqual([]);
    expect(parseUnitPrice({ amount: '100000000.01', currencyCode: 'CNY' }, p, ['sku', 'price'])).toBeUndefined();
    expect(parseUnitPrice({ amount: '10000000001', currencyCode: 'JPY' }, p, ['sku', 'cost'])).toBeUndefined();
    expect(parseUnitPrice({ amount: '-1', currencyCode: 'JPY' }, p, ['sku', 'list'])).toBeUndefined();
    expect(parseUnitPrice({ amount: '1.234', currencyCode: 'CNY' }, p, ['sku', 'freight'])).toBeUndefined();
    expect(p.errors).toEqual([
      { field: ['sku', 'price', 'amount'], code: 'OUT_OF_RANGE', message: 'A unit price is at most 100000000.00 CNY' },
      { field: ['sku', 'cost', 'amount'], code: 'OUT_OF_RANGE', message: 'A unit price is at most 10000000000 JPY' },
      { field: ['sku', 'list', 'amount'], code: 'NEGATIVE', message: 'A price cannot be negative' },
      { field: ['sku', 'freight', 'amount'], code: 'INVALID', message: 'CNY amounts have at most 2 decimals' },
    ]);
  });

  it("reads another center's Money back to exact minor units", () => {
    expect(toMinor({ amount: '19.99', currencyCode: 'CNY' })).toBe(1999n);
    expect(toMinor({ amount: '0.05', currencyCode: 'CNY' })).toBe(5n);
    expect(toMinor({ amount: '1.1', currencyCode: 'CNY' })).toBe(110n);
    expect(toMinor({ amount: '1.1000', currencyCode: 'CNY' })).toBe(110n);
    expect(toMinor({ amount: '-1.2', currencyCode: 'USD' })).toBe(-120n);
    expect(toMinor({ amount: '1500', currencyCode: 'JPY' })).toBe(1500n);
    expect(toMinor({ amount: '3', currencyCode: 'CNY' })).toBe(300n);
  });

  it('throws on a Money it cannot read exactly rather than guess an amount', () => {
    expect(() => toMinor({ amount: '1.001', currencyCode: 'CNY' })).toThrow(new Error('1.001 has more decimals than CNY allows'));
    expect(() => toMinor({ amount: '1.5', currencyCode: 'JPY' })).toThrow(new Error('1.5 has more decimals than JPY allows'));
    expect(() => toMinor({ amount: '12.5', currencyCode: 'XYZ' as CurrencyCode })).toThrow(new Error('malformed money {"amount":"12.5","currencyCode":"XYZ"}'));
    expect(() => toMinor({ amount: 'NaN', currencyCode: 'CNY' })).toThrow(new Error('malformed money {"amount":"NaN","currencyCode":"CNY"}'));
  });
});
