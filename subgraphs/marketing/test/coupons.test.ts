import { describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { marketingService, type UserError } from '@zhongtai/kit';
import { claimCoupon, grantCoupons } from '../src/domain/claims.ts';
import { listCoupons } from '../src/domain/coupons.ts';
import { createCouponTemplate, endCouponTemplate, listCouponTemplates, templateUsage } from '../src/domain/templates.ts';
import { ADMIN, anOrder, customer, merchantOf, openWorld, templateInput } from './fixtures.ts';

const world = useTestWorld(openWorld);

const codes = (result: { ok: boolean; errors?: UserError[] }) => (result.ok ? [] : result.errors!.map(({ field, code }) => ({ field, code })));
const service = () => world.host.serviceClient('orders');

async function template(over: Record<string, unknown> = {}, token = ADMIN) {
  const result = await createCouponTemplate(await world.as(token), templateInput(over));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

async function claimed(memberId: string, templateId: string) {
  const result = await claimCoupon(await world.as(customer(memberId)), { templateId });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const price = (memberId: string, couponCode: string | null, lines = [{ skuId: world.skus.phone, quantity: 1 }]) =>
  service().call(marketingService.priceCart, { input: { memberId, lines, couponCode } });

describe('a coupon with an order: lock, release, redeem (through the service contracts)', () => {
  it('a coupon locked by an order and released on cancel can be used again', async () => {
    const member = await world.member();
    const coupon = await claimed(member, (await template()).id);
    const priced = (await price(member, coupon.code)).priceCart;
    expect(priced.userErrors).toEqual([]);
    expect(priced.cart!.couponDiscount).toEqual({ amount: '30.00', currencyCode: 'CNY' });
    expect(priced.cart!.total.amount).toBe('270.00');

    const first = anOrder();
    const lock = { couponCode: coupon.code, memberId: member, orderId: first, discount: priced.cart!.couponDiscount };
    expect((await service().call(marketingService.lockCoupon, { input: lock })).lockCoupon).toEqual({ couponId: coupon.id, status: 'LOCKED', userErrors: [] });
    // The order center retries: same answer, nothing changes.
    expect((await service().call(marketingService.lockCoupon, { input: lock })).lockCoupon.status).toBe('LOCKED');
    // While locked, neither another order nor a preview can use it.
    const other = (await service().call(marketingService.lockCoupon, { input: { ...lock, orderId: anOrder() } })).lockCoupon;
    expect(other.userErrors.map((e) => e.code)).toEqual(['IN_USE']);
    expect((await price(member, coupon.code)).priceCart.userErrors.map((e) => e.code)).toEqual(['IN_USE']);

    expect((await service().call(marketingService.releaseCoupon, { input: { orderId: first } })).releaseCoupon).toEqual({
      couponId: coupon.id,
      status: 'AVAILABLE',
      userErrors: [],
    });
    expect((await service().call(marketingService.releaseCoupon, { input: { orderId: first } })).releaseCoupon.couponId).toBeNull();

    const second = anOrder();
    expect((await price(member, coupon.code)).priceCart.cart!.couponId).toBe(coupon.id);
    expect((await service().call(marketingService.lockCoupon, { input: { ...lock, orderId: second } })).lockCoupon.status).toBe('LOCKED');
    expect((await service().call(marketingService.redeemCoupon, { input: { orderId: second } })).redeemCoupon.status).toBe('REDEEMED');
    expect((await service().call(marketingService.redeemCoupon, { input: { orderId: second } })).redeemCoupon.status).toBe('REDEEMED');
    // A paid order's coupon is not given back.
    expect((await service().call(marketingService.releaseCoupon, { input: { orderId: second } })).releaseCoupon.status).toBe('REDEEMED');
    expect((await price(member, coupon.code)).priceCart.userErrors.map((e) => e.code)).toEqual(['IN_USE']);
  });

  it('repricing the order that holds a coupon (an order edit) may use it; any other cart may not', async () => {
    const member = await world.member();
    const coupon = await claimed(member, (await template()).id);
    const holder = anOrder();
    const discount = (await price(member, coupon.code)).priceCart.cart!.couponDiscount;
    await service().call(marketingService.lockCoupon, { input: { couponCode: coupon.code, memberId: member, orderId: holder, discount } });
    const reprice = (orderId: string) =>
      service().call(marketingService.priceCart, {
        input: { memberId: member, lines: [{ skuId: world.skus.phone, quantity: 2 }], couponCode: coupon.code, heldBy: { orderId, points: 0 } },
      });
    const own = (await reprice(holder)).priceCart;
    expect(own.userErrors).toEqual([]);
    expect(own.cart!.couponId).toBe(coupon.id);
    expect((await reprice(anOrder())).priceCart.userErrors.map((e) => e.code)).toEqual(['IN_USE']);
    // Nothing was locked or changed by pricing: the holder still has it.
    expect(
      (
        await service().call(marketingService.lockCoupon, { input: { couponCode: coupon.code, memberId: member, orderId: anOrder(), discount } })
      ).lockCoupon.userErrors.map((e) => e.code),
    ).toEqual(['IN_USE']);
  });

  it('an expired coupon gives a userError naming why, in pricing and in locking', async () => {
    const member = await world.member();
    const past = await template({ validDays: null, validFrom: new Date(Date.now() - 7200_000), validUntil: new Date(Date.now() - 1000) });
    const coupon = await claimed(member, past.id);
    const { priceCart } = await price(member, coupon.code);
    expect(priceCart.cart).toBeNull();
    expect(priceCart.userErrors).toEqual([{ field: ['input', 'couponCode'], code: 'EXPIRED', message: expect.stringContaining('expired') }]);
    const lock = await service().call(marketingService.lockCoupon, {
      input: { couponCode: coupon.code, memberId: member, orderId: anOrder(), discount: { amount: '30.00', currencyCode: 'CNY' } },
    });
    expect(lock.lockCoupon.userErrors.map((e) => e.code)).toEqual(['EXPIRED']);
  });

  it('an out-of-scope coupon gives OUT_OF_SCOPE; below its threshold BELOW_THRESHOLD', async () => {
    const member = await world.member();
    const apparelOnly = await claimed(member, (await template({ scope: 'CATEGORIES', scopeIds: [world.categories.apparel] })).id);
    const out = (await price(member, apparelOnly.code)).priceCart;
    expect(out.userErrors).toEqual([{ field: ['input', 'couponCode'], code: 'OUT_OF_SCOPE', message: expect.stringContaining('covers none') }]);
    const shopB = await claimed(member, (await template({ minSpend: { amount: '50.00', currencyCode: 'CNY' } }, merchantOf(world.shopB))).id);
    expect((await price(member, shopB.code)).priceCart.userErrors.map((e) => e.code)).toEqual(['OUT_OF_SCOPE']);
    const ok = (await price(member, shopB.code, [{ skuId: world.skus.shirt, quantity: 1 }])).priceCart;
    expect(ok.cart!.total.amount).toBe('69.00');
    const platform = await claimed(member, (await template()).id);
    expect((await price(member, platform.code, [{ skuId: world.skus.phoneCase, quantity: 2 }])).priceCart.userErrors.map((e) => e.code)).toEqual([
      'BELOW_THRESHOLD',
    ]);
  });

  it("another member's code reads as not found", async () => {
    const [owner, thief] = [await world.member(), await world.member()];
    const coupon = await claimed(owner, (await template()).id);
    expect((await price(thief, coupon.code)).priceCart.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });
});

describe('claims, grants and templates', () => {
  it('claims respect the per-member limit and the quantity, and say why not', async () => {
    const member = await world.member();
    const t = await template({ totalQuantity: 3, perMemberLimit: 2 });
    await claimed(member, t.id);
    await claimed(member, t.id);
    expect(codes(await claimCoupon(await world.as(customer(member)), { templateId: t.id }))).toEqual([
      { field: ['input', 'templateId'], code: 'LIMIT_REACHED' },
    ]);
    await claimed(await world.member(), t.id);
    expect(codes(await claimCoupon(await world.as(customer(await world.member())), { templateId: t.id }))).toEqual([
      { field: ['input', 'templateId'], code: 'SOLD_OUT' },
    ]);
    const ended = await template();
    await endCouponTemplate(await world.as(ADMIN), { id: ended.id });
    expect(codes(await claimCoupon(await world.as(customer(member)), { templateId: ended.id }))).toEqual([{ field: ['input', 'templateId'], code: 'EXPIRED' }]);
  });

  it('an operator grants in bulk; members at their limit are skipped', async () => {
    const [a, b, c] = [await world.member(), await world.member(), await world.member()];
    const t = await template({ perMemberLimit: 1 });
    await claimed(a, t.id);
    const granted = await grantCoupons(await world.as(ADMIN), { templateId: t.id, memberIds: [a, b, c, b] });
    expect(granted.ok && granted.value.coupons.map((x) => x.memberId).sort()).toEqual([b, c].sort());
    expect(granted.ok && granted.value.skippedMemberIds).toEqual([a]);
    const coupons = await listCoupons(await world.as(ADMIN), { first: 10 }, { templateId: t.id, status: 'AVAILABLE' });
    expect(await coupons.totalCount()).toBe(3);
  });

  // Guards against a grant that checks only the per-member limit: an operator granting to more
  // members than the template has left would issue coupons nobody budgeted for.
  it('a grant never takes a template past its total quantity: over it, nothing is granted', async () => {
    const t = await template({ totalQuantity: 3, perMemberLimit: 1 });
    await claimed(await world.member(), t.id);
    const [a, b, c] = [await world.member(), await world.member(), await world.member()];
    const over = await grantCoupons(await world.as(ADMIN), { templateId: t.id, memberIds: [a, b, c] });
    expect(codes(over)).toEqual([{ field: ['input', 'templateId'], code: 'SOLD_OUT' }]);
    expect(await (await listCoupons(await world.as(ADMIN), { first: 10 }, { templateId: t.id })).totalCount()).toBe(1);
    const fits = await grantCoupons(await world.as(ADMIN), { templateId: t.id, memberIds: [a, b] });
    expect(fits.ok && fits.value.coupons.map((x) => x.memberId).sort()).toEqual([a, b].sort());
    expect(await (await listCoupons(await world.as(ADMIN), { first: 10 }, { templateId: t.id })).totalCount()).toBe(3);
    expect(codes(await grantCoupons(await world.as(ADMIN), { templateId: t.id, memberIds: [c] }))).toEqual([
      { field: ['input', 'templateId'], code: 'SOLD_OUT' },
    ]);
  });

  it('merchants manage only their own shop; usage statistics count claims, uses and the discount given', async () => {
    const mine = await template({}, merchantOf(world.shopA));
    expect(mine).toMatchObject({ shopId: world.shopA, funder: 'SHOP', scope: 'SHOP' });
    await expect(endCouponTemplate(await world.as(merchantOf(world.shopB)), { id: mine.id })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(async () => listCouponTemplates(await world.as(merchantOf(world.shopB)), { first: 5 }, { shopId: world.shopA })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const listed = await listCouponTemplates(await world.as(merchantOf(world.shopB)), { first: 100 });
    // Non-empty first: `every` over an empty list is true whatever the filter does.
    expect(listed.nodes.length).toBeGreaterThan(0);
    expect(listed.nodes.every((t) => t.shopId === world.shopB)).toBe(true);
    const platform = await template();
    await expect(endCouponTemplate(await world.as(merchantOf(world.shopA)), { id: platform.id })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });

    const member = await world.member();
    const [used] = [await claimed(member, mine.id), await claimed(member, mine.id)];
    const order = anOrder();
    await service().call(marketingService.lockCoupon, {
      input: { couponCode: used.code, memberId: member, orderId: order, discount: { amount: '30.00', currencyCode: 'CNY' } },
    });
    await service().call(marketingService.redeemCoupon, { input: { orderId: order } });
    expect(await templateUsage(await world.as(merchantOf(world.shopA)), mine)).toEqual({ claimed: 2, locked: 0, used: 1, expired: 0, discountGiven: 3000n });
  });
});
