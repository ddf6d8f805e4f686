import type { DeliveryAddress } from '../events/catalog.ts';
import { DAY, placedAt, SEED_NOW } from './calendar.ts';
import { homeOf, memberId, pickMember } from './people.ts';
import { prngFor, type LargeShop, type LargeSku, type World } from './world.ts';

/**
 * One generated order and everything that happened to it, decided from its number alone: the
 * orders, payments and fulfillment stages each replay the plans and write their own rows.
 * Statuses follow from time: the steps (pay, ship, deliver, confirm) are drawn first and an
 * order is as far along as "now" (SEED_NOW) lets it be. About 4% are cancelled and 1% closed
 * unpaid (no payment), 1% cancelled after payment with a full refund, 2% completed with one line
 * refunded; 6% carry a coupon discount.
 */
export type PlannedStatus = 'PENDING_PAYMENT' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'CLOSED';

export interface PlannedLine {
  sku: LargeSku;
  quantity: number;
  discount: bigint;
  finalAmount: bigint;
  refunded: bigint;
}

export interface PlannedOrder {
  n: number;
  shop: LargeShop;
  member: number;
  memberId: string;
  address: DeliveryAddress;
  warehouseId: string;
  lines: PlannedLine[];
  itemsAmount: bigint;
  discountAmount: bigint;
  freightAmount: bigint;
  payableAmount: bigint;
  refundedAmount: bigint;
  status: PlannedStatus;
  createdAt: Date;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  /** When the refund went out (full: cancelled after paying; partial: after completion). */
  refundedAt: Date | null;
  confirmedByCustomer: boolean;
  carrier: number;
}

const LINE_COUNTS = [1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6];
const QUANTITIES = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3];
const MINUTE = 60_000;
const HOUR = 3_600_000;
export const PAYMENT_TIMEOUT = 30 * MINUTE;
const STREAM = 7;

