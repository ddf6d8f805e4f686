import { seedId } from '../ids.ts';
import { bigId, childId } from './ids.ts';
import type { PlannedOrder } from './orderPlan.ts';

/** The demo seed's carriers (fulfillment/src/seed/demo.ts: car 1..4) and their promised days. */
const CARRIERS = [
  { code: 'SANDBOX', days: 3 },
  { code: 'SF', days: 2 },
  { code: 'ZTO', days: 4 },
  { code: 'YTO', days: 4 },
];

export const carrierOf = (order: PlannedOrder) => {
  const c = CARRIERS[order.carrier - 1]!;
  return { id: seedId('car', order.carrier), code: c.code, promisedDays: c.days, trackingNumber: `${c.code}L${String(order.n).padStart(12, '0')}` };
};

/** Ids shared by the stages that write about one order. */
export const orderIds = (n: number) => ({
  order: bigId('ord', n),
  checkout: bigId('chk', n),
  payment: bigId('pay', n),
  refund: bigId('rfd', n),
  notice: bigId('shn', n),
  shipment: bigId('sht', n),
  line: (k: number) => childId('oln', n, k),
});

/** The lines of a refunded order and what each got back, as the order's refund request and the payment's refund both record them. */
export const refundLines = (o: PlannedOrder) =>
  o.lines.flatMap((l, k) => (l.refunded ? [{ orderLineId: orderIds(o.n).line(k), amount: l.refunded.toString() }] : []));

/** An unpaid order still waiting has an open payment; one cancelled or closed unpaid has none. */
export const hasPayment = (o: PlannedOrder) => o.paidAt !== null || o.status === 'PENDING_PAYMENT';
/** Paid and not cancelled: a shipping notice exists. */
export const hasNotice = (o: PlannedOrder) => o.paidAt !== null && o.status !== 'CANCELLED';
