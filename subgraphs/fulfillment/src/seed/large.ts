import {
  bigId,
  carrierOf,
  CATALOG_OPENED,
  childId,
  hasNotice,
  load,
  type OrderBlock,
  orderBlocks,
  orderIds,
  type PlannedOrder,
  type Rows,
  SEED_NOW,
  type Stage,
} from '@zhongtai/kit/largeSeed';
import { freightRules, freightTemplates, shippingNoticeLines, shippingNotices } from '../db/tables.ts';
import { shipmentLines, shipments, trackingEvents } from '../db/shipmentTables.ts';
import { noticeDueBy, noticeQueueKey, shipmentDueBy, shipmentQueueKey } from '../domain/attention.ts';

const REMOTE = ['新疆', '西藏', '青海', '内蒙古'];
const OPENED = new Date(CATALOG_OPENED);

/** Tracking: shipped, in transit six hours later, delivered (as far as "now" allows). */
type TrackEvent = { status: 'SHIPPED' | 'IN_TRANSIT' | 'DELIVERED'; at: number; location: string };

function trackOf(o: PlannedOrder): TrackEvent[] {
  const shipped = o.shippedAt!.getTime();
  const events: TrackEvent[] = [{ status: 'SHIPPED', at: shipped, location: '发货仓 Warehouse' }];
  if (shipped + 6 * 3_600_000 <= SEED_NOW) events.push({ status: 'IN_TRANSIT', at: shipped + 6 * 3_600_000, location: '转运中心 Hub' });
  if (o.deliveredAt) events.push({ status: 'DELIVERED', at: o.deliveredAt.getTime(), location: o.address.city });
  return events;
}

/** 调度/物流: freight templates of the generated shops; a shipping notice per paid order, a shipment and its tracking once shipped. */
export const fulfillmentStage: Stage<OrderBlock> = {
  name: 'fulfillment',
  estimate: (world) => Math.round(world.scale.orders * 9.2),
  blocks: orderBlocks,
  tables: [
    load(freightTemplates, function* ({ world, first }: OrderBlock): Rows<typeof freightTemplates> {
      if (first)
        for (const shop of world.shops)
          yield {
            id: bigId('frt', shop.index),
            shopId: shop.id,
            name: '按件计费 By piece',
            chargeBy: 'PIECE',
            currencyCode: 'CNY',
            freeOverAmount: 9900n,
            freeOverQuantity: null,
            excludedProvinces: [],
            isDefault: true,
            createdAt: OPENED,
            updatedAt: OPENED,
          };
    }),
    load(freightRules, function* ({ world, first }: OrderBlock): Rows<typeof freightRules> {
      if (first)
        for (const shop of world.shops) {
          const templateId = bigId('frt', shop.index);
          yield {
            id: childId('frr', shop.index, 0),
            templateId,
            position: 0,
            provinces: [],
            firstUnits: 1,
            firstPrice: 800n,
            additionalUnits: 1,
            additionalPrice: 0n,
          };
          yield {
            id: childId('frr', shop.index, 1),
            templateId,
            position: 1,
            provinces: REMOTE,
            firstUnits: 1,
            firstPrice: 2000n,
            additionalUnits: 1,
            additionalPrice: 0n,
          };
        }
    }),
    load(shippingNotices, function* ({ plans }: OrderBlock): Rows<typeof shippingNotices> {
      for (const o of plans) {
        if (!hasNotice(o)) continue;
        const ids = orderIds(o.n);
        const dueBy = noticeDueBy(o.paidAt!);
        const status = o.shippedAt ? 'SHIPPED' : 'PENDING';
        yield {
          id: ids.notice,
          orderId: ids.order,
          shopId: o.shop.id,
          memberId: o.memberId,
          kind: 'WAREHOUSE',
          warehouseId: o.warehouseId,
          status,
          address: o.address,
          paidAt: o.paidAt!,
          dueBy,
          shippedAt: o.shippedAt,
          queueKey: noticeQueueKey(status, dueBy),
          createdAt: o.paidAt!,
          updatedAt: o.shippedAt ?? o.paidAt!,
        };
      }
    }),
    load(shippingNoticeLines, function* ({ plans }: OrderBlock): Rows<typeof shippingNoticeLines> {
      for (const o of plans) {
        if (!hasNotice(o)) continue;
        const ids = orderIds(o.n);
        for (let k = 0; k < o.lines.length; k++)
          yield { id: childId('snl', o.n, k), noticeId: ids.notice, orderLineId: ids.line(k), skuId: o.lines[k]!.sku.id, quantity: o.lines[k]!.quantity };
      }
    }),
    load(shipments, function* ({ plans }: OrderBlock): Rows<typeof shipments> {
      for (const o of plans) {
        if (!o.shippedAt) continue;
        const ids = orderIds(o.n);
        const carrier = carrierOf(o);
        const track = trackOf(o);
        const status = o.deliveredAt ? 'DELIVERED' : track.at(-1)!.status;
        const dueBy = shipmentDueBy(o.shippedAt, carrier.promisedDays);
        yield {
          id: ids.shipment,
          noticeId: ids.notice,
          orderId: ids.order,
          shopId: o.shop.id,
          memberId: o.memberId,
          warehouseId: o.warehouseId,
          carrierId: carrier.id,
          carrierCode: carrier.code,
          trackingNumber: carrier.trackingNumber,
          status,
          progress: status,
          shippedAt: o.shippedAt,
          dueBy,
          deliveredAt: o.deliveredAt,
          lastEventAt: new Date(track.at(-1)!.at),
          queueKey: shipmentQueueKey(status, dueBy),
          createdAt: o.shippedAt,
          updatedAt: new Date(track.at(-1)!.at),
        };
      }
    }),
    load(shipmentLines, function* ({ plans }: OrderBlock): Rows<typeof shipmentLines> {
      for (const o of plans) {
        if (!o.shippedAt) continue;
        const ids = orderIds(o.n);
        for (let k = 0; k < o.lines.length; k++)
          yield {
            id: childId('spl', o.n, k),
            shipmentId: ids.shipment,
            packageNumber: 1,
            orderLineId: ids.line(k),
            skuId: o.lines[k]!.sku.id,
            quantity: o.lines[k]!.quantity,
          };
      }
    }),
    load(trackingEvents, function* ({ plans }: OrderBlock): Rows<typeof trackingEvents> {
      for (const o of plans) {
        if (!o.shippedAt) continue;
        const ids = orderIds(o.n);
        const carrier = carrierOf(o);
        let k = 0;
        for (const e of trackOf(o)) {
          const at = new Date(e.at);
          yield {
            id: childId('trk', o.n, k),
            shipmentId: ids.shipment,
            carrierId: carrier.id,
            carrierEventId: `large-${o.n}-${k++}`,
            status: e.status,
            occurredAt: at,
            location: e.location,
            applied: true,
            createdAt: at,
            updatedAt: at,
          };
        }
      }
    }),
  ],
};
