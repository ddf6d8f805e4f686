import { isProduction, numberSetting } from '@zhongtai/kit';
import { KUAIDI100_PUSH_PATH } from '../wire.ts';

/**
 * 快递100 settings, read from the environment when used. The adapter is enabled when
 * KUAIDI100_KEY (the enterprise authorisation key, sent in every subscription) is set.
 * KUAIDI100_CUSTOMER is the account's customer id, which only the real-time query API signs
 * with: kept with the key, not sent by the subscription. KUAIDI100_URL is the subscription
 * endpoint (the real https://poll.kuaidi100.com/poll by default, or a fake); pushes come back to
 * CARRIER_CALLBACK_BASE_URL + /hooks/fulfillment/kuaidi100/push (the gateway).
 */
export const KUAIDI100_DEFAULT_URL = 'https://poll.kuaidi100.com/poll';

export interface Kuaidi100Config {
  key: string;
  customer: string | null;
  pollUrl: string;
  callbackUrl: string;
  timeoutMs: number;
}

export function loadKuaidi100Config(env: NodeJS.ProcessEnv = process.env): Kuaidi100Config | undefined {
  const key = env.KUAIDI100_KEY?.trim();
  if (!key) return undefined;
  const base = env.CARRIER_CALLBACK_BASE_URL?.trim();
  // A push to 127.0.0.1 reaches nobody: production must say where the gateway is.
  if (!base && isProduction(env)) throw new Error('CARRIER_CALLBACK_BASE_URL must be set in production when KUAIDI100_KEY is (快递100 pushes there)');
  const origin = (base || `http://127.0.0.1:${env.PORT || 4000}`).replace(/\/$/, '');
  return {
    key,
    customer: env.KUAIDI100_CUSTOMER?.trim() || null,
    pollUrl: env.KUAIDI100_URL?.trim() || KUAIDI100_DEFAULT_URL,
    callbackUrl: `${origin}/hooks/fulfillment${KUAIDI100_PUSH_PATH}`,
    timeoutMs: numberSetting(env, 'KUAIDI100_TIMEOUT_MS', 5000, 'positive-integer'),
  };
}
