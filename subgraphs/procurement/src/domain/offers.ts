import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import {
  catalogService,
  isUniqueViolation,
  newId,
  ok,
  Problems,
  type ConnectionArgs,
  type RequestContext,
  type Result,
  listTable,
  can,
  visibleOrNull,
} from '@zhongtai/kit';
import { dropShipOfferTenancy } from './tenancy.ts';
import { dropShipOffers, suppliers, type DropShipOfferRow } from '../db/tables.ts';
import { OFFER_ID_PREFIX } from './ids.ts';
import { checkOfferRows, checkOffersAgainstCatalog, type OfferInput } from './offerInput.ts';
import { supplierForWrite } from './suppliers.ts';

/** The active offer of each SKU, batched: a page of SKUs costs one query. No access check. */
export function activeOfferOfSku(ctx: RequestContext, skuId: string): Promise<DropShipOfferRow | null> {
  return ctx.loaders
    .get<string, DropShipOfferRow | null>('procurement.activeOfferBySku', async (skuIds) => {
      const rows = await ctx.db
        .select()
        .from(dropShipOffers)
        .where(and(inArray(dropShipOffers.skuId, [...new Set(skuIds)]), eq(dropShipOffers.active, true)));
      const bySku = new Map(rows.map((r) => [r.skuId, r]));
      return skuIds.map((id) => bySku.get(id) ?? null);
    })
    .load(skuId);
}

/** Sku.dropShip: the shop's merchant and operators only; a supply price is the shop's secret. */
export async function visibleOfferOfSku(ctx: RequestContext, skuId: string): Promise<DropShipOfferRow | null> {
  const offer = await activeOfferOfSku(ctx, skuId);
  return visibleOrNull(ctx, dropShipOfferTenancy, offer, 'read');
}

export function offersOfSupplier(ctx: RequestContext, supplierId: string, args: ConnectionArgs & { active?: boolean | null }) {
  const o = dropShipOffers;
  return listTable(ctx.db, o, args, {
    where: and(eq(o.supplierId, supplierId), args.active == null ? undefined : eq(o.active, args.active)),
    sort: { column: o.skuId, direction: 'ASC' },
  });
}

/**
 * 代发商品: the supplier ships these SKUs of its shop from now on, at these supply prices. A
 * SKU another supplier ships is refused until that offer is removed; one the same supplier
 * shipped before gets the new price and is active again. All rows or none.
 */
export async function setDropShipOffers(ctx: RequestContext, input: { supplierId: string; offers: OfferInput[] }): Promise<Result<DropShipOfferRow[]>> {
  const problems = new Problems();
  const supplier = await supplierForWrite(ctx, problems, input.supplierId, ['input', 'supplierId']);
  if (supplier) problems.check(supplier.status === 'ACTIVE', ['input', 'supplierId'], 'INACTIVE', 'A suspended supplier takes no new offers');
  const prices = checkOfferRows(problems, input.offers);
  if (!supplier || problems.any) return problems.refuse();
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids: input.offers.map((o) => o.skuId) });
  const checked = checkOffersAgainstCatalog(problems, supplier, input.offers, prices, new Map(quoteSkus.map((q) => [q.id, q])));
  if (problems.any) return problems.refuse();

  const skuIds = checked.map((c) => c.skuId);
  const held = await ctx.db
    .select({ skuId: dropShipOffers.skuId, supplierName: suppliers.name })
    .from(dropShipOffers)
    .innerJoin(suppliers, eq(suppliers.id, dropShipOffers.supplierId))
    .where(and(inArray(dropShipOffers.skuId, skuIds), eq(dropShipOffers.active, true), ne(dropShipOffers.supplierId, supplier.id)));
  for (const h of held) {
    const i = input.offers.findIndex((o) => o.skuId === h.skuId);
    problems.add(['input', 'offers', String(i), 'skuId'], 'TAKEN', `Row ${i + 1}: supplier ${h.supplierName} already ships this SKU; remove that offer first`);
  }
  if (problems.any) return problems.refuse();
  try {
    return ok(
      await ctx.db.transaction(async (tx) => {
        const rows: DropShipOfferRow[] = [];
        for (const offer of checked) {
          const values = { supplyPrice: offer.supplyPrice, currency: offer.currency, active: true, updatedAt: new Date() };
          const [row] = await tx
            .insert(dropShipOffers)
            .values({ id: newId(OFFER_ID_PREFIX), supplierId: supplier.id, shopId: supplier.shopId, skuId: offer.skuId, ...values })
            .onConflictDoUpdate({ target: [dropShipOffers.supplierId, dropShipOffers.skuId], set: values })
            .returning();
          rows.push(row!);
        }
        return rows;
      }),
    );
  } catch (error) {
    // Another supplier took one of the SKUs between the check and the write.
    if (!isUniqueViolation(error, 'drop_ship_offers_active_sku_key')) throw error;
    return problems.add(['input', 'offers'], 'TAKEN', 'Another supplier took one of these SKUs meanwhile; try again').refuse();
  }
}

/** The SKU ships from a warehouse again. The row stays, inactive. */
export async function removeDropShipOffer(ctx: RequestContext, input: { skuId: string }): Promise<Result<DropShipOfferRow>> {
  const problems = new Problems();
  const offer = await activeOfferOfSku(ctx, input.skuId);
  if (!offer || !can(ctx, dropShipOfferTenancy, offer, 'write'))
    return problems.add(['input', 'skuId'], 'NOT_FOUND', `SKU ${input.skuId} is not drop-shipped`).refuse();
  const [row] = await ctx.db
    .update(dropShipOffers)
    .set({ active: false, updatedAt: new Date() })
    .where(and(eq(dropShipOffers.id, offer.id), eq(dropShipOffers.active, true)))
    .returning();
  if (!row) return problems.add(['input', 'skuId'], 'NOT_FOUND', `SKU ${input.skuId} is not drop-shipped`).refuse();
  return ok(row);
}

/** The service call of checkout: active offers of ACTIVE suppliers only. */
export async function dropShipSources(ctx: RequestContext, skuIds: string[]): Promise<{ skuId: string; supplierId: string }[]> {
  if (!skuIds.length) return [];
  return ctx.db
    .select({ skuId: dropShipOffers.skuId, supplierId: dropShipOffers.supplierId })
    .from(dropShipOffers)
    .innerJoin(suppliers, eq(suppliers.id, dropShipOffers.supplierId))
    .where(and(inArray(dropShipOffers.skuId, [...new Set(skuIds)]), eq(dropShipOffers.active, true), eq(suppliers.status, 'ACTIVE')))
    .orderBy(asc(dropShipOffers.skuId));
}
