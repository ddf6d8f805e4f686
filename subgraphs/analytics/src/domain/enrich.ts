import { catalogService, membersService, toMinor, type CurrencyCode, type RequestContext } from '@zhongtai/kit';
import { salesStore } from './salesStore.ts';

/**
 * After a sale is recorded: the buyer's member level and the SKUs' cost prices, which no event
 * carries, asked of the member and catalog centers (outside any transaction: a job, never the
 * handler), then written to the facts (and the cost to the rollups) in one transaction. Idempotent:
 * only facts still missing a value are changed. The level and cost are those at the time the job runs.
 */
export async function enrichSale(ctx: RequestContext, orderId: string): Promise<void> {
  const facts = await salesStore.factsToEnrich(ctx.db, orderId);
  const [first] = facts;
  if (!first) return;
  const { memberQuote } = await ctx.services.call(membersService.memberQuote, { memberId: first.memberId });
  const skuIds = [...new Set(facts.filter((f) => f.unitCost === null).map((f) => f.skuId))];
  const costs = new Map<string, bigint>();
  if (skuIds.length) {
    const { _entities } = await ctx.services.call(catalogService.skuCosts, { representations: skuIds.map((id) => ({ __typename: 'Sku' as const, id })) });
    for (const sku of _entities) {
      if (sku?.costPrice)
        costs.set(sku.id + ':' + sku.costPrice.currencyCode, toMinor({ ...sku.costPrice, currencyCode: sku.costPrice.currencyCode as CurrencyCode }));
    }
  }
  await ctx.db.transaction(async (tx) => {
    await salesStore.setMemberLevel(tx, orderId, memberQuote?.levelId ?? null);
    for (const fact of facts) {
      const unitCost = costs.get(fact.skuId + ':' + fact.currency);
      if (fact.unitCost === null && unitCost !== undefined) await salesStore.setUnitCost(tx, fact.generation, fact.orderLineId, unitCost);
    }
  });
}
