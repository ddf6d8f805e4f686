import { describe, expect, it } from 'vitest';
import { priceCart } from '../src/domain/pricing/calculate.ts';
import type { CartLine, CouponRule, FlashSaleRule, MemberTerms, PricedCart, PricingInput, PromotionRule, Scope } from '../src/domain/pricing/types.ts';

// Plain inputs -> outputs: no database. Amounts in fen (minor units of CNY).
const yuan = (n: number) => BigInt(Math.round(n * 100));
const SHOP_A = 'shp_A';
const SHOP_B = 'shp_B';
const line = (skuId: string, price: number, quantity = 1, shopId = SHOP_A, categoryPath = ['cat_root', 'cat_phones']): CartLine => ({
  skuId,
  shopId,
  categoryPath,
  unitPrice: yuan(price),
  quantity,
});
const scope = (kind: Scope['kind'], ids: string[] = [], ownerShopId: string | null = null): Scope => ({ kind, ids, ownerShopId });
const member: MemberTerms = {
  memberId: 'mbr_1',
  levelId: null,
  levelName: null,
  discountPercent: 0,
  freeShipping: false,
  pointsBalance: 10_000,
  pointsPerCurrencyUnit: 100,
  maxPointsDeductionPercent: 50,
};
const tiers = (id: string, owner: string | null, ...pairs: [number, number][]): PromotionRule => ({
  id,
  name: `满减 ${id}`,
  kind: 'FULL_REDUCTION',
  tiers: pairs.map(([threshold, off]) => ({ threshold: yuan(threshold), off: yuan(off) })),
  percentOff: null,
  maxDiscount: null,
  scope: scope(owner ? 'SHOP' : 'PLATFORM', [], owner),
});
const percent = (id: string, p: number, cap: number | null, s: Scope = scope('PLATFORM')): PromotionRule => ({
  id,
  name: `${p}% off`,
  kind: 'PERCENT_OFF',
  tiers: [],
  percentOff: p,
  maxDiscount: cap === null ? null : yuan(cap),
  scope: s,
});
const coupon = (over: Partial<CouponRule>): CouponRule => ({
  id: 'cpn_1',
  name: '券',
  kind: 'THRESHOLD',
  amountOff: yuan(30),
  percentOff: null,
  maxDiscount: null,
  minSpend: yuan(300),
  scope: scope('PLATFORM'),
  ...over,
});
const flash = (over: Partial<FlashSaleRule>): FlashSaleRule => ({
  id: 'fls_1',
  name: '秒杀',
  skuId: 'sku_1',
  price: yuan(1),
  remaining: 10,
  memberAllowance: 2,
  ...over,
});

function price(over: Partial<PricingInput>): PricedCart {
  const result = priceCart({ currencyCode: 'CNY', lines: [], promotions: [], flashSales: [], coupon: null, member, pointsToUse: 0, ...over });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  // Every cart: line shares of each discount sum to the totals; final amounts never negative.
  expect(result.value.lines.reduce((s, l) => s + l.finalAmount, 0n)).toBe(result.value.total);
  expect(result.value.subtotal - result.value.discountTotal).toBe(result.value.total);
  for (const l of result.value.lines) expect(l.listAmount - l.discounts.reduce((s, d) => s + d.amount, 0n)).toBe(l.finalAmount);
  for (const l of result.value.lines) expect(l.finalAmount >= 0n).toBe(true);
  return result.value;
}

function refusal(over: Partial<PricingInput>) {
  const result = priceCart({ currencyCode: 'CNY', lines: [], promotions: [], flashSales: [], coupon: null, member, pointsToUse: 0, ...over });
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors.map(({ field, code }) => ({ field, code }));
}

const shares = (cart: PricedCart, source: string) => cart.lines.map((l) => l.discounts.filter((d) => d.source === source).reduce((s, d) => s + d.amount, 0n));

describe('full-reduction tiers (满减)', () => {
  const rule = tiers('prm_1', null, [300, 30], [500, 60]);
  it.each([
    { cart: [299.99], off: 0 },
    { cart: [300], off: 30 },
    { cart: [200, 100], off: 30 },
    { cart: [499.99], off: 30 },
    { cart: [500], off: 60 },
    { cart: [400, 400], off: 60 }, // tiers are not cumulative
  ])('$cart -> $off off', ({ cart, off }) => {
    const result = price({ lines: cart.map((p, i) => line(`sku_${i}`, p)), promotions: [rule] });
    expect(result.discountTotal).toBe(yuan(off));
    expect(result.total).toBe(yuan(cart.reduce((a, b) => a + b, 0) - off));
  });

  it('spreads 30 off 200 + 100 as 20 + 10', () => {
    expect(shares(price({ lines: [line('a', 200), line('b', 100)], promotions: [rule] }), 'PROMOTION')).toEqual([yuan(20), yuan(10)]);
  });
});

