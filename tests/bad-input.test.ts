import { sql } from 'drizzle-orm';
import { MAX_UNIT_PRICE_MINOR, toMoney } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type GraphQLResponse, type TestGraph } from './support/graph.ts';
import { buyableSkus, type BuyableSku } from './support/shopping.ts';

/**
 * Bad input is the client's error: BAD_USER_INPUT (or a userError in the payload), never
 * INTERNAL_SERVER_ERROR, and nothing is written.
 */
let t: TestGraph;
let sku: BuyableSku;

beforeAll(async () => {
  t = await startTestGraph();
  sku = (await buyableSkus(t, t.shopA, 1, 3))[0]!;
});
afterAll(async () => {
  await t?.stop();
});

const TABLES = ['marketing.campaigns', 'marketing.coupon_templates', 'marketing.promotions', 'catalog.price_changes', 'orders.orders', 'payments.payments'];

async function rowCounts(): Promise<Record<string, number>> {
  const db = t.graph.host!.database.forCenter('catalog');
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const result = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    const rows = Array.isArray(result) ? result : (result as unknown as { rows: { n: number }[] }).rows;
    counts[table] = Number((rows[0] as { n: number }).n);
  }
  return counts;
}

function expectClientError(res: GraphQLResponse, code = 'BAD_USER_INPUT') {
  expect(JSON.stringify(res)).not.toContain('INTERNAL_SERVER_ERROR');
  expect(res.errors?.map((e) => e.extensions?.code)).toContain(code);
}

const YEAR_ZERO = '0000-06-01T00:00:00Z';
const NOT_A_DAY = '2027-02-31T00:00:00Z';
const LATER = '2027-06-01T00:00:00Z';

const DATE_MUTATIONS: { name: string; query: string; input: (bad: string) => Record<string, unknown> }[] = [
  {
    name: 'createCouponTemplate',
    query: 'mutation($input: CreateCouponTemplateInput!) { createCouponTemplate(input: $input) { couponTemplate { id validUntil } userErrors { code } } }',
    input: (bad) => ({
      name: 'bad date',
      kind: 'FIXED_AMOUNT',
      amountOff: { amount: '5.00', currencyCode: 'CNY' },
      scope: 'PLATFORM',
      claimableFrom: bad,
      claimableUntil: LATER,
      validDays: 7,
      totalQuantity: 10,
    }),
  },
  {
    name: 'createPromotion',
    query: 'mutation($input: CreatePromotionInput!) { createPromotion(input: $input) { promotion { id } userErrors { code } } }',
    input: (bad) => ({ name: 'bad date', kind: 'PERCENT_OFF', percentOff: 10, scope: 'PLATFORM', startsAt: bad, endsAt: LATER }),
  },
  {
    name: 'createCampaign',
    query: 'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } userErrors { code } } }',
    input: (bad) => ({ name: 'bad date', startsAt: bad, endsAt: LATER }),
  },
];

const DATE_FILTERS: { name: string; query: string }[] = [
  { name: 'orders', query: 'query($at: DateTime) { orders(first: 1, filter: { createdFrom: $at }) { totalCount } }' },
  { name: 'payments', query: 'query($at: DateTime) { payments(first: 1, filter: { createdFrom: $at }) { totalCount } }' },
  { name: 'members', query: 'query($at: DateTime) { members(first: 1, filter: { registeredFrom: $at }) { totalCount } }' },
  { name: 'promotions', query: 'query($at: DateTime) { promotions(first: 1, filter: { activeAt: $at }) { totalCount } }' },
  { name: 'shipments', query: 'query($at: DateTime) { shipments(first: 1, filter: { from: $at }) { totalCount } }' },
];

