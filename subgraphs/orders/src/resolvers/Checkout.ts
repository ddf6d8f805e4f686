import { readableRows, type RequestContext } from '@zhongtai/kit';
import type { CheckoutRow } from '../db/tables.ts';
import { loadCheckout, ordersOfCheckout } from '../domain/orderQueries.ts';
import { entityScopes } from './scopes.ts';
import type { CheckoutResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

export const Checkout: CheckoutResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadCheckout(ctx, ref.id),
  // A checkout spans shops: each shop's merchant sees its own order in it, the customer all.
  orders: async (checkout: CheckoutRow, _: unknown, ctx: RequestContext) => readableRows(ctx, entityScopes.Order, await ordersOfCheckout(ctx, checkout.id)),
  payable: (checkout: CheckoutRow) => money(checkout.payableAmount, checkout.currency),
  payment: (checkout: CheckoutRow) => (checkout.paymentId ? { __typename: 'Payment', id: checkout.paymentId } : null),
};
