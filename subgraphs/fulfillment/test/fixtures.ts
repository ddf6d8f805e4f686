import { DEMO_MEMBER_ID, newId } from '@zhongtai/kit';
import { testRunTag, TEST_ADMIN as ADMIN, type TestWorld } from '@zhongtai/kit/testing';
import { shippingNotices, type CarrierRow } from '../src/db/tables.ts';
import { NOTICE_ID_PREFIX } from '../src/domain/ids.ts';
import { recordShipment } from '../src/domain/shipping.ts';

export const RUN = testRunTag();
let parcels = 0;

/**
 * A paid order's notice (drop-shipped, so no warehouse is involved) and its parcel with `carrier`,
 * shipped now, as recordShipment makes every parcel: the freight charged comes from the notice.
 */
export async function shipParcel(world: TestWorld, carrier: CarrierRow, options: { shopId: string; freight?: bigint; trackingNumber?: string }) {
  const ctx = await world.as(ADMIN);
  const trackingNumber = options.trackingNumber ?? `SF${RUN}${++parcels}`.slice(0, 32);
  const now = new Date();
  const [notice] = await ctx.db
    .insert(shippingNotices)
    .values({
      id: newId(NOTICE_ID_PREFIX),
      orderId: `ord-${trackingNumber}`,
      shopId: options.shopId,
      memberId: DEMO_MEMBER_ID,
      kind: 'SUPPLIER',
      supplierId: 'sup_test',
      address: { receiver: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号' },
      paidAt: now,
      dueBy: now,
      queueKey: '1|x',
      freightChargedAmount: options.freight ?? 1200n,
      currencyCode: 'CNY',
    })
    .returning();
  if (!notice) throw new Error('no notice');
  const orderLine = { orderLineId: `orl-${trackingNumber}`, skuId: 'sku_test', quantity: 1 };
  return ctx.db.transaction((tx) => recordShipment(tx, ctx, { notice, carrier, trackingNumber, packages: [[orderLine]], shippedAt: now }));
}
