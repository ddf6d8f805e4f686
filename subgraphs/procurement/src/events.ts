import type { EventHandlers, JobDefinition } from '@zhongtai/kit';
import { recordPurchaseReceived } from './domain/purchaseReceiving.ts';
import { NIGHTLY_REPLENISHMENT_JOB, replenishAll, replenishOnSignal } from './domain/replenishment.ts';

/**
 * What procurement hears from inventory: a stock level fell under its safety stock (replenish it),
 * and a purchase delivery was put away (the order's received units, the cost, the rating). Orders
 * asks it, as SERVICE, which SKUs a supplier ships.
 */
export const handlers: EventHandlers = {
  StockBelowThreshold: (ctx, { payload }) => replenishOnSignal(ctx, payload),
  PurchaseReceived: (ctx, { payload }) => recordPurchaseReceived(ctx, payload),
};

/**
 * The nightly pass over every stock level under its safety stock (02:30 UTC, 10:30 in China: after
 * the day's shipping): a level whose signal was missed, or whose sales moved, gets its suggestion.
 */
export const jobs: Record<string, JobDefinition> = {
  [NIGHTLY_REPLENISHMENT_JOB]: { cron: '30 2 * * *', handler: async (ctx) => void (await replenishAll(ctx)) },
};
