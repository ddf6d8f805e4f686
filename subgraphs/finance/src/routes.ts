import type { CenterRoute } from '@zhongtai/kit';
import { receivePayoutCallback } from './domain/payouts.ts';

/** POST /hooks/finance/payouts/sandbox/callback: the sandbox payout provider's signed callbacks. */
export const routes: CenterRoute[] = [{ method: 'POST', path: '/payouts/sandbox/callback', handle: (ctx, request) => receivePayoutCallback(ctx, request) }];
