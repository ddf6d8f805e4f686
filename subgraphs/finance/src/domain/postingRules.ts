import type { CurrencyCode } from '@zhongtai/kit';
import { credit, debit, type PostingLine } from './journal.ts';

/**
 * The posting rules: plain functions from what happened to the postings it makes. No database
 * here, so each rule is tested on its own (test/postingRules.test.ts) and the handlers in
 * posting.ts only load facts and store what these return. Amounts are minor units (bigint).
 */

/** A capture: the provider holds the money; until the order completes it is the customer's advance (a deposit is held apart). */
export function paymentPostings(purpose: 'FULL' | 'DEPOSIT' | 'BALANCE', amount: bigint): PostingLine[] {
  return [debit('PROVIDER_CLEARING', amount), credit(purpose === 'DEPOSIT' ? 'DEPOSITS_HELD' : 'CUSTOMER_ADVANCES', amount)];
}

/** A presale order paid in full: its deposit stops being a deposit and joins the order's advance. */
export function depositAppliedPostings(deposit: bigint, orderId: string): PostingLine[] {
  return [debit('DEPOSITS_HELD', deposit, { orderId }), credit('CUSTOMER_ADVANCES', deposit, { orderId })];
}

/** What the ledger knows of one line of a shop order. */
export interface LineFacts {
  orderLineId: string;
  finalAmount: bigint;
  platformDiscount: bigint;
  shopDiscount: bigint;
  points: bigint;
  /** Cash refunded on the line so far. */
  refunded: bigint;
}

/** `part` of `whole` of `value`, rounded down; a line sold for nothing keeps all its subsidy unless refunded. */
export function share(value: bigint, part: bigint, whole: bigint): bigint {
  if (whole <= 0n) return part >= 0n ? value : 0n;
  return (value * part) / whole;
}

/** Commission on `base` at `bps` basis points, rounded down (the shop keeps the fraction). */
export const commissionOn = (base: bigint, bps: number): bigint => (base * BigInt(bps)) / 10_000n;

export interface CompletionLine extends LineFacts {
  commissionBps: number;
}

export interface Completion {
  /** What is still the customer's advance for this order (paid, less refunds before completion). */
  cash: bigint;
  platformSubsidy: bigint;
  pointsValue: bigint;
  /** cash + platform subsidy + points: what the shop earned before commission. */
  gross: bigint;
  commission: bigint;
  /** Freight in `cash` (no commission on it). */
  freight: bigint;
  /** Cross-border tax in `cash`: owed to customs, not the shop's. */
  tax: bigint;
  shopDiscount: bigint;
  postings: PostingLine[];
}

/** The settlement item a completion puts on the shop's next statement: what the shop earned, less commission. */
export function completionItem(completion: Completion, order: { shopId: string; orderId: string; currency: CurrencyCode }, entryId: string, at: Date) {
  return {
    shopId: order.shopId,
    orderId: order.orderId,
    currency: order.currency,
    kind: 'ORDER' as const,
    gross: completion.gross,
    refund: 0n,
    commission: completion.commission,
    adjustment: 0n,
    net: completion.gross - completion.commission,
    freight: completion.freight,
    shopDiscount: completion.shopDiscount,
    entryId,
    occurredAt: at,
  };
}

/**
 * 确认收入: the order completed. The shop's payable is credited its goods at the price before its
 * own discounts (the advance, with what the platform funds on top: its discounts, the points
 * redeemed), for the part of each line not refunded, and the freight; then charged the discounts
 * it funded (COUPON_SUBSIDY_SHOP) and the commission, earned on the goods (not the freight) at each
 * line's rate. Freight passes through FREIGHT: it is the shop's (it ships and sets the freight).
 * A cross-border order's tax (`tax`, 跨境综合税) leaves the advance for CUSTOMS_TAX_PAYABLE: the
 * platform pays it to customs. `tax` is what is still owed: refunds before completion took their
 * share back with their lines (RefundSucceeded's tax). Money beyond the goods is the tax first,
 * then freight.
 */
