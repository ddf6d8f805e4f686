import { newId, type RequestContext } from '@zhongtai/kit';
import { providerExchanges } from '../db/tables.ts';
import { withExchangeLog } from '../providers/exchange.ts';
import { EXCHANGE_ID_PREFIX } from './ids.ts';

/**
 * Runs provider calls with every attempt written to provider_exchanges (already redacted by the
 * adapter's exchange). Called outside any transaction, as provider calls are: each record is
 * its own insert, kept even when the call fails.
 */
export function atProvider<T>(ctx: RequestContext, work: () => Promise<T>): Promise<T> {
  return withExchangeLog(async (exchange) => {
    await ctx.db.insert(providerExchanges).values({ id: newId(EXCHANGE_ID_PREFIX), ...exchange });
  }, work);
}
