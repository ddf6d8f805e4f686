import { DEMO_MEMBER_ID, marketingService, membersService, seedId } from '@zhongtai/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGraph, type TestGraph } from './support/graph.ts';

let t: TestGraph;
beforeAll(async () => {
  t = await startTestGraph();
});
afterAll(async () => {
  await t?.stop();
});

const PREVIEW = `query($input: PreviewCartInput!) {
  previewCart(input: $input) {
    cart { total { amount } subtotal { amount } couponDiscount { amount } lines { skuId flashSaleId finalAmount { amount } discounts { source id amount { amount } } } }
    userErrors { field code message }
  }
}`;

describe('members and marketing through the gateway (demo data)', () => {
  it('a customer sees itself with its level, points and default address; its coupons; not the member list', async () => {
    const res = await t.gql(
      '{ me { id name level { name } pointsBalance defaultAddress { city } } myCoupons(first: 10) { totalCount nodes { code status template { name } } } }',
      undefined,
      t.tokens.customer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toMatchObject({ id: DEMO_MEMBER_ID, level: { name: '黄金会员 Gold' } });
    expect(res.data!.me.pointsBalance).toBeGreaterThan(0);
    expect(res.data!.myCoupons.nodes.map((c: { code: string }) => c.code).sort()).toEqual(['DEMO300OFF301', 'DEMONEW10PCT']);
    const list = await t.gql('{ members(first: 1) { totalCount } }', undefined, t.tokens.customer);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('previewCart prices the demo flash sale and refuses a coupon out of reach, naming why', async () => {
    const sku = seedId('sku', 1);
    const flash = await t.gql(PREVIEW, { input: { lines: [{ skuId: sku, quantity: 1 }] } }, t.tokens.customer);
    expect(flash.errors).toBeUndefined();
    expect(flash.data!.previewCart.cart.lines[0]).toMatchObject({ flashSaleId: seedId('fls', 1), finalAmount: { amount: '1.00' } });
    const coupon = await t.gql(PREVIEW, { input: { lines: [{ skuId: sku, quantity: 1 }], couponCode: 'DEMO300OFF301' } }, t.tokens.customer);
    expect(coupon.data!.previewCart.userErrors.map((e: { code: string }) => e.code)).toEqual(['OUT_OF_SCOPE']);
  });

  it('admins see templates with usage; merchants only their shop; internal fields are not public', async () => {
    const admin = await t.gql(
      '{ couponTemplates(first: 50) { totalCount nodes { name funder usage { claimed used discountGiven { amount } } } } }',
      undefined,
      t.tokens.admin,
    );
    expect(admin.data!.couponTemplates.totalCount).toBeGreaterThanOrEqual(8);
    const merchant = await t.gql(
      '{ couponTemplates(first: 50) { nodes { funder shop { id } } } promotions(first: 10) { nodes { shop { id } } } }',
      undefined,
      t.tokens.merchantA,
    );
    expect(merchant.errors).toBeUndefined();
    // Non-empty first: `every` over an empty list passes whatever the merchant filter does.
    expect(merchant.data!.couponTemplates.nodes.length).toBeGreaterThan(0);
    expect(merchant.data!.couponTemplates.nodes.every((n: { shop: { id: string } }) => n.shop.id === t.shopA)).toBe(true);
    const internal = await t.gql(
      'query($i: PriceCartInput!) { priceCart(input: $i) { cart { total { amount } } } }',
      { i: { memberId: DEMO_MEMBER_ID, lines: [] } },
      t.tokens.service,
    );
    expect(internal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('the typed service contracts match the SDL', async () => {
    const client = t.graph.host!.serviceClient('tests');
    const { memberQuote } = await client.call(membersService.memberQuote, { memberId: DEMO_MEMBER_ID });
    expect(memberQuote).toMatchObject({ memberId: DEMO_MEMBER_ID, freeShipping: true, pointsPerCurrencyUnit: 100 });
    const { priceCart } = await client.call(marketingService.priceCart, {
      input: { memberId: DEMO_MEMBER_ID, lines: [{ skuId: seedId('sku', 1), quantity: 1 }] },
    });
    expect(priceCart.userErrors).toEqual([]);
    const { redeemCoupon } = await client.call(marketingService.redeemCoupon, { input: { orderId: 'ord_none' } });
    expect(redeemCoupon).toEqual({ couponId: null, status: null, userErrors: [] });
    const { refundPoints } = await client.call(membersService.refundPoints, { input: { orderId: 'ord_none' } });
    expect(refundPoints).toEqual({ points: 0, balance: null, userErrors: [] });
  });
});
