import { describe, expect, it } from 'vitest';
import { DEMO_MEMBER_ID, newId } from '@zhongtai/kit';
import { openTestWorld, TEST_ADMIN, useTestWorld } from '@zhongtai/kit/testing';
import { fulfillmentCenter } from '../src/index.ts';
import { shippingNotices } from '../src/db/tables.ts';
import { NOTICE_ID_PREFIX } from '../src/domain/ids.ts';
import { listNotices } from '../src/domain/notices.ts';

const world = useTestWorld(() => openTestWorld({ centers: [fulfillmentCenter] }));
const HOUR = 3_600_000;

describe('the late filter of the notice work list', () => {
  it('is judged by the request’s clock: a notice due in an hour is late for a request two hours ahead, not for one now', async () => {
    const ctx = await world.as(TEST_ADMIN);
    const shopId = newId('shp');
    const now = ctx.now();
    const [notice] = await ctx.db
      .insert(shippingNotices)
      .values({
        id: newId(NOTICE_ID_PREFIX),
        orderId: newId('ord'),
        shopId,
        memberId: DEMO_MEMBER_ID,
        kind: 'SUPPLIER',
        supplierId: newId('sup'),
        address: { receiver: '张三', phone: '13800000000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 1 号' },
        paidAt: now,
        dueBy: new Date(now.getTime() + HOUR),
        queueKey: '1|late-test',
        freightChargedAmount: 0n,
        currencyCode: 'CNY',
      })
      .returning();
    const ids = async (at: Date, late: boolean) => (await listNotices({ ...ctx, now: () => at }, { first: 10 }, { shopId, late })).edges.map((e) => e.node.id);
    expect([await ids(now, true), await ids(now, false)]).toEqual([[], [notice!.id]]);
    const later = new Date(now.getTime() + 2 * HOUR);
    expect([await ids(later, true), await ids(later, false)]).toEqual([[notice!.id], []]);
  });
});
