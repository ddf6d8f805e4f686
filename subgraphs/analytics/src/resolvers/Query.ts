import type { RequestContext } from '@zhongtai/kit';
import { buyerCohorts, campaignPerformance, couponPerformance, orderFunnel, refundRates, type AggregateFilter } from '../domain/aggregates.ts';
import type { CohortPeriod, RefundDimension } from '../domain/aggregateStore.ts';
import { checkSalesFacts } from '../domain/check.ts';
import { loadSalesExport } from '../domain/exports/start.ts';
import { loadRebuild } from '../domain/rebuild.ts';
import type { Dimension } from '../domain/salesStore.ts';
import { salesSummary, topSkus, type Metric, type SalesFilterInput, type TopSkuMeasure } from '../domain/summary.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

type SummaryArgs = { filter: SalesFilterInput; groupBy: Dimension[]; metrics?: Metric[] | null };
type TopArgs = { period: { from: string; to: string }; by: TopSkuMeasure; first: number; shopIds?: string[] | null };

export const Query: QueryResolvers = {
  salesSummary: (_: unknown, args: SummaryArgs, ctx: RequestContext) => salesSummary(ctx, args.filter, args.groupBy, args.metrics),
  topSkus: (_: unknown, args: TopArgs, ctx: RequestContext) => topSkus(ctx, args.period, args.by, args.first, args.shopIds),
  salesFactsCheck: (_: unknown, args: { from: string; to: string }, ctx: RequestContext) => checkSalesFacts(ctx, args.from, args.to),
  refundRates: (_: unknown, args: { filter: AggregateFilter; groupBy: RefundDimension[] }, ctx: RequestContext) => refundRates(ctx, args.filter, args.groupBy),
  couponPerformance: (_: unknown, args: { filter: AggregateFilter }, ctx: RequestContext) => couponPerformance(ctx, args.filter),
  campaignPerformance: (_: unknown, args: { filter: AggregateFilter }, ctx: RequestContext) => campaignPerformance(ctx, args.filter),
  buyerCohorts: (_: unknown, args: { filter: AggregateFilter; period: CohortPeriod }, ctx: RequestContext) => buyerCohorts(ctx, args.filter, args.period),
  orderFunnel: (_: unknown, args: { filter: AggregateFilter }, ctx: RequestContext) => orderFunnel(ctx, args.filter),
  salesFactsRebuild: (_: unknown, args: { id?: number | null }, ctx: RequestContext) => loadRebuild(ctx, args.id),
  salesExport: (_: unknown, args: { id: string }, ctx: RequestContext) => loadSalesExport(ctx, args.id),
};
