import { describe, expect, it } from 'vitest';
import { parseMoney, parsePrice, Problems, toMoney } from '../src/index.ts';

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
});
