import type { RequestContext } from '@zhongtai/kit';
import { activeGeneration } from './generations.ts';
import { salesStore } from './salesStore.ts';

/** salesFactsCheck: each rollup against the facts it sums, per key and measure, over business days. */
export async function checkSalesFacts(ctx: RequestContext, from: string, to: string) {
  const generation = await activeGeneration(ctx.db);
  const rollupDifferences = await salesStore.rollupDifferences(ctx.db, generation, from, to);
  return { from, to, ok: rollupDifferences.length === 0, rollupDifferences };
}
