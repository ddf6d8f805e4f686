import type { CenterRoute } from '@zhongtai/kit';
import { receiveCallback } from './domain/callbacks.ts';
import { sandboxPayPage } from './domain/sandboxPay.ts';
import { allProviders } from './providers/index.ts';

/**
 * Plain HTTP endpoints under /hooks/payments: each provider's callback (POST /<provider>/callback)
 * and the sandbox's cashier page (GET /sandbox/pay?ref=…, the pay URL a sandbox payment shows).
 */
export const routes: CenterRoute[] = [
  ...allProviders().map((provider): CenterRoute => ({
    method: 'POST',
    path: `/${provider.name}/callback`,
    // A disabled provider's callbacks are not ours to act on (a sandbox's secret may be known).
    async handle(ctx, request) {
      if (!provider.enabled()) return { status: 404, body: { error: 'not found' } };
      const answer = await receiveCallback(ctx, provider, request);
      return provider.answerCallback ? provider.answerCallback(answer) : answer;
    },
  })),
  { method: 'GET', path: '/sandbox/pay', handle: (ctx, request) => sandboxPayPage(ctx, request.query.get('ref')) },
];
