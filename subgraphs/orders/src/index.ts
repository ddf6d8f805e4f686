import { defineCenter } from '@zhongtai/kit';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { routes } from './routes.ts';
import { loadCrossBorderConfig } from './domain/crossBorder/config.ts';

// Fail at start, not at the first cross-border order, when production runs with a public dev key or secret.
loadCrossBorderConfig();

/** 订单中心 order center: checkouts split into shop orders, their lines, states and timers. */
export const ordersCenter = defineCenter(import.meta.url, { name: 'orders', resolvers, entityScopes, ...messaging, routes });

// For the cross-center tests that stop a checkout half-way (a process killed, a clock frozen):
// they drive the domain functions themselves, which the graph cannot do.
export { placeOrder } from './domain/placeOrder.ts';
export { recoverStuckCheckouts } from './domain/checkoutRecovery.ts';
// For tests that deliver (or forge) customs receipts.
export { signedCustomsReceipt } from './domain/customs/sandbox.ts';

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { ordersStage, historyOf } from './seed/large.ts';
