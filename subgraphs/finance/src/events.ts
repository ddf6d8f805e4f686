import { type CenterMessaging, catalogService, logger, type EventHandlers, type JobDefinition, type RequestContext } from '@zhongtai/kit';
import { outbox, processedEvents } from './db/tables.ts';
import { postConsignedReturn, postConsignedSale, postConsignorPayout } from './domain/consignment.ts';
import { DAILY_STATEMENTS_JOB, generateDueStatements } from './domain/statements.ts';
import {
  CATEGORIZE_ORDER_JOB,
  categorizeOrder,
  postCompletion,
  postForfeitedDeposit,
  postPayment,
  postPointsChange,
  postRefund,
  recordPaidOrder,
  type CategoryPaths,
} from './domain/posting.ts';

/** The money events finance posts from (domain/posting.ts); each handler runs once per event (the kit's inbox) and posts idempotently besides. */
export const handlers: EventHandlers = {
  PaymentSucceeded: (ctx, event) => postPayment(ctx, event),
  OrderPaid: (ctx, event) => recordPaidOrder(ctx, event),
  OrderCompleted: (ctx, event) => postCompletion(ctx, event),
  RefundSucceeded: (ctx, event) => postRefund(ctx, event),
  PointsChanged: (ctx, event) => postPointsChange(ctx, event),
  OrderCancelled: (ctx, event) => postForfeitedDeposit(ctx, event),
  ConsignedUnitsSold: (ctx, event) => postConsignedSale(ctx, event),
  ConsignedUnitsReturned: (ctx, event) => postConsignedReturn(ctx, event),
  ConsignorPaid: (ctx, event) => postConsignorPayout(ctx, event),
};

/**
 * After an order is recorded, its lines' categories are asked of the catalog (outside any
 * transaction). Every day at 00:10 UTC, yesterday's settlement statements are made (idempotent).
 */
export const jobs: Record<string, JobDefinition> = {
  [CATEGORIZE_ORDER_JOB]: { handler: (ctx, data) => categorizeOrder(ctx, String(data.orderId), (skuIds) => categoriesOf(ctx, skuIds)) },
  [DAILY_STATEMENTS_JOB]: {
    cron: '10 0 * * *',
    async handler(ctx) {
      const made = await generateDueStatements(ctx);
      if (made.length) logger(ctx).info('daily settlement statements made', { statements: made.length });
    },
  },
};

/** The SKUs' category paths, asked of the catalog (the commission depends on them); an unknown SKU has none. */
async function categoriesOf(ctx: RequestContext, skuIds: string[]): Promise<CategoryPaths> {
  const { quoteSkus } = await ctx.services.call(catalogService.quoteSkus, { ids: skuIds });
  return new Map(quoteSkus.map((q) => [q.id, q.categoryPath]));
}

/** The event wiring `defineCenter` takes: outbox, inbox (handlers run once per event), handlers and jobs. */
export const messaging: CenterMessaging = { outbox, inbox: processedEvents, handlers, jobs };
