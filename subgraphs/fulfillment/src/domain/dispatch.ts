import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  allocate,
  CURRENCY_CODES,
  newId,
  toMinor,
  type CurrencyCode,
  type EventEnvelope,
  type OrderPaidEvent,
  type RequestContext,
  logger,
} from '@zhongtai/kit';
import { serviceVouchers, shippingNoticeLines, shippingNotices } from '../db/tables.ts';
import { noticeDueBy, noticeQueueKey } from './attention.ts';
import { currentAddress, wasCancelled } from './readdress.ts';
import { awaitsCustoms } from './customsHold.ts';
import { NOTICE_ID_PREFIX, NOTICE_LINE_ID_PREFIX, VOUCHER_ID_PREFIX } from './ids.ts';
import { voucherValidity } from './voucherTerms.ts';

import { REQUEST_OUTBOUND_JOB } from './outboundJob.ts';

export { REQUEST_OUTBOUND_JOB };

type Line = OrderPaidEvent['lines'][number];
type Source = { kind: 'WAREHOUSE'; warehouseId: string } | { kind: 'SUPPLIER'; supplierId: string };

/**
 * Splits a paid order by where its lines ship from: one notice per warehouse holding lines (the
 * one holding each line's reservation; several warehouses make several notices), one per
 * supplier for drop-shipped lines; SERVICE lines get vouchers instead, and PHYSICAL_WITH_SERVICE
 * lines (furniture with installation) ship and get vouchers too.
 */
export function planDispatch(lines: Line[]): {
  notices: { source: Source; lines: Line[] }[];
  serviceLines: Line[];
  installedLines: Line[];
  unshippable: Line[];
} {
  const bySource = new Map<string, { source: Source; lines: Line[] }>();
  const serviceLines: Line[] = [];
  const installedLines: Line[] = [];
  const unshippable: Line[] = [];
  for (const line of lines) {
    if (line.productType === 'SERVICE') {
      serviceLines.push(line);
      continue;
    }
    if (line.productType === 'PHYSICAL_WITH_SERVICE') installedLines.push(line);
    const source = line.source;
    if (source.kind === 'NONE') {
      unshippable.push(line);
      continue;
    }
    const key = source.kind === 'WAREHOUSE' ? `wh:${source.warehouseId}` : `sup:${source.supplierId}`;
    let group = bySource.get(key);
    if (!group) bySource.set(key, (group = { source, lines: [] }));
    group.lines.push(line);
  }
  return { notices: [...bySource.values()], serviceLines, installedLines, unshippable };
}

/**
 * The order's freight over its notices, by units (largest remainder: the shares add up to what
 * the customer paid). A parcel's real cost is later set against its notice's share.
 */
export function freightShares(money: OrderPaidEvent['money'], notices: { lines: Line[] }[]): { amount: bigint | null; currencyCode: CurrencyCode | null }[] {
  const currencyCode = CURRENCY_CODES.includes(money.currencyCode as CurrencyCode) ? (money.currencyCode as CurrencyCode) : null;
  if (!currencyCode || !notices.length) return notices.map(() => ({ amount: null, currencyCode: null }));
  const freight = toMinor({ amount: money.freight, currencyCode });
  const units = notices.map((n) => BigInt(n.lines.reduce((sum, l) => sum + l.quantity, 0)));
  return allocate(freight, units).map((amount) => ({ amount, currencyCode }));
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A voucher code a person can read out: 12 unambiguous characters in groups of four. */
export function voucherCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/**
 * The OrderPaid handler, inside the event's transaction (ctx.db). Inventory is not called here
 * (no service call inside a transaction): each warehouse notice schedules `requestOutbound`,
 * which runs after commit. Unique keys make a second delivery of the same order a no-op.
 */
export async function dispatchPaidOrder(ctx: RequestContext, event: EventEnvelope<'OrderPaid'>): Promise<void> {
  const order = event.payload;
  const tx = ctx.db;
  const paidAt = new Date(order.paidAt);
  if (await wasCancelled(ctx, order.orderId)) return;
  const plan = planDispatch(order.lines);
  const address = await currentAddress(ctx, order.orderId, order.address);
  for (const line of plan.unshippable)
    logger(ctx).error('an order line with no warehouse or supplier cannot ship', {
      orderId: order.orderId,
      orderLineId: line.orderLineId,
      productType: line.productType,
    });

  const freight = freightShares(order.money, plan.notices);
  // 跨境: held until customs clears the order (customsHold.ts).
  const customsHold = await awaitsCustoms(ctx, order.orderId, order.customsHold);
  for (const [i, { source, lines }] of plan.notices.entries()) {
    const id = newId(NOTICE_ID_PREFIX);
    const dueBy = noticeDueBy(paidAt);
    const [notice] = await tx
      .insert(shippingNotices)
      .values({
        id,
        orderId: order.orderId,
        shopId: order.shopId,
        memberId: order.memberId,
        kind: source.kind,
        warehouseId: source.kind === 'WAREHOUSE' ? source.warehouseId : null,
        supplierId: source.kind === 'SUPPLIER' ? source.supplierId : null,
        address,
        paidAt,
        dueBy,
        queueKey: noticeQueueKey('PENDING', dueBy),
        freightChargedAmount: freight[i]?.amount ?? null,
        currencyCode: freight[i]?.currencyCode ?? null,
        customsHold,
      })
      .onConflictDoNothing()
      .returning();
    if (!notice) continue;
    await tx
      .insert(shippingNoticeLines)
      .values(lines.map((l) => ({ id: newId(NOTICE_LINE_ID_PREFIX), noticeId: id, orderLineId: l.orderLineId, skuId: l.skuId, quantity: l.quantity })));
    if (source.kind === 'WAREHOUSE' && !customsHold)
      await ctx.events.schedule(tx, REQUEST_OUTBOUND_JOB, { shippingNoticeId: id }, { singletonKey: `outbound-${id}` });
  }

  if (!plan.serviceLines.length && !plan.installedLines.length) return;
  // Vouchers are issued once per order, even if the order were reported paid again.
  const [already] = await tx.select({ id: serviceVouchers.id }).from(serviceVouchers).where(eq(serviceVouchers.orderId, order.orderId)).limit(1);
  if (already) return;
  const issue = async (line: Line, redeemableAfterDelivery: boolean) => {
    const rows = Array.from({ length: line.quantity }, () => ({
      id: newId(VOUCHER_ID_PREFIX),
      code: voucherCode(),
      orderId: order.orderId,
      orderLineId: line.orderLineId,
      shopId: order.shopId,
      memberId: order.memberId,
      skuId: line.skuId,
      redeemableAfterDelivery,
      serviceDate: line.serviceDate ?? null,
      ...voucherValidity(line.voucherTerms, paidAt),
    }));
    await tx.insert(serviceVouchers).values(rows);
    return { orderLineId: line.orderLineId, voucherCodes: rows.map((r) => r.code) };
  };
  const issued: { orderLineId: string; voucherCodes: string[] }[] = [];
  for (const line of plan.serviceLines) issued.push(await issue(line, false));
  // The goods of an installed line still ship and deliver: orders follows those, not the voucher.
  for (const line of plan.installedLines) await issue(line, true);
  if (issued.length) await ctx.events.publish(tx, 'ServiceVouchersIssued', { orderId: order.orderId, lines: issued });
}
