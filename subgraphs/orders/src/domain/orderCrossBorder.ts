import { rowsByParent, type RequestContext } from '@zhongtai/kit';
import { crossBorderBuyers, type CrossBorderBuyerRow } from '../db/crossBorderTables.ts';

export type OrderCrossBorderRow = CrossBorderBuyerRow & { mode: 'BONDED' | 'DIRECT_MAIL' };

/**
 * The buyer of a cross-border order as the graph shows them: masked, to every role. Not even an
 * operator (ADMIN) gets the real name and ID number back: nobody's work in the back office needs
 * them once customs has them (customer service recognises a buyer by 张* and 110***********1234),
 * and a number that is never answered cannot leak through a screen, an export, a log or a
 * compromised staff account. Only the customs declaration opens them, to send them to customs.
 * Batched: a page of orders costs one query.
 */
export async function crossBorderOf(ctx: RequestContext, orderId: string, mode: 'BONDED' | 'DIRECT_MAIL'): Promise<OrderCrossBorderRow | null> {
  const [buyer] = await rowsByParent(ctx, 'orders.crossBorderBuyers', crossBorderBuyers, { parent: crossBorderBuyers.orderId }, orderId);
  return buyer ? { ...buyer, mode } : null;
}