export function completionPostings(input: { shopId: string; orderId: string; cash: bigint; tax?: bigint; lines: CompletionLine[] }): Completion {
  const { shopId, orderId, cash } = input;
  let platformSubsidy = 0n;
  let pointsValue = 0n;
  let commission = 0n;
  let goodsCash = 0n;
  let shopDiscount = 0n;
  for (const line of input.lines) {
    const kept = line.finalAmount - line.refunded;
    const subsidy = share(line.platformDiscount, kept, line.finalAmount);
    const points = share(line.points, kept, line.finalAmount);
    platformSubsidy += subsidy;
    pointsValue += points;
    goodsCash += kept;
    shopDiscount += share(line.shopDiscount, kept, line.finalAmount);
    commission += commissionOn(kept + subsidy + points, line.commissionBps);
  }
  const beyondGoods = cash - goodsCash;
  const owedTax = input.tax ?? 0n;
  const tax = owedTax < beyondGoods ? owedTax : beyondGoods > 0n ? beyondGoods : 0n;
  const freight = beyondGoods - tax;
  const gross = cash - tax + platformSubsidy + pointsValue;
  const shop = { shopId, orderId };
  return {
    cash,
    platformSubsidy,
    pointsValue,
    gross,
    commission,
    freight,
    tax,
    shopDiscount,
    postings: [
      debit('CUSTOMER_ADVANCES', cash, { orderId }),
      credit('CUSTOMS_TAX_PAYABLE', tax, { orderId }),
      debit('COUPON_SUBSIDY_PLATFORM', platformSubsidy, { orderId }),
      debit('POINTS_REDEEMED', pointsValue, { orderId }),
      debit('COUPON_SUBSIDY_SHOP', shopDiscount, shop),
      credit('MERCHANT_PAYABLE', goodsCash + platformSubsidy + pointsValue + shopDiscount, shop),
      credit('FREIGHT', freight, shop),
      debit('FREIGHT', freight, shop),
      credit('MERCHANT_PAYABLE', freight, shop),
      debit('MERCHANT_PAYABLE', shopDiscount, shop),
      credit('COUPON_SUBSIDY_SHOP', shopDiscount, shop),
      debit('MERCHANT_PAYABLE', commission, shop),
      credit('COMMISSION_REVENUE', commission, { orderId }),
    ],
  };
}

export interface RefundedLine extends LineFacts {
  /** Cash refunded on the line by this refund. */
  amount: bigint;
  commissionBps: number | null;
}

export interface Refund {
  /** What the shop gives back: the cash and the platform's subsidy on it. */
  clawback: bigint;
  commissionReturned: bigint;
  /** Memo of a refund after completion: the freight in it and the shop's own discount on the refunded part. */
  freight: bigint;
  shopDiscount: bigint;
  /** The refund owed to the customer (credits REFUNDS_PAYABLE); `refundPaidPostings` clears it. */
  postings: PostingLine[];
}

/**
 * A refund becomes owed to the customer (REFUNDS_PAYABLE). Before completion it comes out of the
 * customer's advance (or the deposit held). After completion it comes out of the shop's payable:
 * the cash, the platform's subsidy and the points value of the refunded part go back where they
 * came from, the shop's own discount on it and the freight refunded pass back through their
 * accounts, and the commission earned on the goods comes back. A cross-border line's share of the
 * tax (`tax`) comes back out of CUSTOMS_TAX_PAYABLE (customs refunds the tax of goods returned): not
 * the shop's money. The rest of `amount` beyond the lines and the tax is freight: no subsidy, no commission.
 */
export function refundPostings(input: {
  amount: bigint;
  from: 'ADVANCE' | 'DEPOSIT' | 'PAYABLE';
  shopId?: string | null;
  orderId?: string | null;
  lines: RefundedLine[];
  /** The points' worth that went back with the refund (the payment center's split); null: each line's share of its points. */
  points?: bigint | null;
  /** 跨境综合税 in `amount` (after completion it comes out of CUSTOMS_TAX_PAYABLE). */
  tax?: bigint;
}): Refund {
  const orderId = input.orderId ?? null;
  if (input.from !== 'PAYABLE') {
    const source = input.from === 'DEPOSIT' ? 'DEPOSITS_HELD' : 'CUSTOMER_ADVANCES';
    return {
      clawback: 0n,
      commissionReturned: 0n,
      freight: 0n,
      shopDiscount: 0n,
      postings: [debit(source, input.amount, { orderId }), credit('REFUNDS_PAYABLE', input.amount, { orderId })],
    };
  }
  if (!input.shopId) throw new Error("a refund after completion comes out of a shop's payable: the shop is needed");
  const shop = { shopId: input.shopId, orderId };
  let subsidy = 0n;
  let points = 0n;
  let shopDiscount = 0n;
  let commissionReturned = 0n;
  let goods = 0n;
  // What completion computed of each amount, before and after this refund: the difference comes back, so the rounding telescopes.
  const given = (value: bigint, line: RefundedLine) =>
    share(value, line.finalAmount - line.refunded, line.finalAmount) - share(value, line.finalAmount - line.refunded - line.amount, line.finalAmount);
  for (const line of input.lines) {
    const keptBefore = line.finalAmount - line.refunded;
    const keptAfter = keptBefore - line.amount;
    goods += line.amount;
    subsidy += given(line.platformDiscount, line);
    points += given(line.points, line);
    shopDiscount += given(line.shopDiscount, line);
    const bps = line.commissionBps ?? 0;
    commissionReturned += commissionOn(
      keptBefore + share(line.platformDiscount, keptBefore, line.finalAmount) + share(line.points, keptBefore, line.finalAmount),
      bps,
    );
    commissionReturned -= commissionOn(
      keptAfter + share(line.platformDiscount, keptAfter, line.finalAmount) + share(line.points, keptAfter, line.finalAmount),
      bps,
    );
  }
  // The payment center split the points of the whole payment (rounded down cumulatively): its worth is what the member gets back.
  if (input.points !== undefined && input.points !== null) points = input.points;
  const tax = input.tax ?? 0n;
  const freight = input.amount - goods - tax;
  const clawback = input.amount - tax + subsidy + points;
  return {
    clawback,
    commissionReturned,
    freight,
    shopDiscount,
    postings: [
      debit('MERCHANT_PAYABLE', goods + subsidy + points + shopDiscount, shop),
      credit('COUPON_SUBSIDY_SHOP', shopDiscount, shop),
      credit('REFUNDS_PAYABLE', goods, { orderId }),
      credit('COUPON_SUBSIDY_PLATFORM', subsidy, { orderId }),
      credit('POINTS_REDEEMED', points, { orderId }),
      debit('MERCHANT_PAYABLE', freight, shop),
      credit('FREIGHT', freight, shop),
      debit('FREIGHT', freight, shop),
      credit('REFUNDS_PAYABLE', freight, { orderId }),
      debit('COUPON_SUBSIDY_SHOP', shopDiscount, shop),
      credit('MERCHANT_PAYABLE', shopDiscount, shop),
      debit('COMMISSION_REVENUE', commissionReturned, { orderId }),
      credit('MERCHANT_PAYABLE', commissionReturned, shop),
      debit('CUSTOMS_TAX_PAYABLE', tax, { orderId }),
      credit('REFUNDS_PAYABLE', tax, { orderId }),
    ],
  };
}