describe('DateTime: only real instants in years 0001-9999', () => {
  for (const bad of [YEAR_ZERO, NOT_A_DAY, '2027-13-01T00:00:00Z', '9999-12-31T23:00:00-05:00']) {
    it.each(DATE_MUTATIONS)(`$name with ${bad} is BAD_USER_INPUT and writes nothing`, async ({ query, input }) => {
      const before = await rowCounts();
      const res = await t.gql(query, { input: input(bad) }, t.tokens.admin);
      expectClientError(res);
      expect(await rowCounts()).toEqual(before);
    });
  }

  it.each(DATE_MUTATIONS)('$name with a bad date written in the query itself is BAD_USER_INPUT', async ({ query, input }) => {
    // The same input as a literal: parseLiteral, not parseValue.
    const literal = query.replace(
      /^mutation\(\$input: \w+!\) \{ (\w+)\(input: \$input\)/,
      (_m, field: string) => `mutation { ${field}(input: ${toLiteral(input(NOT_A_DAY))})`,
    );
    const before = await rowCounts();
    expectClientError(await t.gql(literal, {}, t.tokens.admin));
    expect(await rowCounts()).toEqual(before);
  });

  it.each(DATE_FILTERS)('the $name filter refuses year 0000 and 2027-02-31 with BAD_USER_INPUT', async ({ query }) => {
    for (const bad of [YEAR_ZERO, NOT_A_DAY]) expectClientError(await t.gql(query, { at: bad }, t.tokens.admin));
    const fine = await t.gql(query, { at: '2000-02-29T00:00:00Z' }, t.tokens.admin);
    expect(fine.errors).toBeUndefined();
  });

  it('a real date is stored as given, not rolled over', async () => {
    const res = await t.gql(
      'mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { startsAt endsAt } userErrors { code } } }',
      {
        input: { name: 'leap day', startsAt: '2028-02-29T10:00:00+08:00', endsAt: '2028-03-31T00:00:00Z' },
      },
      t.tokens.admin,
    );
    expect(res.data?.createCampaign.campaign).toEqual({ startsAt: '2028-02-29T02:00:00.000Z', endsAt: '2028-03-31T00:00:00.000Z' });
  });
});

describe('money inputs are bounded', () => {
  const HUGE = { amount: '999999999999999.99', currencyCode: 'CNY' };
  const maxPrice = toMoney(MAX_UNIT_PRICE_MINOR, 'CNY');

  async function priceOf(id: string): Promise<string> {
    return (await t.gql('query($id: ID!) { sku(id: $id) { price { amount } } }', { id }, t.tokens.admin)).data!.sku.price.amount;
  }

  it('updateSku, bulkUpdatePrices and schedulePriceChange refuse a unit price over the maximum (OUT_OF_RANGE) and change nothing', async () => {
    const price = await priceOf(sku.id);
    const before = await rowCounts();
    const bound = expect.stringMatching(/^(A unit price|Amounts) are? at most /);
    const update = await t.gql(
      'mutation($input: UpdateSkuInput!) { updateSku(input: $input) { sku { id } userErrors { field code message } } }',
      { input: { id: sku.id, price: HUGE, listPrice: HUGE } },
      t.tokens.admin,
    );
    expect(update.data?.updateSku.sku).toBeNull();
    expect(update.data?.updateSku.userErrors).toContainEqual({ field: ['input', 'price', 'amount'], code: 'OUT_OF_RANGE', message: bound });
    const justOver = { amount: (Number(maxPrice.amount) + 0.01).toFixed(2), currencyCode: 'CNY' };
    const overUnit = await t.gql(
      'mutation($input: UpdateSkuInput!) { updateSku(input: $input) { sku { id } userErrors { field code message } } }',
      { input: { id: sku.id, price: justOver, listPrice: justOver } },
      t.tokens.admin,
    );
    expect(overUnit.data?.updateSku.userErrors).toContainEqual({
      field: ['input', 'price', 'amount'],
      code: 'OUT_OF_RANGE',
      message: `A unit price is at most ${maxPrice.amount} CNY`,
    });
    const bulk = await t.gql(
      'mutation($input: BulkUpdatePricesInput!) { bulkUpdatePrices(input: $input) { skus { id } userErrors { code message } } }',
      { input: { rows: [{ skuId: sku.id, salePrice: HUGE, listPrice: HUGE }] } },
      t.tokens.admin,
    );
    expect(bulk.data?.bulkUpdatePrices.skus).toBeNull();
    expect(bulk.data?.bulkUpdatePrices.userErrors).toContainEqual({ code: 'OUT_OF_RANGE', message: bound });
    const scheduled = await t.gql(
      'mutation($input: SchedulePriceChangeInput!) { schedulePriceChange(input: $input) { priceChange { id } userErrors { code } } }',
      { input: { skuId: sku.id, effectiveAt: LATER, salePrice: justOver, listPrice: justOver } },
      t.tokens.admin,
    );
    expect(scheduled.data?.schedulePriceChange.priceChange).toBeNull();
    expect(scheduled.data?.schedulePriceChange.userErrors).toContainEqual({ code: 'OUT_OF_RANGE' });
    expect(await priceOf(sku.id)).toBe(price);
    expect(await rowCounts()).toEqual(before);
  });

  it('the maximum unit price itself is accepted, and a cart of it at quantity 2 prices without overflow', async () => {
    const res = await t.gql(
      'mutation($input: UpdateSkuInput!) { updateSku(input: $input) { sku { price { amount } } userErrors { code } } }',
      { input: { id: sku.id, price: maxPrice, listPrice: maxPrice } },
      t.tokens.admin,
    );
    expect(res.data?.updateSku).toEqual({ sku: { price: { amount: maxPrice.amount } }, userErrors: [] });
    const cart = await t.gql(
      'query($input: PreviewCartInput!) { previewCart(input: $input) { cart { subtotal { amount } } userErrors { code } } }',
      { input: { lines: [{ skuId: sku.id, quantity: 2 }] } },
      t.tokens.customer,
    );
    expect(JSON.stringify(cart)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(cart.data?.previewCart.cart?.subtotal.amount).toBe(toMoney(MAX_UNIT_PRICE_MINOR * 2n, 'CNY').amount);
  });

  it('a price stored before the bound (999,999,999,999,999.99) makes a cart refuse with OUT_OF_RANGE, not fail', async () => {
    await t.graph.host!.database.forCenter('catalog').execute(sql`update catalog.skus set price_amount = 99999999999999999 where id = ${sku.id}`);
    const before = await rowCounts();
    const cart = await t.gql(
      'query($input: PreviewCartInput!) { previewCart(input: $input) { cart { subtotal { amount } } userErrors { code } } }',
      { input: { lines: [{ skuId: sku.id, quantity: 2 }] } },
      t.tokens.customer,
    );
    expect(JSON.stringify(cart)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(cart.data?.previewCart).toEqual({ cart: null, userErrors: [{ code: 'OUT_OF_RANGE' }] });
    expect(await rowCounts()).toEqual(before);
  });

  it('marketing amounts over 10^15 minor units are refused', async () => {
    const before = await rowCounts();
    const res = await t.gql(
      DATE_MUTATIONS[0]!.query,
      { input: { ...DATE_MUTATIONS[0]!.input(LATER), claimableFrom: '2026-01-01T00:00:00Z', amountOff: HUGE } },
      t.tokens.admin,
    );
    expect(JSON.stringify(res)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(res.data?.createCouponTemplate.userErrors).toContainEqual({ code: 'OUT_OF_RANGE' });
    const tooLong = await t.gql(
      DATE_MUTATIONS[0]!.query,
      {
        input: { ...DATE_MUTATIONS[0]!.input(LATER), claimableFrom: '2026-01-01T00:00:00Z', amountOff: { amount: '9999999999999999.99', currencyCode: 'CNY' } },
      },
      t.tokens.admin,
    );
    expectClientError(tooLong);
    expect(await rowCounts()).toEqual(before);
  });
});

function toLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${toLiteral(v)}`)
      .join(', ')} }`;
  if (typeof value === 'string' && /^[A-Z_]+$/.test(value)) return value;
  return JSON.stringify(value);
}
