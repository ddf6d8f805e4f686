import { catalogService, isId, type Problems, type RequestContext } from '@zhongtai/kit';
import type { WarehouseRow } from '../db/tables.ts';

export type SkuQuote = Awaited<ReturnType<typeof quote>>[number];

async function quote(ctx: RequestContext, ids: string[]) {
  return (await ctx.services.call(catalogService.quoteSkus, { ids })).quoteSkus;
}

/**
 * SKUs belong to catalog: asks it (a service call, so never inside a transaction) which of
 * `lines` name real SKUs, reports the others as NOT_FOUND at `field(i)`, and returns the quotes
 * by id. The quote's shopId is the shop the stock belongs to.
 */
export async function quoteLines(
  ctx: RequestContext,
  lines: { skuId: string }[],
  problems: Problems,
  field: (index: number) => string[],
): Promise<Map<string, SkuQuote>> {
  const ids = [...new Set(lines.map((l) => l.skuId).filter((id) => isId(catalogService.SKU_ID_PREFIX, id)))];
  const quotes = ids.length ? await quote(ctx, ids) : [];
  const byId = new Map(quotes.map((q) => [q.id, q]));
  lines.forEach((line, i) => {
    if (!byId.has(line.skuId)) problems.add(field(i), 'NOT_FOUND', `No SKU ${line.skuId}`);
  });
  return byId;
}

/** A shop's own warehouse holds that shop's goods only; platform warehouses hold any shop's. */
export function checkWarehouseHolds(problems: Problems, warehouse: WarehouseRow, quote: SkuQuote, field: string[]): boolean {
  return problems.check(!warehouse.shopId || warehouse.shopId === quote.shopId, field, 'INVALID', "This SKU belongs to another shop than the warehouse's");
}

/** Quantities are whole positive units. */
export function checkQuantity(problems: Problems, quantity: number, field: string[], { allowZero = false } = {}): boolean {
  if (!problems.check(Number.isInteger(quantity), field, 'INVALID', 'Quantity is a whole number of units')) return false;
  if (!problems.check(quantity >= 0, field, 'NEGATIVE', 'Quantity cannot be negative')) return false;
  if (!problems.check(quantity <= 1_000_000, field, 'OUT_OF_RANGE', 'Quantity is at most 1,000,000')) return false;
  return problems.check(allowZero || quantity > 0, field, 'OUT_OF_RANGE', 'Quantity must be at least 1');
}
