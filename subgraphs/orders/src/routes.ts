import type { CenterRoute } from '@zhongtai/kit';
import { customsAdapters, receiveReceipt } from './domain/customs/declarations.ts';

/** Plain HTTP endpoints under /hooks/orders: each customs adapter's signed receipts (POST /customs/<adapter>/receipt). */
export const routes: CenterRoute[] = Object.values(customsAdapters).map((adapter): CenterRoute => ({
  method: 'POST',
  path: `/customs/${adapter.name}/receipt`,
  // A disabled adapter's receipts are not ours to act on (a sandbox's secret may be known).
  async handle(ctx, request) {
    if (!adapter.enabled()) return { status: 404, body: { error: 'not found' } };
    return receiveReceipt(ctx, adapter, request);
  },
}));
