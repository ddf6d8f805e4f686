import { describe, expect, it } from 'vitest';
import { useTestWorld } from '@zhongtai/kit/testing';
import { marketingService } from '@zhongtai/kit';
import { createFlashSale } from '../src/domain/flashSales.ts';
import { createCampaign, createPromotion, listPromotions } from '../src/domain/promotions.ts';
import { ADMIN, anOrder, merchantOf, openWorld, RUN } from './fixtures.ts';

const world = useTestWorld(openWorld);

const now = Date.now();
const window = { startsAt: new Date(now - 60_000), endsAt: new Date(now + 3_600_000) };
const client = () => world.host.serviceClient('orders');
const price = (memberId: string, lines: { skuId: string; quantity: number }[], pointsToUse = 0) =>
  client()
    .call(marketingService.priceCart, { input: { memberId, lines, pointsToUse } })
    .then((r) => r.priceCart);

describe('flash sales and promotions in the price calculation', () => {
  it('a flash sale prices its SKU, takes quantity once per order and gives it back on cancel', async () => {
    const sale = await createFlashSale(await world.as(merchantOf(world.shopB)), {
      skuId: world.skus.shirt,
      name: `秒杀 ${RUN}`,
      price: { amount: '9.90', currencyCode: 'CNY' },
      quantity: 3,
      perMemberLimit: 2,
      ...window,
    });
    if (!sale.ok) throw new Error(JSON.stringify(sale.errors));
    const member = await world.member();
    const priced = await price(member, [{ skuId: world.skus.shirt, quantity: 2 }]);
    expect(priced.cart!.lines[0]).toMatchObject({
      flashSaleId: sale.value.id,
      finalAmount: { amount: '19.80' },
      discounts: [{ source: 'FLASH_SALE', amount: { amount: '178.20' } }],
    });

    const order = anOrder();
    const take = { flashSaleId: sale.value.id, memberId: member, orderId: order, quantity: 2 };
    expect((await client().call(marketingService.takeFlashSale, { input: take })).takeFlashSale).toEqual({ quantity: 2, userErrors: [] });
    expect((await client().call(marketingService.takeFlashSale, { input: take })).takeFlashSale.quantity).toBe(2);
    expect((await price(member, [{ skuId: world.skus.shirt, quantity: 1 }])).userErrors.map((e) => e.code)).toEqual(['LIMIT_REACHED']);
    const again = await client().call(marketingService.takeFlashSale, { input: { ...take, orderId: anOrder(), quantity: 1 } });
    expect(again.takeFlashSale.userErrors.map((e) => e.code)).toEqual(['LIMIT_REACHED']);
    expect((await client().call(marketingService.releaseFlashSale, { input: { orderId: order } })).releaseFlashSale.quantity).toBe(2);
    expect((await client().call(marketingService.releaseFlashSale, { input: { orderId: order } })).releaseFlashSale.quantity).toBe(0);
    expect((await price(member, [{ skuId: world.skus.shirt, quantity: 2 }])).cart!.lines[0]!.flashSaleId).toBe(sale.value.id);
  });

  it('a flash sale must sell below the price, in the SKU shop', async () => {
    const dear = await createFlashSale(await world.as(ADMIN), {
      skuId: world.skus.phone,
      name: 'x',
      price: { amount: '300.00', currencyCode: 'CNY' },
      quantity: 1,
      ...window,
    });
    expect(!dear.ok && dear.errors.map((e) => e.code)).toEqual(['OUT_OF_RANGE']);
    await expect(async () =>
      createFlashSale(await world.as(merchantOf(world.shopB)), {
        skuId: world.skus.phone,
        name: 'x',
        price: { amount: '1.00', currencyCode: 'CNY' },
        quantity: 1,
        ...window,
      }),
    ).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('满减 tiers of a shop, a platform percent-off in a running campaign, points: totals and per-line shares', async () => {
    const campaign = await createCampaign(await world.as(ADMIN), { name: `专场 ${RUN}`, ...window });
    if (!campaign.ok) throw new Error('campaign');
    const tiers = [
      { threshold: { amount: '300.00', currencyCode: 'CNY' as const }, off: { amount: '30.00', currencyCode: 'CNY' as const } },
      { threshold: { amount: '500.00', currencyCode: 'CNY' as const }, off: { amount: '60.00', currencyCode: 'CNY' as const } },
    ];
    const shopRule = await createPromotion(await world.as(merchantOf(world.shopA)), {
      name: `满减 ${RUN}`,
      kind: 'FULL_REDUCTION',
      tiers,
      scope: 'SHOP',
      ...window,
    });
    const platformRule = await createPromotion(await world.as(ADMIN), {
      campaignId: campaign.value.id,
      name: `全场95折 ${RUN}`,
      kind: 'PERCENT_OFF',
      percentOff: 5,
      scope: 'PLATFORM',
      ...window,
    });
    if (!shopRule.ok || !platformRule.ok) throw new Error('promotions');
    const member = await world.member();
    await world.gql('members', ADMIN, 'mutation($m: ID!) { adjustPoints(input: { memberId: $m, points: 500, reason: "test" }) { entry { id } } }', {
      m: member,
    });
    const cart = (
      await price(
        member,
        [
          { skuId: world.skus.phone, quantity: 1 },
          { skuId: world.skus.phoneCase, quantity: 2 },
        ],
        500,
      )
    ).cart!;
    // Shop A: 300 + 200 = 500 reaches 满500减60, split 36 + 24. Points: 500 = 5.00, split 2.64/1.76 by what is left.
    expect(cart.lines.map((l) => l.discounts.map((d) => `${d.source}:${d.amount.amount}`))).toEqual([
      ['PROMOTION:36.00', 'POINTS:3.00'],
      ['PROMOTION:24.00', 'POINTS:2.00'],
    ]);
    expect([cart.subtotal.amount, cart.discountTotal.amount, cart.total.amount, cart.pointsUsed]).toEqual(['500.00', '65.00', '435.00', 500]);
    // Lines the shop's rule does not take (below its lowest tier) get the platform rule.
    const single = (await price(member, [{ skuId: world.skus.phoneCase, quantity: 1 }])).cart!;
    expect(single.lines[0]!.discounts.map((d) => [d.id, d.amount.amount])).toEqual([[platformRule.value.id, '5.00']]);
    const inCampaign = await listPromotions(await world.as(ADMIN), { first: 10 }, { campaignId: campaign.value.id });
    expect(inCampaign.nodes.map((p) => p.id)).toEqual([platformRule.value.id]);
  });
});
