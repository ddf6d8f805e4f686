import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId, type EventEnvelope } from '@zhongtai/kit';
import { deliverEvent, openTestWorld, testEvent, TEST_SERVICE, useTestWorld } from '@zhongtai/kit/testing';
import { fulfillmentCenter } from '../src/index.ts';
import { handlers } from '../src/events.ts';
import { shippingNotices } from '../src/db/tables.ts';

const world = useTestWorld(() => openTestWorld({ centers: [fulfillmentCenter] }));

const envelope = testEvent;
const deliver = (event: EventEnvelope) => deliverEvent(world, handlers, event);

/** A cross-border order paid: one drop-shipped line (no warehouse to ask), held for customs. */
function paidCrossBorder(orderId: string, shopId: string): EventEnvelope<'OrderPaid'> {
  const orderLineId = newId('orl');
  const skuId = newId('sku');
  return envelope('OrderPaid', {
    orderId,
    parentOrderId: newId('chk'),
    shopId,
    memberId: newId('mbr'),
    address: { receiver: '王芳', phone: '13800000001', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号' },
    lines: [{ orderLineId, skuId, quantity: 1, productType: 'PHYSICAL', source: { kind: 'SUPPLIER', supplierId: newId('sup') } }],
    paidAt: new Date().toISOString(),
    customsHold: true,
    money: {
      currencyCode: 'CNY',
      payable: '109.10',
      freight: '0.00',
      deposit: '0',
      tax: '9.10',
      lines: [{ orderLineId, skuId, finalAmount: '100.00', platformDiscount: '0.00', shopDiscount: '0.00', points: '0.00' }],
    },
  });
}

// Races need real row locks and parallel connections: PostgreSQL only (CI runs the suite there too).
describe.runIf(process.env.DATABASE_URL)('customs clearance racing the paid order (PostgreSQL)', () => {
  it('CustomsCleared handled at the same time as OrderPaid never leaves a notice held', async () => {
    const ctx = await world.as(TEST_SERVICE);
    const shopId = newId('shp');
    for (let round = 0; round < 12; round++) {
      const orderId = newId('ord');
      const cleared = envelope('CustomsCleared', { orderId, shopId, declarationId: newId('cdc'), clearedAt: new Date().toISOString() });
      // Alternate which one starts first; both run concurrently on their own connections.
      const events = round % 2 ? [paidCrossBorder(orderId, shopId), cleared] : [cleared, paidCrossBorder(orderId, shopId)];
      await Promise.all(events.map((e) => deliver(e)));
      const notices = await ctx.db.select().from(shippingNotices).where(eq(shippingNotices.orderId, orderId));
      expect(notices.length, `round ${round}`).toBe(1);
      expect(
        notices.map((n) => n.customsHold),
        `round ${round}`,
      ).toEqual([false]);
    }
  });
});

describe('customs clearance before or after the paid order', () => {
  it('cleared first: the notices are written released; paid first: the clearance releases them', async () => {
    const ctx = await world.as(TEST_SERVICE);
    const shopId = newId('shp');
    for (const clearedFirst of [true, false]) {
      const orderId = newId('ord');
      const cleared = envelope('CustomsCleared', { orderId, shopId, declarationId: newId('cdc'), clearedAt: new Date().toISOString() });
      const paid = paidCrossBorder(orderId, shopId);
      for (const e of clearedFirst ? [cleared, paid] : [paid, cleared]) await deliver(e);
      const notices = await ctx.db.select().from(shippingNotices).where(eq(shippingNotices.orderId, orderId));
      expect(notices.map((n) => n.customsHold)).toEqual([false]);
    }
  });
});