describe('percent off with a cap', () => {
  it.each([
    { amount: 100, p: 10, cap: 50, off: 10 },
    { amount: 1000, p: 10, cap: 50, off: 50 },
    { amount: 99.99, p: 15, cap: null, off: 15 }, // 14.9985 rounds half up to 15.00
    { amount: 0.05, p: 10, cap: null, off: 0.01 }, // 0.005 rounds up to 0.01
  ])('$p% of $amount capped at $cap -> $off', ({ amount, p, cap, off }) => {
    expect(price({ lines: [line('a', amount)], promotions: [percent('prm_p', p, cap)] }).discountTotal).toBe(yuan(off));
  });
});

describe('coupons', () => {
  it.each([
    { what: 'threshold reached', c: coupon({}), cart: [300], off: 30 },
    { what: 'fixed amount, no threshold', c: coupon({ kind: 'FIXED_AMOUNT', amountOff: yuan(20), minSpend: 0n }), cart: [50], off: 20 },
    { what: 'fixed amount never below zero', c: coupon({ kind: 'FIXED_AMOUNT', amountOff: yuan(20), minSpend: 0n }), cart: [5], off: 5 },
    {
      what: 'percent off capped',
      c: coupon({ kind: 'PERCENT_OFF', amountOff: null, percentOff: 20, maxDiscount: yuan(30), minSpend: 0n }),
      cart: [500],
      off: 30,
    },
    {
      what: 'percent off under the cap',
      c: coupon({ kind: 'PERCENT_OFF', amountOff: null, percentOff: 20, maxDiscount: yuan(30), minSpend: 0n }),
      cart: [100],
      off: 20,
    },
  ])('$what', ({ c, cart, off }) => {
    const result = price({ lines: cart.map((p, i) => line(`sku_${i}`, p)), coupon: c });
    expect(result.couponDiscount).toBe(yuan(off));
    expect(result.couponId).toBe('cpn_1');
  });

  it('below its threshold the coupon is refused, naming why', () => {
    expect(refusal({ lines: [line('a', 299.99)], coupon: coupon({}) })).toEqual([{ field: ['input', 'couponCode'], code: 'BELOW_THRESHOLD' }]);
  });

  it('its threshold counts only the lines in its scope', () => {
    const shopCoupon = coupon({ scope: scope('SHOP', [], SHOP_B) });
    expect(refusal({ lines: [line('a', 250), line('b', 100, 1, SHOP_B)], coupon: shopCoupon })).toEqual([
      { field: ['input', 'couponCode'], code: 'BELOW_THRESHOLD' },
    ]);
    const ok = price({ lines: [line('a', 250), line('b', 300, 1, SHOP_B)], coupon: shopCoupon });
    expect(shares(ok, 'COUPON')).toEqual([0n, yuan(30)]);
  });

  it.each([
    { what: 'another shop', s: scope('SHOP', [], SHOP_B) },
    { what: 'other categories', s: scope('CATEGORIES', ['cat_apparel']) },
    { what: 'other SKUs', s: scope('SKUS', ['sku_other']) },
  ])('a coupon for $what is OUT_OF_SCOPE', ({ s }) => {
    expect(refusal({ lines: [line('a', 500)], coupon: coupon({ scope: s }) })).toEqual([{ field: ['input', 'couponCode'], code: 'OUT_OF_SCOPE' }]);
  });

  it('a category coupon covers the category and everything below it', () => {
    const result = price({
      lines: [line('a', 300, 1, SHOP_A, ['cat_root', 'cat_phones']), line('b', 100, 1, SHOP_A, ['cat_apparel'])],
      coupon: coupon({ scope: scope('CATEGORIES', ['cat_root']) }),
    });
    expect(shares(result, 'COUPON')).toEqual([yuan(30), 0n]);
  });
});

