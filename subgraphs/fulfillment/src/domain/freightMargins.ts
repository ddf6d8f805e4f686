import { and, count, gte, isNotNull, lt, sql, sum, type SQL } from 'drizzle-orm';
import { scopedWhere, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import { shipments } from '../db/shipmentTables.ts';
import { shipmentTenancy } from './tenancy.ts';

export interface ShopFreightMarginRow {
  shopId: string;
  currencyCode: CurrencyCode;
  /** Parcels shipped in the period whose real cost is known (the totals are theirs). */
  costedShipments: number;
  freightCharged: bigint;
  realCost: bigint;
  margin: bigint;
}

/**
 * Per shop, the freight margin of the parcels shipped in [from, to): what customers paid for
 * freight against what the carriers billed, over the parcels a bill has costed. A merchant sees
 * its own shop; an operator every shop, or the one it names. Largest loss first.
 */
export async function freightMarginsByShop(ctx: RequestContext, input: { from: Date; to: Date; shopId?: string | null }): Promise<ShopFreightMarginRow[]> {
  const s = shipments;
  const where: (SQL | undefined)[] = [
    scopedWhere(ctx, shipmentTenancy, { shopId: input.shopId }),
    gte(s.shippedAt, input.from),
    lt(s.shippedAt, input.to),
    isNotNull(s.freightMarginAmount),
  ];
  const margin = sql<string>`${sum(s.freightMarginAmount)}`;
  const rows = await ctx.db
    .select({
      shopId: s.shopId,
      currencyCode: s.currencyCode,
      costedShipments: count(),
      freightCharged: sum(s.freightChargedAmount),
      realCost: sum(s.realCostAmount),
      margin,
    })
    .from(s)
    .where(and(...where))
    .groupBy(s.shopId, s.currencyCode)
    .orderBy(margin, s.shopId);
  return rows.map((r) => ({
    shopId: r.shopId,
    currencyCode: (r.currencyCode ?? 'CNY') as CurrencyCode,
    costedShipments: Number(r.costedShipments),
    freightCharged: BigInt(r.freightCharged ?? 0),
    realCost: BigInt(r.realCost ?? 0),
    margin: BigInt(r.margin ?? 0),
  }));
}
