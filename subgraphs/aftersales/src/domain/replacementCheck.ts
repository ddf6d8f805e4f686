import { catalogService, inventoryService, type Problems, type RequestContext, type ordersService } from '@zhongtai/kit';

/**
 * 换货 at filing: the SKU sent back in exchange is the line's own or another SKU of the same SPU
 * at the same current price, sellable, and some active warehouse has the units available now.
 * Returns the replacement's SKU id (undefined after a refusal added to `problems`).
 */
export async function checkReplacement(
  ctx: RequestContext,
  problems: Problems,
  line: ordersService.AfterSaleOrderLine,
  quantity: number,
  replacementSkuId: string | null | undefined,
): Promise<string | undefined> {
  const field = ['input', 'replacementSkuId'];
  const wanted = replacementSkuId ?? line.skuId;
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids: [...new Set([line.skuId, wanted])] });
  const own = quoteSkus.find((q) => q.id === line.skuId);
  const other = quoteSkus.find((q) => q.id === wanted);
  if (!other) return void problems.add(field, 'NOT_FOUND', `SKU ${wanted} not found`);
  if (!problems.check(other.status === 'ACTIVE' && other.spuStatus === 'ON_SALE', field, 'INVALID', 'The replacement is not on sale')) return;
  if (!own || !problems.check(other.spuId === own.spuId, field, 'INVALID', 'An exchange is for a SKU of the same product')) return;
  const samePrice = other.price.amount === own.price.amount && other.price.currencyCode === own.price.currencyCode;
  if (!problems.check(samePrice, field, 'INVALID', `The replacement costs ${other.price.amount}, the line's SKU ${own.price.amount}`)) return;
  const { _entities } = await ctx.services.call(inventoryService.skuStock, { representations: [{ __typename: 'Sku', id: wanted }] });
  const stock = _entities[0]?.stock;
  // A line ships whole from one warehouse: one of them must have all the units.
  const served = (stock?.warehouses ?? []).some((w) => w.available >= quantity);
  if (!problems.check(served, field, 'OUT_OF_STOCK', 'No warehouse has the replacement in stock; ask for a return and refund')) return;
  return wanted;
}