export function planOrder(world: World, n: number): PlannedOrder {
  const prng = prngFor(STREAM, n);
  const total = world.scale.orders;
  const created = placedAt((n + 0.5) / total, prng.next(), prng.next());
  const shop = world.pickShop(prng);
  const member = pickMember(prng, created, world.scale.members);
  const lines: PlannedLine[] = [];
  const count = prng.pick(LINE_COUNTS);
  const taken = new Set<LargeSku>();
  for (let k = 0; k < count; k++) {
    // Best sellers first: a shop's early products sell far more.
    const spu = shop.spus[Math.floor(shop.spus.length * prng.next() ** 2.5)]!;
    const sku = spu.skus[Math.floor(spu.skus.length * prng.next() ** 1.5)]!;
    if (taken.has(sku)) continue;
    taken.add(sku);
    const quantity = prng.pick(QUANTITIES);
    const amount = sku.price * BigInt(quantity);
    lines.push({ sku, quantity, discount: 0n, finalAmount: amount, refunded: 0n });
  }
  const itemsAmount = lines.reduce((sum, l) => sum + l.finalAmount, 0n);
  if (prng.chance(0.06)) couponDiscount(lines, itemsAmount, prng.pick([500n, 1000n, 2000n, 5000n]));
  const discountAmount = lines.reduce((sum, l) => sum + l.discount, 0n);
  const finalAmount = itemsAmount - discountAmount;
  const remote = homeOf(member).province === '新疆';
  const freightAmount = finalAmount >= 9900n ? 0n : remote ? 2000n : 800n;

  // The steps as they would happen, then cut at "now".
  const paid = created + prng.int(1, 20) * MINUTE;
  const shipped = paid + prng.int(4, 48) * HOUR;
  const delivered = shipped + prng.int(20, 96) * HOUR;
  const confirmedByCustomer = prng.chance(0.6);
  const completed = delivered + (confirmedByCustomer ? prng.int(6, 120) * HOUR : 7 * DAY);
  const roll = prng.next();
  const order: PlannedOrder = {
    n,
    shop,
    member,
    memberId: memberId(member),
    address: homeOf(member),
    warehouseId: shop.warehouseId ?? world.platformWarehouseIds[0]!,
    lines,
    itemsAmount,
    discountAmount,
    freightAmount,
    payableAmount: finalAmount + freightAmount,
    refundedAmount: 0n,
    status: 'PENDING_PAYMENT',
    createdAt: new Date(created),
    paidAt: null,
    shippedAt: null,
    deliveredAt: null,
    completedAt: null,
    cancelledAt: null,
    refundedAt: null,
    confirmedByCustomer,
    carrier: prng.pick([2, 2, 3, 3, 3, 4, 4, 1]),
  };
  const at = (t: number) => (t <= SEED_NOW ? new Date(t) : null);
  if (roll < 0.04) return cancelUnpaid(order, 'CANCELLED', created + prng.int(2, 25) * MINUTE);
  if (roll < 0.05) return cancelUnpaid(order, 'CLOSED', created + PAYMENT_TIMEOUT);
  order.paidAt = at(paid);
  if (!order.paidAt) return created + PAYMENT_TIMEOUT <= SEED_NOW ? cancelUnpaid(order, 'CLOSED', created + PAYMENT_TIMEOUT) : order;
  order.status = 'PAID';
  if (roll < 0.06) {
    // Cancelled after paying, before shipping: everything goes back.
    const cancelled = at(paid + prng.int(1, 3) * HOUR);
    if (cancelled) {
      order.status = 'CANCELLED';
      order.cancelledAt = cancelled;
      order.refundedAt = cancelled;
      order.refundedAmount = order.payableAmount;
      for (const line of lines) line.refunded = line.finalAmount;
      return order;
    }
  }
  order.shippedAt = at(shipped);
  if (!order.shippedAt) return order;
  order.status = 'SHIPPED';
  order.deliveredAt = at(delivered);
  if (!order.deliveredAt) return order;
  order.status = 'DELIVERED';
  order.completedAt = at(completed);
  if (!order.completedAt) return order;
  order.status = 'COMPLETED';
  if (roll < 0.08) {
    // After-sale: one line's money back (a return), within a fortnight of completion.
    const refundedAt = at(completed + prng.int(1, 14) * DAY);
    if (refundedAt) {
      const line = lines[prng.int(0, lines.length - 1)]!;
      line.refunded = line.finalAmount;
      order.refundedAmount = line.finalAmount;
      order.refundedAt = refundedAt;
    }
  }
  return order;
}

function cancelUnpaid(order: PlannedOrder, status: 'CANCELLED' | 'CLOSED', at: number): PlannedOrder {
  if (at > SEED_NOW) return order;
  order.status = status;
  order.cancelledAt = new Date(at);
  return order;
}

/** A fixed-amount coupon (used when the items reach 10× its value), spread over the lines by amount. */
function couponDiscount(lines: PlannedLine[], items: bigint, value: bigint): void {
  if (items < value * 10n) return;
  let left = value;
  lines.forEach((line, i) => {
    const share = i === lines.length - 1 ? left : (value * line.finalAmount) / items;
    line.discount = share;
    line.finalAmount -= share;
    left -= share;
  });
}

export const SEED_COUPON_SOURCE = 'COUPON';

/** Minor units as the decimal string a line discount stores (CNY: two decimals). */
export const decimal = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;

/** Every planned order in number order. */
export function* plannedOrders(world: World): Generator<PlannedOrder> {
  for (let n = 0; n < world.scale.orders; n++) yield planOrder(world, n);
}

/** Plans in blocks: a stage plans each order once and writes all its tables from the block. */
export interface OrderBlock {
  world: World;
  first: boolean;
  plans: PlannedOrder[];
}

export function* orderBlocks(world: World, size = 20_000): Generator<OrderBlock> {
  for (let start = 0; start < world.scale.orders; start += size) {
    const plans: PlannedOrder[] = [];
    for (let n = start; n < Math.min(world.scale.orders, start + size); n++) plans.push(planOrder(world, n));
    yield { world, first: start === 0, plans };
  }
}
