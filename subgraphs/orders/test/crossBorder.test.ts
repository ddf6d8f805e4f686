import { describe, expect, it } from 'vitest';
import { loadCrossBorderConfig, DEV_BUYER_IDENTITY_KEY } from '../src/domain/crossBorder/config.ts';
import { identityDigest, openIdentity, sealIdentity } from '../src/domain/crossBorder/identityCipher.ts';
import { annualLimitProblem, customsYear, singleLimitProblem } from '../src/domain/crossBorder/limits.ts';
import { maskRealName, maskResidentId, residentIdCheckCharacter, residentIdProblem } from '../src/domain/crossBorder/residentId.ts';
import { comprehensiveTaxBps, crossBorderTax } from '../src/domain/crossBorder/tax.ts';

const RATES = { vatBps: 1300, consumptionTaxBps: 0, taxShareBps: 7000 };

describe('resident ID number (GB 11643, MOD 11-2)', () => {
  it('computes the check character, X included', () => {
    // 11010519491231002X is the standard's own example.
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdProblem('11010519491231002X')).toBeNull();
    expect(residentIdProblem('11010519491231002x')).toBeNull();
  });
  it('refuses a wrong check character, a wrong length and an impossible birth date', () => {
    expect(residentIdProblem('110105194912310021')).toMatch(/checksum/);
    expect(residentIdProblem('11010519491231002')).toMatch(/18 characters/);
    expect(residentIdProblem('1101051949123100XX')).toMatch(/18 characters/);
    const feb30 = '11010519490230002';
    expect(residentIdProblem(feb30 + residentIdCheckCharacter(feb30))).toMatch(/date of birth/);
  });
  it('masks to the first three and last four characters, names to the first character', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110***********002X');
    expect(maskRealName('张伟')).toBe('张*');
  });
});

describe('comprehensive tax (跨境电商综合税)', () => {
  it('is (0 + VAT 13% + consumption tax) x 70%: 9.1% by default', () => {
    expect(comprehensiveTaxBps(RATES)).toBe(910);
    expect(crossBorderTax(100_000n, RATES)).toBe(9_100n);
    // With a 15% consumption tax (cosmetics): (13% + 15%) x 70% = 19.6%.
    expect(crossBorderTax(100_000n, { ...RATES, consumptionTaxBps: 1500 })).toBe(19_600n);
  });
  it('rounds half up to the minor unit and taxes nothing on nothing', () => {
    expect(crossBorderTax(5n, RATES)).toBe(0n); // 0.455 -> 0
    expect(crossBorderTax(6n, RATES)).toBe(1n); // 0.546 -> 1
    expect(crossBorderTax(0n, RATES)).toBe(0n);
  });
});

describe('limits', () => {
  it('allows an order of exactly the single limit and refuses one minor unit more, naming both amounts', () => {
    expect(singleLimitProblem(500_000n, 500_000n, ['input', 'lines'])).toBeNull();
    expect(singleLimitProblem(500_001n, 500_000n, ['input', 'lines'])).toEqual({
      field: ['input', 'lines'],
      code: 'CROSS_BORDER_SINGLE_LIMIT',
      message: 'A cross-border order may be worth at most 5000.00 CNY; this one is 5000.01 CNY',
    });
  });
  it('counts the year used so far plus this order against the annual limit', () => {
    const field = ['input', 'buyerIdentity', 'idNumber'];
    expect(annualLimitProblem({ used: 2_100_000n, value: 500_000n, limit: 2_600_000n, year: 2026, field })).toBeNull();
    const over = annualLimitProblem({ used: 2_200_000n, value: 500_000n, limit: 2_600_000n, year: 2026, field });
    expect(over?.code).toBe('CROSS_BORDER_ANNUAL_LIMIT');
    expect(over?.message).toBe(
      'A person may buy at most 26000.00 CNY cross-border in 2026; this ID number has used 22000.00 CNY, 4000.00 CNY is left and this order is 5000.00 CNY',
    );
  });
  it('takes the year in China: 2026-12-31 16:30 UTC is already 2027 in Shanghai', () => {
    expect(customsYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(customsYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
  });
  it('reads the limits from the environment, defaults 5,000 and 26,000 CNY', () => {
    expect(loadCrossBorderConfig({ NODE_ENV: 'test' })).toMatchObject({ singleLimit: 500_000n, annualLimit: 2_600_000n, vatBps: 1300, taxShareBps: 7000 });
    expect(loadCrossBorderConfig({ NODE_ENV: 'test', CROSS_BORDER_ANNUAL_LIMIT: '30000.00' }).annualLimit).toBe(3_000_000n);
  });
});

describe('identity at rest', () => {
  const key = 'k'.repeat(40);
  it('seals with AES-256-GCM: a fresh nonce each time, opened only with the same key', () => {
    const a = sealIdentity('11010519491231002X', key);
    const b = sealIdentity('11010519491231002X', key);
    expect(a).not.toBe(b);
    expect(a).not.toContain('11010519491231002X');
    expect(openIdentity(a, key)).toBe('11010519491231002X');
    expect(() => openIdentity(a, 'z'.repeat(40))).toThrow();
    const [v, nonce, tag, body] = a.split('.');
    const flipped = body!.startsWith('A') ? `B${body!.slice(1)}` : `A${body!.slice(1)}`;
    expect(() => openIdentity([v, nonce, tag, flipped].join('.'), key)).toThrow();
  });
  it('finds a person by a keyed digest, the same for the same number', () => {
    expect(identityDigest('11010519491231002X', key)).toBe(identityDigest('11010519491231002X', key));
    expect(identityDigest('11010519491231002X', key)).not.toBe(identityDigest('11010519491231002X', 'z'.repeat(40)));
  });
  it('refuses the public dev key in production and turns cross-border sales off there without a key', () => {
    expect(() => loadCrossBorderConfig({ NODE_ENV: 'production', BUYER_IDENTITY_KEY: DEV_BUYER_IDENTITY_KEY })).toThrow(/public dev default/);
    expect(loadCrossBorderConfig({ NODE_ENV: 'production' }).identityKey).toBeNull();
    expect(loadCrossBorderConfig({ NODE_ENV: 'production', BUYER_IDENTITY_KEY: key }).identityKey).toBe(key);
    expect(loadCrossBorderConfig({ NODE_ENV: 'test' }).identityKey).toBe(DEV_BUYER_IDENTITY_KEY);
  });
});