/** The provider returned the money: the refund owed to the customer is paid out of the provider clearing. */
export function refundPaidPostings(amount: bigint, orderId: string | null = null): PostingLine[] {
  return [debit('REFUNDS_PAYABLE', amount, { orderId }), credit('PROVIDER_CLEARING', amount, { orderId })];
}

/** A payout sent: the shop's payable goes into transit; paid, it leaves the platform's cash; failed, it is the shop's payable again. */
export function payoutPostings(step: 'SENT' | 'PAID' | 'FAILED', shopId: string, amount: bigint): PostingLine[] {
  switch (step) {
    case 'SENT':
      return [debit('MERCHANT_PAYABLE', amount, { shopId }), credit('PAYOUTS_IN_TRANSIT', amount)];
    case 'PAID':
      return [debit('PAYOUTS_IN_TRANSIT', amount), credit('PLATFORM_CASH', amount)];
    case 'FAILED':
      return [debit('PAYOUTS_IN_TRANSIT', amount), credit('MERCHANT_PAYABLE', amount, { shopId })];
  }
}

/**
 * A member's points moved (`value`: their money value, signed as the points: positive credits the
 * member). The liability follows the members' balance exactly: points granted are the platform's
 * cost; points spent at checkout wait in POINTS_REDEEMED until the order completes (the shop is
 * paid their value then) or they are given back.
 */
export function pointsPostings(kind: 'EARN' | 'SPEND' | 'EXPIRE' | 'ADJUST' | 'REFUND' | 'REVOKE' | 'REVIEW', value: bigint): PostingLine[] {
  const counterpart = kind === 'SPEND' || kind === 'REFUND' ? 'POINTS_REDEEMED' : 'POINTS_EXPENSE';
  return value > 0n ? [debit(counterpart, value), credit('POINTS_LIABILITY', value)] : [debit('POINTS_LIABILITY', -value), credit(counterpart, -value)];
}

/**
 * 代销: consigned units were sold (Dr CONSIGNMENT_COST, Cr CONSIGNOR_PAYABLE, the shop's, at the
 * agreed price), or came back (the opposite).
 */
export function consignmentPostings(input: { shopId: string; orderId: string; amount: bigint; returned: boolean }): PostingLine[] {
  const shop = { shopId: input.shopId, orderId: input.orderId };
  const amount = input.returned ? -input.amount : input.amount;
  return [debit('CONSIGNMENT_COST', amount, shop), credit('CONSIGNOR_PAYABLE', amount, shop)];
}

/** A consignor paid (代销结算): what the shop owed it leaves the payable and the platform's bank. */
export function consignorPayoutPostings(input: { shopId: string; amount: bigint }): PostingLine[] {
  return [debit('CONSIGNOR_PAYABLE', input.amount, { shopId: input.shopId }), credit('PLATFORM_CASH', input.amount)];
}

/** The money value of `points` at `pointsPerCurrencyUnit` (minor units per unit given), rounded toward zero. */
export function pointsValue(points: number, pointsPerCurrencyUnit: number, minorPerUnit: bigint): bigint {
  return (BigInt(points) * minorPerUnit) / BigInt(pointsPerCurrencyUnit);
}

/**
 * 定金不退: a presale's balance was never paid and its deposit is kept. It is the shop's revenue
 * (the goods were held for the customer), out of the deposits held, less the commission.
 */
export function forfeitPostings(input: { shopId: string; orderId: string; deposit: bigint; commissionBps: number }): {
  commission: bigint;
  postings: PostingLine[];
} {
  const { shopId, orderId, deposit } = input;
  const commission = commissionOn(deposit, input.commissionBps);
  const shop = { shopId, orderId };
  return {
    commission,
    postings: [
      debit('DEPOSITS_HELD', deposit, { orderId }),
      credit('MERCHANT_PAYABLE', deposit, shop),
      debit('MERCHANT_PAYABLE', commission, shop),
      credit('COMMISSION_REVENUE', commission, { orderId }),
    ],
  };
}
