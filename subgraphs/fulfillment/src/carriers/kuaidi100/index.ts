import type { TrackingAdapter } from '../adapter.ts';
import { loadKuaidi100Config, type Kuaidi100Config } from './config.ts';
import { eventsOfPush, kuaidi100State, readPushForm, verifyPushSign, type SubscribeParam } from './protocol.ts';

export class Kuaidi100Error extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'Kuaidi100Error';
  }
}

function config(): Kuaidi100Config {
  const loaded = loadKuaidi100Config();
  if (!loaded) throw new Kuaidi100Error('快递100 is not configured (KUAIDI100_KEY)', false);
  return loaded;
}

/** The subscription's answer: returnCode 200 submitted, 501 already subscribed (重复订阅), 500 its server; others are refusals. */
interface SubscribeAnswer {
  result?: boolean;
  returnCode?: string;
  message?: string;
}

export const kuaidi100Adapter: TrackingAdapter = {
  name: 'KUAIDI100',

  enabled: () => loadKuaidi100Config() !== undefined,

  async subscribe({ carrier, trackingNumber, salt, destination, phone }) {
    const c = config();
    if (!carrier.trackingCompanyCode) return { status: 'REFUSED', reason: `carrier ${carrier.code} has no 快递100 company code` };
    const param: SubscribeParam = {
      company: carrier.trackingCompanyCode,
      number: trackingNumber,
      key: c.key,
      ...(destination ? { to: destination } : {}),
      parameters: { callbackurl: c.callbackUrl, salt, resultv2: '1', ...(phone ? { phone } : {}) },
    };
    let response: Response;
    try {
      response = await fetch(c.pollUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams({ schema: 'json', param: JSON.stringify(param) }).toString(),
        signal: AbortSignal.timeout(c.timeoutMs),
      });
    } catch (error) {
      throw new Kuaidi100Error(`subscribe: ${(error as Error).name === 'TimeoutError' ? 'timed out' : 'network error'}`, true);
    }
    if (response.status >= 500) throw new Kuaidi100Error(`subscribe: HTTP ${response.status}`, true);
    const answer = (await response.json().catch(() => ({}))) as SubscribeAnswer;
    const code = String(answer.returnCode ?? '');
    if (code === '200' || code === '501') return { status: 'SUBSCRIBED' };
    if (code === '500') throw new Kuaidi100Error(`subscribe: ${code} ${answer.message ?? ''}`.trim(), true);
    return { status: 'REFUSED', reason: `${code || `HTTP ${response.status}`} ${answer.message ?? ''}`.trim() };
  },

  readPush({ rawBody }, salt) {
    const { param, sign, push } = readPushForm(rawBody);
    if (!verifyPushSign(param, salt, sign)) return { verdict: 'BAD_SIGNATURE', problem: 'sign is not MD5(param + salt)' };
    const events = push && eventsOfPush(push);
    if (!events) return { verdict: 'UNREADABLE', problem: 'no lastResult with a number and data' };
    return { verdict: 'VALID', events, monitor: push.status === 'shutdown' || push.status === 'abort' ? 'ENDED' : 'POLLING' };
  },

  /** 快递100 reads `result`; anything but true is delivered again (its retries are spaced out, then given up). */
  answer({ ok, status, message }) {
    return { status, body: { result: ok, returnCode: ok ? '200' : String(status), message: ok ? '成功' : message } };
  },

  mapState: kuaidi100State,
};
