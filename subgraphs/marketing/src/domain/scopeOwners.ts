import { catalogService, isId, type Problems, type RequestContext } from '@zhongtai/kit';
import type { ScopeKind } from '../db/tables.ts';

/**
 * A rule names only what exists, and a shop's rule only its own shop's SKUs (catalog says whose a
 * SKU is). Categories are the platform's tree, shared by every shop: a shop's category rule still
 * discounts only that shop's goods. A platform rule may name any shop's SKUs.
 */
export async function checkScopeOwners(
  ctx: RequestContext,
  problems: Problems,
  ownerShopId: string | null,
  scope: ScopeKind,
  scopeIds: readonly string[],
): Promise<void> {
  if (scope !== 'SKUS') return;
  const ids = scopeIds.filter((id) => isId(catalogService.SKU_ID_PREFIX, id));
  if (!ids.length) return;
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids });
  const shopOf = new Map(quoteSkus.map((q) => [q.id, q.shopId]));
  scopeIds.forEach((id, i) => {
    if (!ids.includes(id)) return;
    const shopId = shopOf.get(id);
    const field = ['input', 'scopeIds', String(i)];
    if (!shopId) problems.add(field, 'NOT_FOUND', `SKU ${id} not found`);
    else if (ownerShopId && shopId !== ownerShopId) problems.add(field, 'INVALID', `SKU ${id} belongs to another shop: a shop's rule names only its own SKUs`);
  });
}
