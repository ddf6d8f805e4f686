import { loadScoped, type RequestContext } from '@zhongtai/kit';
import type { PayoutRow } from '../db/tables.ts';
import { loadPayout } from '../domain/payouts.ts';
import { findStatement } from '../domain/statements.ts';
import { payoutTenancy } from '../domain/tenancy.ts';
import type { PayoutResolvers } from '../generated/resolvers.ts';
import { money } from './refs.ts';

export const Payout: PayoutResolvers = {
  __resolveReference: (ref: { id: string }, ctx: RequestContext) => loadScoped(ctx, payoutTenancy, loadPayout(ctx, ref.id), 'read'),
  shop: (row: PayoutRow) => ({ __typename: 'Shop' as const, id: row.shopId }),
  statement: (row: PayoutRow, _: unknown, ctx: RequestContext) => findStatement(ctx, row.statementId),
  amount: (row: PayoutRow) => money(row.amount, row.currency),
};
