import { defineCenter } from '@zhongtai/kit';
import { loadFinanceConfig } from './domain/config.ts';
import { messaging } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { routes } from './routes.ts';

// Fails at start, not at the first payout, when production runs with the public dev secret.
loadFinanceConfig();

/** 财务中心 finance: the double-entry ledger of every money event, commission, settlement and payouts, reconciliation with the provider. */
export const financeCenter = defineCenter(import.meta.url, {
  name: 'finance',
  resolvers,
  entityScopes,
  ...messaging,
  routes,
});

export { signedPayoutCallback } from './providers/payoutSandbox.ts';
