import type { EventHandlers, JobDefinition } from '@zhongtai/kit';

/**
 * Procurement publishes no event of its own yet (its outbox carries the kit's AuditRecorded for
 * staff mutations) and reacts to none: orders asks it which SKUs a supplier ships, as SERVICE.
 * Replenishment alerts will handle inventory's StockBelowThreshold here.
 */
export const handlers: EventHandlers = {};

/** No delayed or recurring work yet. */
export const jobs: Record<string, JobDefinition> = {};
