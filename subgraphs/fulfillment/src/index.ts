import { defineCenter } from '@zhongtai/kit';
import { trackingCallback } from './carriers/callbackRoute.ts';
import { loadKuaidi100Config } from './carriers/kuaidi100/config.ts';
import { kuaidi100Push } from './carriers/pushRoute.ts';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { seed } from './seed/demo.ts';

// Fail at start, not at the first parcel, when production would subscribe with a callback nobody can reach.
loadKuaidi100Config();

/** 调度中心 + 物流中心: freight, shipping notices, vouchers, shipments and carrier tracking. */
export const fulfillmentCenter = defineCenter(import.meta.url, {
  name: 'fulfillment',
  resolvers,
  entityScopes,
  ...messaging,
  routes: [trackingCallback, kuaidi100Push],
  seed,
});

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { fulfillmentStage } from './seed/large.ts';

/** The demo seeder's sandbox carrier step, in-process and in its time scope (gateway/src/demoOrders.ts). */
export { advanceSandboxShipmentInProcess } from './carriers/sandboxInProcess.ts';
