import { eq, inArray } from 'drizzle-orm';
import { toMinor, toMoney, type CurrencyCode, type Db, type MoneyInput } from '@zhongtai/kit';
import { checkoutPointReturns } from '../db/editTables.ts';
import { orderLines, orders, type CheckoutRow, type OrderLineRow, type OrderRow } from '../db/tables.ts';

/**
 * What a payment opened after placeOrder keeps of the customer's choice at placeOrder: a payment
 * repriced (a shop order cancelled, an order edited before payment), one opened when a checkout
 * is released from risk review, and a presale's balance. The same method among what every shop of
 * the orders it pays for accepts (so the same provider), the same WeChat openid (JSAPI), and the
 * points tender of what it pays for.
 *
 * 积分 rule: points are spent on the checkout at placeOrder and spread over its lines as POINTS
 * discounts; those discounts never exceed what marketing allowed for each line's goods. A payment
 * that pays for some of the checkout's orders carries the points worth of exactly their lines (so
 * never more than its payable allows), and their count in the same proportion of the checkout's
 * points: floor(checkout points x worth on these orders / worth on all the checkout's lines). An
 * edit re-spreads the points and lowers the checkout's count first, so an edited checkout's
 * payment carries every point it still holds. The points of a shop order cancelled before payment
 * go back to the member when the payment is repriced (checkoutReprice.ts lowers the checkout's
 * count by them and records the order in checkout_point_returns): that order's lines then no
 * longer count in "all the checkout's lines". A count that rounds to zero carries no worth either.
 */
export interface PaymentTerms {
  method?: NonNullable<CheckoutRow['paymentMethod']>;
  shopIds?: string[];
  payerOpenId?: string;
  points?: { points: number; amount: MoneyInput; goodsAmount: MoneyInput };
}

/** The terms of a payment for `covered` (orders of `checkout`) worth `amount`; `freight` is the part of `amount` that is freight. */
export async function paymentTermsFor(db: Db, checkout: CheckoutRow, covered: OrderRow[], amount: bigint, freight: bigint): Promise<PaymentTerms> {
  const currency = checkout.currency as CurrencyCode;
  const choice: PaymentTerms = {
    ...(checkout.paymentMethod ? { method: checkout.paymentMethod, shopIds: [...new Set(covered.map((o) => o.shopId))] } : {}),
    ...(checkout.payerOpenId ? { payerOpenId: checkout.payerOpenId } : {}),
  };
  const goods = amount > freight ? amount - freight : 0n;
  const tender = (points: number, worth: bigint) => ({ points, amount: toMoney(points > 0 ? worth : 0n, currency), goodsAmount: toMoney(goods, currency) });
  // A checkout without points still records its (empty) points tender, as placeOrder's payment does.
  if (!checkout.pointsUsed) return { ...choice, points: tender(0, 0n) };
  const { points, worth } = await pointsShare(db, checkout, new Set(covered.map((o) => o.id)));
  return { ...choice, points: tender(points, worth) };
}

/**
 * The points count and worth of the checkout's points that `covered` (ids of its orders) carry:
 * floor(checkout points x their worth / worth on the lines of every order still holding points).
 */
export async function pointsShare(db: Db, checkout: CheckoutRow, covered: Set<string>): Promise<{ points: number; worth: bigint }> {
  const currency = checkout.currency as CurrencyCode;
  const returned = await db
    .select({ orderId: checkoutPointReturns.orderId })
    .from(checkoutPointReturns)
    .where(eq(checkoutPointReturns.checkoutId, checkout.id));
  const gaveBack = new Set(returned.map((r) => r.orderId));
  const siblings = await db
    .select({ id: orders.id })
    .from(orders)
    .where(inArray(orders.checkoutId, [checkout.id]));
  const lines = await db
    .select()
    .from(orderLines)
    .where(
      inArray(
        orderLines.orderId,
        siblings.map((o) => o.id).filter((id) => !gaveBack.has(id)),
      ),
    );
  const all = pointsWorth(lines, currency);
  const worth = pointsWorth(
    lines.filter((l) => covered.has(l.orderId)),
    currency,
  );
  return { points: all > 0n ? Number((BigInt(checkout.pointsUsed) * worth) / all) : 0, worth };
}

/** What the points paid on these lines (their POINTS discounts). */
function pointsWorth(lines: OrderLineRow[], currencyCode: CurrencyCode): bigint {
  return lines.reduce(
    (sum, l) => sum + l.discounts.filter((d) => d.source === 'POINTS').reduce((s, d) => s + toMinor({ amount: d.amount, currencyCode }), 0n),
    0n,
  );
}
