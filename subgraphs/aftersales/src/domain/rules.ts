import type { ordersService } from '@zhongtai/kit';
import { Problems, type VoucherRefundRule } from '@zhongtai/kit';
import type { AfterSaleStatus, AfterSaleType } from '../db/tables.ts';

type Order = ordersService.AfterSaleOrder;
type Line = ordersService.AfterSaleOrderLine;

/**
 * The one transition table of a request. A merchant (or operator) decides PENDING; the customer
 * escalates a rejection (平台介入) and an operator decides ESCALATED, finally. An approved
 * refund-only request is carried out (REFUNDED, or FAILED when the goods left meanwhile); a return
 * waits for the customer's parcel (RETURN_SHIPPED) and ends REFUNDED or EXCHANGED on receipt.
 */
export const REQUEST_TRANSITIONS: Record<AfterSaleStatus, readonly AfterSaleStatus[]> = {
  PENDING: ['APPROVED', 'REJECTED', 'CANCELLED'],
  REJECTED: ['ESCALATED', 'CANCELLED'],
  ESCALATED: ['APPROVED', 'CLOSED'],
  APPROVED: ['REFUNDED', 'RETURN_SHIPPED', 'FAILED', 'CANCELLED'],
  RETURN_SHIPPED: ['REFUNDED', 'EXCHANGED', 'FAILED'],
  REFUNDED: [],
  EXCHANGED: [],
  CLOSED: [],
  CANCELLED: [],
  FAILED: [],
};

export const canMove = (from: AfterSaleStatus, to: AfterSaleStatus) => REQUEST_TRANSITIONS[from].includes(to);

/** Orders that were paid and not ended: the only ones anything can be asked of. */
const SERVICEABLE = new Set<Order['status']>(['PAID', 'SHIPPED', 'DELIVERED', 'COMPLETED']);

export interface Requestable {
  type: AfterSaleType;
  quantity: number;
  /** Units of the line other requests already speak for (open, or carried out). */
  alreadyRequested: number;
  now: Date;
  returnWindowSeconds: number;
  /** The line's service vouchers (SERVICE and PHYSICAL_WITH_SERVICE lines); null when it has none. */
  vouchers: LineVouchers | null;
}

/** What fulfillment says of a line's vouchers, one per unit. */
export interface LineVouchers {
  /** Redeemed: the service was given, those units cannot be asked back. */
  redeemed: number;
  /** Unredeemed ones whose money may come back now under the product's refund rule. */
  refundable: number;
  refundRule: VoucherRefundRule;
  /** The earliest end of validity among them, for the message (ISO), if any. */
  expiresAt: string | null;
}

/**
 * Whether `line` of `order` can take a request of this type and quantity. Refund-only is for goods
 * that have not arrived (not yet shipped, or still travelling); a return or exchange for goods
 * delivered, within the window (无理由退货, 7 days by default).
 */
export function checkRequestable(problems: Problems, order: Order, line: Line, r: Requestable): void {
  const field = ['input', 'quantity'];
  if (!problems.check(SERVICEABLE.has(order.status), ['input', 'orderLineId'], 'INVALID_TRANSITION', `A ${order.status} order takes no after-sale request`))
    return;
  problems.check(Number.isInteger(r.quantity) && r.quantity > 0, field, 'OUT_OF_RANGE', 'Ask for at least one unit');
  const left = line.quantity - r.alreadyRequested;
  problems.check(
    r.quantity <= left,
    field,
    'TOO_MANY',
    left > 0 ? `Only ${left} of this line can still be asked for` : 'Every unit of this line is already asked for',
  );
  problems.check(Number(line.refunded.amount) < Number(line.finalAmount.amount), ['input', 'orderLineId'], 'EXCEEDS_CAPTURED', 'This line is refunded in full');
  const redeemed = r.vouchers?.redeemed ?? 0;
  problems.check(
    redeemed === 0 || r.quantity <= left - redeemed,
    ['input', 'orderLineId'],
    'IN_USE',
    `${redeemed} of this line ${redeemed === 1 ? 'was' : 'were'} redeemed: a redeemed service cannot be asked back`,
  );
  if (r.type === 'REFUND_ONLY' && line.productType === 'SERVICE' && r.vouchers) {
    // A service is delivered as its vouchers: its unredeemed ones are refunded as its rule says, delivered or not.
    if (r.quantity <= left - redeemed) checkVoucherRule(problems, r.vouchers, r.quantity);
    return;
  }
  if (r.type === 'REFUND_ONLY') {
    problems.check(
      order.status === 'PAID' || order.status === 'SHIPPED',
      ['input', 'type'],
      'INVALID_TRANSITION',
      'Refund only is for goods not yet delivered; ask for a return instead',
    );
    return;
  }
  if (!problems.check(line.productType !== 'SERVICE', ['input', 'type'], 'INVALID', 'A service has nothing to send back; ask for a refund only')) return;
  const delivered = order.deliveredAt && (order.status === 'DELIVERED' || order.status === 'COMPLETED') ? new Date(order.deliveredAt) : null;
  if (!problems.check(delivered !== null, ['input', 'type'], 'INVALID_TRANSITION', 'A return or exchange is asked for once the goods arrived') || !delivered)
    return;
  const closes = new Date(delivered.getTime() + r.returnWindowSeconds * 1000);
  problems.check(r.now <= closes, ['input', 'type'], 'EXPIRED', `The after-sale window closed at ${closes.toISOString()}`);
}

/** Refund only of `quantity` unredeemed vouchers: as many must be refundable now under the product's rule. */
function checkVoucherRule(problems: Problems, v: LineVouchers, quantity: number): void {
  if (quantity <= v.refundable) return;
  const field = ['input', 'orderLineId'];
  if (v.refundRule === 'NOT_REFUNDABLE') return void problems.add(field, 'NOT_REFUNDABLE', 'This service is not refundable once paid');
  const ended = v.expiresAt ? ` at ${v.expiresAt}` : '';
  if (v.refundRule === 'REFUNDABLE_BEFORE_EXPIRY')
    return void problems.add(field, 'EXPIRED', `This service is refundable only before its vouchers expire; they expired${ended}`);
  problems.add(field, 'EXPIRED', `These vouchers expired${ended} and were refunded on their own`);
}

/**
 * The paid share of `quantity` units of a line after `before` units were already taken: cumulative
 * shares are rounded down and the last unit takes the remainder, so the shares of every unit add up
 * to exactly what the line cost (discounts included).
 */
export function lineShare(finalAmount: bigint, lineQuantity: number, before: number, quantity: number): bigint {
  const upTo = (units: number) => (units >= lineQuantity ? finalAmount : (finalAmount * BigInt(units)) / BigInt(lineQuantity));
  return upTo(before + quantity) - upTo(before);
}
