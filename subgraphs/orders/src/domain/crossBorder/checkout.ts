import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { catalogService, Db, Problems, UserError } from '@zhongtai/kit';
import { crossBorderBuyers, crossBorderQuotaLocks } from '../../db/crossBorderTables.ts';
import { orders } from '../../db/tables.ts';
import type { ShopOrderDraft } from '../orderDraft.ts';
import { loadCrossBorderConfig } from './config.ts';
import { identityDigest, sealIdentity } from './identityCipher.ts';
import { annualLimitProblem, customsYear, singleLimitProblem } from './limits.ts';
import { maskRealName, maskResidentId } from './residentId.ts';
import { crossBorderTax } from './tax.ts';

/** The buyer as placeOrder takes them (validated and normalised by validateCheckout). */
export interface BuyerIdentityInput {
  realName: string;
  idNumber: string;
}

/** The cross-border shop orders of a priced checkout and their buyer: written with the orders (recordCrossBorderBuyer). */
export interface CrossBorderCheckout {
  buyer: BuyerIdentityInput;
  orders: { orderId: string; value: bigint; currency: string }[];
}

/** The annual limit refused the checkout inside its saving transaction (rolled back). */
export class CrossBorderRefused extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
  }
}

/**
 * Marks the shop orders of cross-border SKUs, adds each line's comprehensive tax to its order
 * (taxAmount, in the payable) and applies the single-order limit. A shop order is all
 * cross-border in one mode or all domestic: customs declares a whole order. Needs the buyer's
 * identity when any line is cross-border. Returns null for a domestic checkout.
 */
export function applyCrossBorder(
  drafts: ShopOrderDraft[],
  quotes: Map<string, catalogService.SkuQuote>,
  buyer: BuyerIdentityInput | null | undefined,
  problems: Problems,
): CrossBorderCheckout | null {
  const config = loadCrossBorderConfig();
  const found: CrossBorderCheckout['orders'] = [];
  for (const { order, lines } of drafts) {
    const modes = new Set(lines.map((l) => quotes.get(l.skuId)!.crossBorderMode));
    if (!modes.has('BONDED') && !modes.has('DIRECT_MAIL')) continue;
    const field = ['input', 'lines', String(lines[0]!.inputIndex), 'skuId'];
    if (modes.size > 1) {
      problems.add(
        field,
        'INVALID',
        'Cross-border items are ordered apart from domestic items (and bonded apart from direct-mail) of the same shop: customs declares a whole order',
      );
      continue;
    }
    if (!problems.check(order.currency === 'CNY', field, 'CURRENCY_MISMATCH', 'Cross-border orders are priced in CNY')) continue;
    order.crossBorderMode = [...modes][0]!;
    let tax = 0n;
    for (const line of lines) {
      const consumptionTaxBps = quotes.get(line.skuId)!.consumptionTaxRateBps ?? config.consumptionTaxBps;
      line.taxAmount = crossBorderTax(line.finalAmount, { vatBps: config.vatBps, consumptionTaxBps, taxShareBps: config.taxShareBps });
      tax += line.taxAmount;
    }
    order.taxAmount = tax;
    order.payableAmount += tax;
    // What customs counts against the limits: the goods as sold (after discounts) and the freight, not the tax.
    const value = order.payableAmount - tax;
    const over = singleLimitProblem(value, config.singleLimit, ['input', 'lines']);
    if (over) problems.add(over.field, over.code, over.message);
    found.push({ orderId: order.id, value, currency: order.currency });
  }
  if (!found.length) return null;
  if (!config.identityKey) {
    problems.add(['input', 'lines'], 'INVALID', 'Cross-border items cannot be sold here yet: the buyer identity key (BUYER_IDENTITY_KEY) is not configured');
    return null;
  }
  if (!buyer) {
    problems.add(['input', 'buyerIdentity'], 'REQUIRED', "Cross-border items need the buyer's real name and ID number (customs declares them)");
    return null;
  }
  return { buyer, orders: found };
}

/** Orders that no longer count against the annual limit: they ended unpaid or were cancelled (and refunded). */
const NOT_COUNTED = ['CANCELLED', 'CLOSED'] as const;

/**
 * In the checkout's saving transaction: counts its cross-border orders against the person's
 * annual limit and stores the buyer sealed. The person's (ID digest, year) row is locked first,
 * so a concurrent checkout of the same person reads this one's orders or waits for them:
 * two orders can never both pass on the same remaining room. Throws CrossBorderRefused.
 */
export async function recordCrossBorderBuyer(tx: Db, checkout: CrossBorderCheckout, at: Date): Promise<void> {
  const config = loadCrossBorderConfig();
  const idDigest = identityDigest(checkout.buyer.idNumber);
  const year = customsYear(at);
  await tx.insert(crossBorderQuotaLocks).values({ idDigest, customsYear: year }).onConflictDoNothing();
  await tx
    .select()
    .from(crossBorderQuotaLocks)
    .where(and(eq(crossBorderQuotaLocks.idDigest, idDigest), eq(crossBorderQuotaLocks.customsYear, year)))
    .for('update');
  const [row] = await tx
    .select({ used: sql<string>`coalesce(sum(${crossBorderBuyers.customsValue}), 0)` })
    .from(crossBorderBuyers)
    .innerJoin(orders, eq(orders.id, crossBorderBuyers.orderId))
    .where(and(eq(crossBorderBuyers.idDigest, idDigest), eq(crossBorderBuyers.customsYear, year), notInArray(orders.status, [...NOT_COUNTED])));
  const used = BigInt(row?.used ?? 0);
  const value = checkout.orders.reduce((sum, o) => sum + o.value, 0n);
  const problem = annualLimitProblem({ used, value, limit: config.annualLimit, year, field: ['input', 'buyerIdentity', 'idNumber'] });
  if (problem) throw new CrossBorderRefused(problem);
  const sealed = { realNameSealed: sealIdentity(checkout.buyer.realName), idNumberSealed: sealIdentity(checkout.buyer.idNumber) };
  await tx.insert(crossBorderBuyers).values(
    checkout.orders.map((o) => ({
      orderId: o.orderId,
      ...sealed,
      realNameMasked: maskRealName(checkout.buyer.realName),
      idNumberMasked: maskResidentId(checkout.buyer.idNumber),
      idDigest,
      customsYear: year,
      customsValue: o.value,
      currency: o.currency,
    })),
  );
}
