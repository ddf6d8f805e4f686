import { fileURLToPath } from 'node:url';
import { readSdl, type CenterDefinition } from '@zhongtai/kit';
import { loadPaymentsConfig } from './config.ts';
import { outbox } from './db/tables.ts';
import { handlers, jobs } from './events.ts';
import { resolvers } from './resolvers/index.ts';
import { entityScopes } from './resolvers/scopes.ts';
import { routes } from './routes.ts';

// Fail at start, not at the first callback, when production runs with the public dev secret.
loadPaymentsConfig();

/**
 * 支付中心 payment center: payments of orders through a provider (the sandbox for now), the
 * provider's signed callbacks, refunds. Publishes PaymentSucceeded and RefundSucceeded. No demo
 * data: payments come from orders, which the order center creates.
 */
export const paymentsCenter: CenterDefinition = {
  name: 'payments',
  typeDefs: readSdl(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  entityScopes,
  migrationsFolder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  outbox,
  handlers,
  jobs,
  routes,
};

export { signedSandboxCallback, SIGNATURE_HEADER, TIMESTAMP_HEADER, SANDBOX } from './providers/sandbox.ts';
export type { PaymentProvider } from './providers/provider.ts';

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { paymentsStage } from './seed/large.ts';
