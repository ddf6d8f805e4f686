import { readableRows, type RequestContext } from '@zhongtai/kit';
import type { CheckoutRow } from '../db/tables.ts';
import { checkoutTotals } from '../domain/checkouts.ts';
import { loadCheckout, ordersOfCheckout } from '../domain/orderQueries.ts';
import { entityScopes } from './scopes.ts';
import type { CheckoutResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

const totals = (checkout: CheckoutRow, ctx: RequestContext) => checkoutTotals(ctx, checkout.id);

export const Checkout: CheckoutResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadCheckout(ctx, ref.id),
  member: (checkout: CheckoutRow) => ({ __typename: 'Member', id: checkout.memberId }),
  // A checkout spans shops: each shop's merchant sees its own order in it, the customer all.
  orders: async (checkout: CheckoutRow, _: unknown, ctx: RequestContext) => readableRows(ctx, entityScopes.Order, await ordersOfCheckout(ctx, checkout.id)),
  itemsTotal: async (checkout: CheckoutRow, _: unknown, ctx: RequestContext) => money((await totals(checkout, ctx)).items, checkout.currency),
  discountTotal: async (checkout: CheckoutRow, _: unknown, ctx: RequestContext) => money((await totals(checkout, ctx)).discount, checkout.currency),
  freight: async (checkout: CheckoutRow, _: unknown, ctx: RequestContext) => money((await totals(checkout, ctx)).freight, checkout.currency),
  refunded: async (checkout: CheckoutRow, _: unknown, ctx: RequestContext) => money((await totals(checkout, ctx)).refunded, checkout.currency),
  paidAt: async (checkout: CheckoutRow, _: unknown, ctx: RequestContext) => (await totals(checkout, ctx)).paidAt,
  payable: (checkout: CheckoutRow) => money(checkout.payableAmount, checkout.currency),
  payment: (checkout: CheckoutRow) => (checkout.paymentId ? { __typename: 'Payment', id: checkout.paymentId } : null),
};