describe('stacking', () => {
  it('one promotion per line: shop promotions before platform ones, the platform one takes what is left', () => {
    const shopRule = tiers('prm_shop', SHOP_A, [300, 30]);
    const platformRule = percent('prm_plat', 10, null);
    const result = price({ lines: [line('a', 300), line('b', 200, 1, SHOP_B)], promotions: [platformRule, shopRule] });
    expect(result.lines[0]!.discounts).toEqual([{ source: 'PROMOTION', id: 'prm_shop', name: '满减 prm_shop', amount: yuan(30), funder: 'SHOP' }]);
    expect(result.lines[1]!.discounts).toEqual([{ source: 'PROMOTION', id: 'prm_plat', name: '10% off', amount: yuan(20), funder: 'PLATFORM' }]);
  });

  it('among promotions of one round the larger discount takes the lines', () => {
    const result = price({ lines: [line('a', 600)], promotions: [tiers('prm_a', null, [300, 30]), percent('prm_b', 15, null)] });
    expect(result.lines[0]!.discounts.map((d) => d.id)).toEqual(['prm_b']);
    expect(result.discountTotal).toBe(yuan(90));
  });

  it('promotion, then coupon on what is left, then points', () => {
    const result = price({
      lines: [line('a', 400), line('b', 200)],
      promotions: [tiers('prm_1', null, [300, 30], [500, 60])],
      coupon: coupon({ minSpend: yuan(500) }),
      pointsToUse: 1000,
    });
    // 600 - 60 = 540 >= 500: coupon 30 -> 510; 1000 points = 10.00.
    expect([result.discountTotal, result.couponDiscount, result.pointsDeduction, result.pointsUsed, result.total]).toEqual([
      yuan(100),
      yuan(30),
      yuan(10),
      1000,
      yuan(500),
    ]);
    expect(result.lines[0]!.discounts.map((d) => d.source)).toEqual(['PROMOTION', 'COUPON', 'POINTS']);
  });

  it('a flash-sale line takes no promotion, no member discount and no coupon', () => {
    const gold = { ...member, levelId: 'lvl_gold', levelName: 'Gold', discountPercent: 5 };
    const result = price({
      lines: [line('sku_1', 100, 2), line('sku_2', 100)],
      flashSales: [flash({})],
      promotions: [percent('prm_p', 10, null, scope('SKUS', ['sku_1']))],
      coupon: coupon({ kind: 'FIXED_AMOUNT', amountOff: yuan(10), minSpend: 0n }),
      member: gold,
    });
    expect(result.lines[0]).toMatchObject({ flashSaleId: 'fls_1', finalAmount: yuan(2), discounts: [{ source: 'FLASH_SALE', amount: yuan(198) }] });
    expect(result.lines[1]!.discounts.map((d) => [d.source, d.amount])).toEqual([
      ['MEMBER_LEVEL', yuan(5)],
      ['COUPON', yuan(10)],
    ]);
  });

  it('a flash sale refuses quantities beyond what is left or the member allowance', () => {
    expect(refusal({ lines: [line('sku_1', 100, 3)], flashSales: [flash({})] })).toEqual([
      { field: ['input', 'lines', '0', 'quantity'], code: 'LIMIT_REACHED' },
    ]);
    expect(refusal({ lines: [line('sku_1', 100, 2)], flashSales: [flash({ remaining: 1 })] })).toEqual([
      { field: ['input', 'lines', '0', 'quantity'], code: 'SOLD_OUT' },
    ]);
  });

  it('the member level applies only to lines without a promotion', () => {
    const gold = { ...member, levelId: 'lvl_gold', levelName: 'Gold', discountPercent: 5 };
    const result = price({ lines: [line('a', 300), line('b', 100, 1, SHOP_B)], promotions: [tiers('prm_shop', SHOP_A, [300, 30])], member: gold });
    expect(result.lines.map((l) => l.discounts.map((d) => d.source))).toEqual([['PROMOTION'], ['MEMBER_LEVEL']]);
    expect(result.total).toBe(yuan(270 + 95));
  });
});

describe('points deduction', () => {
  it.each([
    { what: '1000 points pay 10.00', points: 1000, cart: [100], used: 1000, off: 10 },
    { what: 'capped at 50% of the order', points: 9000, cart: [100], used: 5000, off: 50 },
    { what: 'at 150 points per yuan only whole fen are used', points: 100, cart: [100], used: 99, off: 0.66, rate: 150 },
  ])('$what', ({ points, cart, used, off, rate }) => {
    const result = price({ lines: cart.map((p, i) => line(`s${i}`, p)), pointsToUse: points, member: { ...member, pointsPerCurrencyUnit: rate ?? 100 } });
    expect([result.pointsUsed, result.pointsDeduction]).toEqual([used, yuan(off)]);
  });

  it('more points than the balance are refused', () => {
    expect(refusal({ lines: [line('a', 100)], pointsToUse: 10_001 })).toEqual([{ field: ['input', 'pointsToUse'], code: 'INSUFFICIENT_POINTS' }]);
  });
});

describe('allocation across lines', () => {
  const tenOff = coupon({ kind: 'FIXED_AMOUNT', amountOff: yuan(10), minSpend: 0n });

  it('10.00 off three lines of 33.33 sums exactly: 3.34 + 3.33 + 3.33', () => {
    const split = shares(price({ lines: [line('a', 33.33), line('b', 33.33), line('c', 33.33)], coupon: tenOff }), 'COUPON');
    expect(split).toEqual([334n, 333n, 333n]);
    expect(split.reduce((a, b) => a + b, 0n)).toBe(yuan(10));
  });

  it('10.00 off three lines of 3.33 takes all 9.99 and no line goes negative', () => {
    const result = price({ lines: [line('a', 3.33), line('b', 3.33), line('c', 3.33)], coupon: tenOff });
    expect(shares(result, 'COUPON')).toEqual([333n, 333n, 333n]);
    expect(result.total).toBe(0n);
  });

  it('3.33 × 3 lines with 1.00 off: shares 0.34, 0.33, 0.33', () => {
    const result = price({
      lines: [line('a', 3.33), line('b', 3.33), line('c', 3.33)],
      coupon: coupon({ kind: 'FIXED_AMOUNT', amountOff: yuan(1), minSpend: 0n }),
    });
    expect(shares(result, 'COUPON')).toEqual([34n, 33n, 33n]);
  });
});
