import { defineCenter } from '@zhongtai/kit';
import { loadPaymentsConfig } from './config.ts';
import { messaging } from './events.ts';
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
export const paymentsCenter = defineCenter(import.meta.url, { name: 'payments', resolvers, entityScopes, ...messaging, routes });

export { signedSandboxCallback, SIGNATURE_HEADER, TIMESTAMP_HEADER, SANDBOX } from './providers/sandbox.ts';
export type { PaymentProvider } from './providers/provider.ts';

/** Bulk loading of `pnpm seed --scale tiny|medium|large` into this center's tables (scripts/seed runs it). */
export { paymentsStage } from './seed/large.ts';
