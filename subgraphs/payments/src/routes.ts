import type { CenterRoute } from '@zhongtai/kit';
import { receiveCallback } from './domain/callbacks.ts';
import { sandboxPayPage } from './domain/sandboxPay.ts';
import { allProviders } from './providers/index.ts';

/**
 * Plain HTTP endpoints under /hooks/payments: each provider's callback (POST /<provider>/callback)
 * and the sandbox's cashier page (GET /sandbox/pay?ref=…, the pay URL a sandbox payment shows).
 */
export const routes: CenterRoute[] = [
  ...allProviders().map(
    (provider): CenterRoute => ({
      method: 'POST',
      path: `/${provider.name}/callback`,
      // A disabled provider's callbacks are not ours to act on (a sandbox's secret may be known).
      handle: (ctx, request) => (provider.enabled() ? receiveCallback(ctx, provider, request) : Promise.resolve({ status: 404, body: { error: 'not found' } })),
    }),
  ),
  { method: 'GET', path: '/sandbox/pay', handle: (ctx, request) => sandboxPayPage(ctx, request.query.get('ref')) },
];
